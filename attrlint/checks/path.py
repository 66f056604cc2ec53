"""Path checks: no such path, attributes sent to the participant itself, removed or missing
endpoints, unfilled placeholders and non-UUIDs in ID slots, and hosts that are not the API."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from attrlint.checks import GENERIC_ATTRIBUTES, PARTICIPANT_MODEL, Context, Problem, check
from attrlint.checks.shapes import ATTRIBUTE_LIKE_KEYS, has_attribute_intent, merged_attributes, string_map
from attrlint.fixes import body_json, corrected_request, fill_template, request_line, target
from attrlint.knowledge import RemovedOperation, is_uuid
from attrlint.lazyre import lazy_re
from attrlint.model import Position, Request, Span
from attrlint.rules import Rule
from attrlint.sources.positions import pointer
from attrlint.unknown import has_unknown

API_PREFIX = "/api/v2/"
UNRESOLVED_BASE_URL = "PRS006"
BARE_BODY = "body"  # the origin format of a body checked against a given URL
_PLACEHOLDER = lazy_re(r"\{[^/]*\}|\$\{[^/]*\}|\$[A-Za-z_]\w*|:[A-Za-z_]\w*|<[^/]*>|%7B[^/]*%7D|\{\{[^/]*\}\}", re.I)
_EMPTY_VALUES = frozenset({"undefined", "null", "none", "nan", "nil"})
_MEDIA_PATH = lazy_re(r"/api/v2/conversations/([^/]+)/[^/]+/participants/[^/]+(?:/attributes)?/?")


@cache
def _template_regex(template: str) -> re.Pattern[str]:
    pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template))
    return lazy_re(pattern + "/?")


def removed_operation(ctx: Context) -> RemovedOperation | None:
    """The overlay's removed operation this request is sent to, if any: where the path is gone
    altogether (the chats family) under any method, where it keeps other methods (journey action
    targets keep GET) only under the removed one."""
    method = ctx.request.method
    for entry in ctx.knowledge.removed:
        if not _template_regex(entry.path).fullmatch(ctx.request.path):
            continue
        if not ctx.matches or method is None or method == entry.method:
            return entry
    return None


def _no_attributes_media(ctx: Context) -> str | None:
    match = _MEDIA_PATH.fullmatch(ctx.request.path)
    if match and match.group(1) in ctx.knowledge.no_attributes_media:
        return match.group(1)
    return None


def _suggested_method(method: str | None, allowed: list[str]) -> str:
    if method in allowed:
        return method
    return "PATCH" if "PATCH" in allowed else allowed[0]


def _with_synonyms(ctx: Context, path: str) -> str:
    synonyms = ctx.knowledge.synonyms
    return "/".join(synonyms.get(segment.lower(), segment) for segment in path.split("/"))


def _candidates(ctx: Context) -> list[str]:
    """Real templates for an unknown path, best first: fixed versions of known mistakes, then
    the catalog's nearest; attributes templates first when the body carries attributes."""
    catalog = ctx.catalog
    path = ctx.request.path
    ordered: list[str] = []
    for guess in (_with_synonyms(ctx, path), re.sub(r"^/api/v\d+/", API_PREFIX, path), API_PREFIX.rstrip("/") + path):
        for match in catalog.match(guess)[:1]:
            ordered.append(match.template)
    ordered += catalog.nearest(path, ctx.request.method, limit=3)
    if has_attribute_intent(ctx.body_object):
        attributes_first = [t + "/attributes" for t in ordered if catalog.match(t + "/attributes")]
        ordered = attributes_first + ordered
        ordered.sort(key=lambda t: not t.endswith("/attributes"))
    unique = list(dict.fromkeys(ordered))
    return unique[:3]


def _explain_words(ctx: Context) -> str:
    words = [s for s in ctx.request.path.split("/") if s.lower() in ctx.knowledge.synonyms]
    notes = [f"'{w}' is not a segment of the API, which says '{ctx.knowledge.synonyms[w.lower()]}'" for w in words]
    if re.match(r"/api/v(?!2/)\d+/", ctx.request.path):
        notes.append("the Platform API version is /api/v2")
    return "; ".join(notes)


