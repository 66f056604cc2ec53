"""Render the corrected request a fix shows: request line, body, or a whole curl command.

Fixes never repeat a credential: a corrected curl carries `$TOKEN`, never the user's token.
A value the shell fills in (`$CONV_ID`) stays a variable the shell fills in: a curl word that
holds one is written in double quotes, and a URL that keeps a `{placeholder}` gets `-g`, so
that the line pasted into bash sends the corrected request.
"""

from __future__ import annotations

import json
import re
from typing import Any

from attrlint.knowledge import UUID_PATTERN
from attrlint.lazyre import lazy_re
from attrlint.model import Request
from attrlint.unknown import MARKS, Unknown

_PLACEHOLDER = lazy_re(r"\{[^/{}]+\}")
_VALUE_SEGMENT = lazy_re(UUID_PATTERN + r"|\$?\{[^/{}]*\}|:[A-Za-z_]\w*|<[^/<>]+>")


_PLAIN_VARIABLE = lazy_re(r"\$[A-Za-z_]\w*")
_NAME_CHAR = lazy_re(r"\w")
_ONE_LINE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))  # json.dumps would build one per call


def body_json(value: Any) -> str:
    """A body as compact one-line JSON."""
    return _ONE_LINE.encode(value)


def fill_template(template: str, user_path: str, params: dict[str, str] | None = None) -> str:
    """A template with the user's own ID values put into its placeholders.

    Values come from `params` by name when given; else a placeholder segment of the user's that
    names the slot (`${convId}` -> `{conversationId}`); else the user's value that follows the
    same literal segment as the slot does in the template (`participants/<id>`), words the API
    spells differently (`voice` for `calls`) counted as that literal. A slot with no such value
    stays `{name}`: a guess would put an ID in the wrong place.
    """
    from attrlint.knowledge import Knowledge

    synonyms = Knowledge.load().synonyms
    mine = user_path.split("/")
    words = [synonyms.get(segment.lower(), segment.lower()) for segment in mine]
    template_segments = template.split("/")
    literals = {segment for segment in template_segments if not _PLACEHOLDER.fullmatch(segment)}
    by_name = dict(params or {})
    used: set[int] = set()
    slots = [
        (index, segment[1:-1]) for index, segment in enumerate(template_segments) if _PLACEHOLDER.fullmatch(segment)
    ]
    for _, name in slots:  # placeholders that name their slot first, wherever they stand
        named = next(
            (i for i, s in enumerate(mine) if i not in used and _VALUE_SEGMENT.fullmatch(s) and _names_slot(s, name)),
            None,
        )
        if name not in by_name and named is not None:
            by_name[name] = mine[named]
            used.add(named)
    skippable = (set(synonyms) | set(synonyms.values())) - literals
    for index, name in slots:
        if name in by_name or index == 0:
            continue
        found = _after_literal(template_segments[index - 1], mine, words, literals, skippable, used)
        if found is not None:
            by_name[name] = mine[found]
            used.add(found)
    return _PLACEHOLDER.sub(lambda m: by_name.get(m.group()[1:-1], m.group()), template)


def _after_literal(
    literal: str, mine: list[str], words: list[str], literals: set[str], skippable: set[str], used: set[int]
) -> int | None:
    """The index of the user's value that follows `literal`, skipping one media word the
    template does not have (`voice` in `conversations/voice/<id>` for `conversations/{id}`)."""
    for position, word in enumerate(words):
        if word != literal.lower():
            continue
        for candidate in (position + 1, position + 2):
            if candidate >= len(mine) or candidate in used or not mine[candidate]:
                break
            if words[candidate] in skippable or mine[candidate].lower() in skippable:
                continue
            if words[candidate] in literals:
                break
            return candidate
    return None


def _names_slot(segment: str, slot: str) -> bool:
    """True when a placeholder segment (`${convId}`, `:participantId`) names the slot `slot`."""
    word = re.sub(r"[^a-z]", "", segment.lower()).removesuffix("id")
    return len(word) >= 3 and slot.lower().startswith(word)


def target(request: Request, path: str) -> str:
    """The URL to show for `path`: with the request's scheme, host and port when it had them
    (never its user:password)."""
    if request.host:
        authority = request.url.partition("://")[2].split("/", 1)[0].split("?", 1)[0].rpartition("@")[2]
        return f"{request.scheme or 'https'}://{authority or request.host}{path}"
    return path


def request_line(request: Request, method: str, path: str) -> str:
    """`METHOD url` for the corrected request."""
    return f"{method} {target(request, path)}"


def shell_word(text: str, unknowns: tuple[Unknown, ...] = ()) -> str:
    """`text` as one bash word: in single quotes, or in double quotes when it holds values the
    shell fills in (marks of `unknowns`), which are written back as the input wrote them (a
    bare one in a JSON text without the quotes a JSON encoder gave it)."""
    if MARKS.search(text) is None:
        return "'" + text.replace("'", "'\\''") + "'"
    table = {u.mark: u for u in unknowns}
    for unknown in unknowns:
        if unknown.bare:
            text = text.replace(f'"{unknown.mark}"', unknown.mark)
    out: list[str] = []
    last = 0
    for found in MARKS.finditer(text):
        out.append(_double_quoted(text[last : found.start()]))
        found_unknown = table.get(found.group())
        written = found_unknown.text if found_unknown is not None else ""
        if _PLAIN_VARIABLE.fullmatch(written) and _NAME_CHAR.match(text, found.end()):
            written = "${" + written[1:] + "}"  # `$A` before `y` would read as `$Ay`
        out.append(written)
        last = found.end()
    out.append(_double_quoted(text[last:]))
    return '"' + "".join(out) + '"'


def _double_quoted(text: str) -> str:
    """Literal text escaped for the inside of a bash double-quoted word."""
    return re.sub(r'([\\"$`])', r"\\\1", text)


def curl_command(request: Request, method: str, path: str, body: Any = None) -> str:
    """A complete corrected curl command (token as `$TOKEN`)."""
    url = target(request, path)
    globoff = "-g " if re.search(r"[{}\[\]]", url) else ""
    parts = [f"curl {globoff}-X {method} {shell_word(url, request.unknowns)}", '-H "Authorization: Bearer $TOKEN"']
    data = body if body is not None else (request.body if request.body_ok else None)
    if data is not None:
        text = json.dumps(data, ensure_ascii=False)
        parts += ["-H 'Content-Type: application/json'", f"--data-raw {shell_word(text, request.unknowns)}"]
    return " ".join(parts)


def corrected_request(request: Request, method: str, path: str, body: Any = None) -> str:
    """The corrected request in the user's own form: a curl line for curl input, else the
    request line (and body when it changes)."""
    if request.origin.format == "curl":
        return curl_command(request, method, path, body)
    line = request_line(request, method, path)
    return f"{line} with body {body_json(body)}" if body is not None else line
