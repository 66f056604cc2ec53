"""Render the corrected request a fix shows: request line, body, or a whole curl command.

Fixes never repeat a credential: a corrected curl carries `$TOKEN`, never the user's token.
"""

from __future__ import annotations

import json
import re
from typing import Any

from attrlint.lazyre import lazy_re
from attrlint.model import Request

_PLACEHOLDER = lazy_re(r"\{[^/{}]+\}")
_VALUE_SEGMENT = lazy_re(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r"|\$?\{[^/{}]*\}|:[A-Za-z_]\w*|<[^/<>]+>"
)


def body_json(value: Any) -> str:
    """A body as compact one-line JSON."""
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def fill_template(template: str, user_path: str, params: dict[str, str] | None = None) -> str:
    """A template with the user's own ID values put into its placeholders.

    Values come from `params` by name when given, else from the user's ID-like segments (UUIDs
    or placeholders) in order; placeholders with no value stay as `{name}`.
    """
    values = [s for s in user_path.split("/") if _VALUE_SEGMENT.fullmatch(s)]
    by_name = dict(params or {})
    names = [m.group()[1:-1] for m in _PLACEHOLDER.finditer(template)]
    for name in names:
        if name in by_name:
            continue
        named = next((v for v in values if _names_slot(v, name)), None)
        if named is not None:
            by_name[name] = named
            values.remove(named)
    for name in names:
        if name not in by_name and values:
            by_name[name] = values.pop(0)
    return _PLACEHOLDER.sub(lambda m: by_name.get(m.group()[1:-1], m.group()), template)


def _names_slot(segment: str, slot: str) -> bool:
    """True when a placeholder segment (`${convId}`, `:participantId`) names the slot `slot`."""
    word = re.sub(r"[^a-z]", "", segment.lower()).removesuffix("id")
    return len(word) >= 3 and slot.lower().startswith(word)


def target(request: Request, path: str) -> str:
    """The URL to show for `path`: with the request's scheme and host when it had one."""
    if request.host:
        return f"{request.scheme or 'https'}://{request.host}{path}"
    return path


def request_line(request: Request, method: str, path: str) -> str:
    """`METHOD url` for the corrected request."""
    return f"{method} {target(request, path)}"


def curl_command(request: Request, method: str, path: str, body: Any = None) -> str:
    """A complete corrected curl command (token as `$TOKEN`)."""
    parts = [f"curl -X {method} '{target(request, path)}'", '-H "Authorization: Bearer $TOKEN"']
    data = body if body is not None else (request.body if request.body_ok else None)
    if data is not None:
        text = json.dumps(data, ensure_ascii=False).replace("'", "'\\''")
        parts += ["-H 'Content-Type: application/json'", f"--data-raw '{text}'"]
    return " ".join(parts)


def corrected_request(request: Request, method: str, path: str, body: Any = None) -> str:
    """The corrected request in the user's own form: a curl line for curl input, else the
    request line (and body when it changes)."""
    if request.origin.format == "curl":
        return curl_command(request, method, path, body)
    line = request_line(request, method, path)
    return f"{line} with body {body_json(body)}" if body is not None else line
