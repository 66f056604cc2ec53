"""Hide credentials in source lines before a reporter shows them.

Findings' own texts are scrubbed by the engine with the request's actual secret values; source
lines shown as context are redacted here by shape, since they may hold credentials of any
request in the file. When in doubt this hides too much rather than too little.
"""

from __future__ import annotations

import re

from attrlint.lazyre import lazy_re

_SCHEMES = ("bearer ", "basic ", "digest ", "token ", "negotiate ")
_AUTHORIZATION = lazy_re(r"(?P<q>[\"'`]?)(?:proxy-)?authorization[\"']?\s*[:=]\s*(?P<vq>[\"'`]?)", re.I)
# Each pattern with words one of which any match holds (lower case): a line without them is not
# searched (the reporters show a line per finding, and HAR lines are long).
_PATTERNS = (
    (
        lazy_re(
            r"((?:cookie|set-cookie|x-api-key|x-auth-token|api-key|apikey)[\"']?\s*[:=]\s*[\"'`]?)[^\"'`\n]+", re.I
        ),
        r"\1***",
        ("cookie", "api-key", "apikey", "x-auth-token"),
    ),
    (
        lazy_re(r"((?:^|\s)(?:-u|--user|--proxy-user|--oauth2-bearer)[\s=]*[\"']?)[^\s\"']+", re.I),
        r"\1***",
        ("-u", "--oauth2-bearer"),
    ),
    (lazy_re(r"((?:^|\s)(?:-b|--cookie)\s+[\"']?)[^\s\"']*=[^\"'\n]*", re.I), r"\1***", ("-b", "--cookie")),
    (lazy_re(r"(//)[^/\s@'\"]+@"), r"\1***@", ("@",)),
    (
        lazy_re(
            r"((?:client[_-]?secret|password|passwd|access[_-]?token|refresh[_-]?token|id[_-]?token|assertion|"
            r"api[_-]?key)[\"']?\s*[:=]\s*[\"']?)[^&\s\"',}]+",
            re.I,
        ),
        r"\1***",
        ("secret", "passw", "token", "assertion", "key"),
    ),
    (lazy_re(r"((?:^|[?&\s'\"])code=)[^&\s\"']+", re.I), r"\1***", ("code=",)),
)


def redact_line(text: str) -> str:
    """`text` with anything shaped like a credential replaced by `***`."""
    # Outside ASCII, case-blind matching knows equivalences lower() does not: try every pattern.
    words = text.lower() if text.isascii() else None
    if words is None or "authorization" in words:
        text = _hide_authorization(text)
        words = text.lower() if words is not None else None
    for pattern, replacement, triggers in _PATTERNS:
        if words is None or any(trigger in words for trigger in triggers):
            redacted = pattern.sub(replacement, text)
            if redacted != text:
                text = redacted
                words = text.lower() if words is not None else None
    return text


def _hide_authorization(line: str) -> str:
    """Replace an Authorization value (all of it, up to its closing quote or the end of the
    line) by `***`, keeping only a leading scheme word such as `Bearer`."""
    parts: list[str] = []
    position = 0
    for match in _AUTHORIZATION.finditer(line):
        if match.start() < position:
            continue
        start = match.end()
        closer = match.group("vq") or match.group("q")
        end = line.find(closer, start) if closer else -1
        if end < 0:
            end = len(line.rstrip(" \\"))
        value = line[start:end]
        scheme = value[: value.index(" ") + 1] if value.lower().startswith(_SCHEMES) else ""
        parts.append(line[position:start] + scheme + "***")
        position = end
    parts.append(line[position:])
    return "".join(parts)