@check("unknown_path")
def unknown_path(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """No operation in the catalog has this path, under any method."""
    request = ctx.request
    if not ctx.is_api_call or ctx.matches or removed_operation(ctx) or _no_attributes_media(ctx):
        return
    if ctx.path_unknown:
        return  # a segment filled in at send time may make it any path
    if not request.path.strip("/") and any(note.code == UNRESOLVED_BASE_URL for note in request.notes):
        return  # the whole URL was one unresolved variable; PRS006 already says nothing was checked
    candidates = _candidates(ctx)
    detail = _explain_words(ctx)
    message = f"no API operation has the path {request.path}" + (f": {detail}" if detail else "")
    if not candidates:
        yield Problem(
            message=message,
            fix="No real path is close to this one: look the operation up in the Platform API reference (developer.genesys.cloud).",
            anchor="url",
        )
        return
    best = candidates[0]
    best_match = ctx.catalog.match(best)[0]
    method = _suggested_method(request.method, sorted(best_match.operations))
    body = None
    if best.endswith("/attributes") and has_attribute_intent(ctx.body_object):
        fixed = {"attributes": string_map(merged_attributes(ctx.body_object))}
        body = fixed if fixed != ctx.body_object else None
    # When the best path is an attributes endpoint it is the answer; other paths only distract.
    alternatives = [] if best.endswith("/attributes") else candidates[1:]
    others = "; ".join(
        request_line(request, _suggested_method(request.method, sorted(ctx.catalog.match(t)[0].operations)), t)
        for t in alternatives
    )
    fix = f"Use {corrected_request(request, method, fill_template(best, request.path), body)}"
    if others:
        fix += f". Other close paths: {others}"
    yield Problem(message=message, fix=fix, anchor="url")


@check("attributes_to_participant")
def attributes_to_participant(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """Attributes sent to `.../participants/{participantId}` instead of `.../attributes`."""
    match = ctx.path_match
    body = ctx.body_object
    if match is None or ctx.intended_model != PARTICIPANT_MODEL or body is None:
        return
    keys = [k for k in ATTRIBUTE_LIKE_KEYS if k in body]
    if not keys or not match.template.endswith("/participants/{participantId}"):
        return
    template = match.template
    path = fill_template(template, ctx.request.path, dict(match.params))
    fixed = {"attributes": string_map(merged_attributes(body)) or {"key": "value"}}
    fix = f"Send {corrected_request(ctx.request, 'PATCH', path + '/attributes', fixed)}"
    rest = {key: value for key, value in body.items() if key not in keys}
    if rest:  # state, held, wrapup... stay with the participant PATCH
        fix += f"; send {body_json(rest)} to {request_line(ctx.request, 'PATCH', path)} as before"
    yield Problem(
        message=(
            f"'{keys[0]}' sent to {template}, whose body ({PARTICIPANT_MODEL}) has no attributes; "
            "participant attributes have their own endpoint ending in /attributes"
        ),
        fix=fix,
        pointer=pointer(keys[0]),
        covers=tuple(pointer(k) for k in keys),
    )


@check("media_without_attributes")
def media_without_attributes(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """Attributes for screenshares, socials or videos, which have no attributes endpoint."""
    media = _no_attributes_media(ctx)
    if media is None or ctx.matches:
        return
    path = fill_template(GENERIC_ATTRIBUTES, ctx.request.path)
    yield Problem(
        message=f"there is no participant attributes endpoint for '{media}' conversations",
        fix=f"Use the media-independent endpoint: {corrected_request(ctx.request, 'PATCH', path)}",
        anchor="url",
    )


@check("removed_endpoint")
def removed_endpoint(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """An endpoint the pinned SDK no longer has (the chats family, journey action targets)."""
    entry = removed_operation(ctx)
    if entry is None or not ctx.request.target_known:
        return
    yield Problem(
        message=(
            f"{entry.method} {entry.path} was deprecated in {entry.deprecated_in} and is absent "
            f"from {entry.absent_from} ({entry.retirement}: {entry.notice})"
        ),
        fix=_removed_fix(ctx, entry),
        anchor="url",
    )


def _removed_fix(ctx: Context, entry: RemovedOperation) -> str:
    """The request to send instead of a removed one, or what is left on its path."""
    if entry.replacement is None:
        left = sorted(ctx.path_match.operations) if ctx.path_match else []
        still = f"; the path keeps {', '.join(left)}" if left else ""
        return f"No replacement is documented: drop this {entry.method} request{still}."
    path = fill_template(entry.replacement, ctx.request.path)
    if entry.path.endswith("/attributes"):
        generic = request_line(ctx.request, "PATCH", fill_template(GENERIC_ATTRIBUTES, ctx.request.path))
        return (
            f"Web chats are now web messaging conversations: {corrected_request(ctx.request, entry.method, path)}, "
            f"or the media-independent {generic}"
        )
    return f"Use {corrected_request(ctx.request, entry.method, path)}"


def placeholder_kind(segment: str, slot: str | None, id_names: frozenset[str] = frozenset()) -> str | None:
    """Why a path segment is an unfilled placeholder, or None when it looks like a value.

    `slot` is the template parameter the segment fills (when the path matched); `id_names` are
    parameter names that, standing alone as a segment, can only be a placeholder's name.
    """
    if segment.startswith("{{") and segment.endswith("}}"):
        return f"'{segment}' is an unresolved variable"
    if _PLACEHOLDER.fullmatch(segment):
        return f"'{segment}' is template syntax"
    if segment.lower() in _EMPTY_VALUES:
        return f"'{segment}' is what a missing variable prints"
    names = {slot.lower(), slot.lower().removesuffix("id")} if slot else {n.lower() for n in id_names}
    if segment.lower() in names:
        return f"'{segment}' is a placeholder's name (curl's URL globbing strips the braces of {{{segment}}})"
    return None


def segment_span(request: Request, segment: str) -> Span | None:
    """The span of one path segment (as written, braces included) inside the URL's span."""
    span = request.spans.get("url")
    if span is None or span.start.line != span.end.line:
        return None
    written = request.origin.source.line_text(span.start.line)[span.start.column - 1 : span.end.column - 1]
    for text in ("{" + segment + "}", segment):
        at = written.find("/" + text)
        if at >= 0:
            start = Position(span.start.line, span.start.column + at + 1)
            return Span(start, Position(start.line, start.column + len(text)))
    return None


@check("placeholder_in_path")
def placeholder_in_path(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """A path segment that is an unfilled template placeholder or a missing variable."""
    if not ctx.request.target_known or ctx.request.origin.format == BARE_BODY:
        return  # a bare body's --url or payloads URL only names the operation: a template is fine
    slots: dict[str, str] = {}
    if ctx.path_match is not None:
        slots = {value: name for name, value in dict(ctx.path_match.params).items()}
    id_names = frozenset() if ctx.path_match is not None else ctx.knowledge.uuid_params
    for segment in ctx.request.path.split("/"):
        if not segment or is_uuid(segment) or has_unknown(segment):  # a UUID is never a placeholder
            continue
        slot = slots.get(segment)
        kind = placeholder_kind(segment, slot, id_names)
        if kind is None:
            continue
        where = f"in the {{{slot}}} slot" if slot else "in the path"
        yield Problem(
            message=f"unfilled placeholder {where}: {kind}",
            fix=f"Substitute the real {slot or 'ID'} value before sending (IDs are UUIDs, e.g. from the conversation event or GET /api/v2/conversations).",
            anchor="url",
            span=segment_span(ctx.request, segment),
        )


@check("id_not_uuid")
def id_not_uuid(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """An ID slot holding something that is not a UUID (a word, a truncated ID...)."""
    match = ctx.path_match
    if match is None or ctx.request.origin.format == BARE_BODY:
        return
    for name, value in dict(match.params).items():
        if (
            name not in ctx.knowledge.uuid_params
            or is_uuid(value)
            or has_unknown(value)
            or placeholder_kind(value, name)
        ):
            continue
        word = value.lower()
        media = ctx.knowledge.synonyms.get(word) or (word if word in _ATTRIBUTE_MEDIA else None)
        message = f"{{{name}}} holds '{value}', which is not a UUID"
        fix = "Put the entity's UUID in this slot."
        if media is not None and match.template.startswith("/api/v2/conversations/{conversationId}/"):
            fixed = fill_template(
                match.template.replace("/conversations/", f"/conversations/{media}/", 1), ctx.request.path
            )
            said = f"'{value}' is not a path segment (the API says '{media}')" if word != media else "the ID is missing"
            message += f": the path was read as {match.template} with '{value}' as the ID; {said}"
            fix = f"Send {request_line(ctx.request, ctx.request.method or 'PATCH', fixed)}"
        elif word.isalpha():
            message += f": the path was read as {match.template} with the word '{value}' as the ID"
        yield Problem(message=message, fix=fix, anchor="url")


_ATTRIBUTE_MEDIA = frozenset({"calls", "callbacks", "emails", "messages", "cobrowsesessions"})


@check("wrong_host")
def wrong_host(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """A host that is not one of the 18 Genesys Cloud API hosts, for an API or token call."""
    request = ctx.request
    host = request.host
    if host is None or not request.target_known or has_unknown(host):
        return
    knowledge = ctx.knowledge
    domain = knowledge.genesys_domain_of(host)
    if ctx.is_token_request:
        if domain is not None and host != "login." + domain:
            yield Problem(
                message=f"OAuth tokens are issued by login.{domain}, not {host}",
                fix=f"POST https://login.{domain}/oauth/token",
                anchor="url",
            )
        return
    if not request.path.startswith("/api/"):
        return
    if domain is not None and host != "api." + domain:
        role = "the OAuth token host" if host == "login." + domain else "not the API host"
        yield Problem(
            message=f"{host} is {role}; Platform API calls go to api.{domain}",
            fix=f"Send it to {target(request, request.path).replace(host, 'api.' + domain, 1)}",
            anchor="url",
        )
    elif domain is None and host not in ctx.options.hosts and _looks_genesys(host, knowledge.lookalike_hosts):
        yield Problem(
            message=f"{host} is not a Genesys Cloud API host (none of the 18 api.<region domain> hosts)",
            fix="Use your org's region host, e.g. api.mypurecloud.com (us-east-1), api.mypurecloud.ie, api.usw2.pure.cloud; a gateway host can be declared with --host.",
            anchor="url",
        )


def _looks_genesys(host: str, lookalikes: tuple[str, ...]) -> bool:
    if any(host == name or host.endswith("." + name) for name in lookalikes):
        return True
    # Under a Genesys domain family but no real region (api.xyz.pure.cloud, api.mypurecloud.co.uk);
    # any other name may be a gateway's, and is not judged.
    return re.search(r"(^|\.)(pure\.cloud|us-gov-pure\.cloud|eusc-pure\.cloud)$|(^|\.)mypurecloud\.", host) is not None
