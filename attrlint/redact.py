"""Hide credentials in source lines before a reporter shows them.

Findings' own texts are scrubbed by the engine with the request's actual secret values; source
lines shown as context are redacted here by shape, since they may hold credentials of any
request in the file.
"""

from __future__ import annotations

import re

from attrlint.lazyre import lazy_re

_PATTERNS = (
    # Authorization / Proxy-Authorization: keep the scheme, hide the credential.
    (
        lazy_re(
            r"((?:proxy-)?authorization[\"']?\s*[:=]\s*[\"'`]?\s*(?:bearer|basic|digest|token)?\s*)[^\s\"'`,;]+", re.I
        ),
        r"\1***",
    ),
    (lazy_re(r"((?:cookie|x-api-key|x-auth-token)[\"']?\s*[:=]\s*[\"'`]?)[^\"'`\n]+", re.I), r"\1***"),
    (lazy_re(r"((?:^|\s)(?:-u|--user)\s*[\"']?)[^\s\"':]*:[^\s\"']+", re.I), r"\1***"),
    (lazy_re(r"((?:^|\s)(?:-b|--cookie)\s+[\"']?)[^\s\"']*=[^\"'\n]*", re.I), r"\1***"),
    (
        lazy_re(
            r"((?:client_secret|password|access_token|refresh_token|assertion)[\"']?\s*[:=]\s*[\"']?)[^&\s\"',}]+", re.I
        ),
        r"\1***",
    ),
)


def redact_line(text: str) -> str:
    """`text` with anything shaped like a credential replaced by `***`."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text
