"""Read curl command lines into `Request` objects, the way curl 7.88 would send them.

A file may hold many commands among other shell lines. Each is found by its `curl` word,
split into words by a shell-like lexer that keeps every character's source offset (so a JSON
body's keys can be located in the file), read with a declarative option table, and turned into
one request per URL. Bash is the default dialect; a command whose first line ends in `^` is
read as Windows cmd, one ending in a backtick as PowerShell.

The shell's side (quoting, continuations, dialects) is `attrlint.sources.shell`; curl's URL
globbing is `attrlint.sources.curl_glob`. Notes: PRS002 unknown option, PRS003 body file unreadable, PRS004 URL globbing changed or
rejects the URL, PRS005 an option whose effect is not modelled (cookie file, -F, -T, ...).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote, urlsplit, urlunsplit

from attrlint.lazyre import lazy_re
from attrlint.model import OffsetMap, Origin, ReaderNote, ReadFailure, Request, SourceText, Span
from attrlint.sources.common import make_request
from attrlint.sources.curl_glob import glob, glob_note
from attrlint.sources.shell import Lexer, LexError, Piece, Word, dialect_at
from attrlint.unknown import Marks

# `curl` at a line start (after an optional `$ ` or `PS C:\> ` prompt) or after a shell
# operator, followed by something that looks like an option or a URL, not by prose.
_START = lazy_re(
    r"(?:^|(?<=[;&|(]))[ \t]*(?:\$[ \t]+|PS [^>\n]*>[ \t]*|[A-Za-z]:\\[^>\n]*>[ \t]*)?"
    r"(curl(?:\.exe)?)"
    r"(?=[ \t]+(?:[\\^`]\r?\n[ \t]*)?(?:-|['\"$]|[^\s'\"]*[./:]))",
    re.MULTILINE,
)
_NON_ASCII = lazy_re(r"[^\x00-\x7f\ue000-\uf8ff\U000f0000-\U000ffffd]+")  # marks (unknowns) stay
_FORM_TYPE = "application/x-www-form-urlencoded"


class _Option(NamedTuple):
    """One curl option: long name, short letter, whether it takes a value, what it does."""

    long: str
    short: str | None
    takes_value: bool
    action: str


# Options that shape the request. `action` is a `_Segment` field to set (`_FLAGS`, `_SETTERS`)
# or the name of a branch in `_Parser._apply`.
_MODELLED = (
    _Option("request", "X", True, "method"),
    _Option("header", "H", True, "header"),
    _Option("data", "d", True, "data"),
    _Option("data-ascii", None, True, "data"),
    _Option("data-raw", None, True, "data-raw"),
    _Option("data-binary", None, True, "data-binary"),
    _Option("data-urlencode", None, True, "data-urlencode"),
    _Option("json", None, True, "json"),
    _Option("get", "G", False, "get"),
    _Option("head", "I", False, "head"),
    _Option("globoff", "g", False, "globoff"),
    _Option("path-as-is", None, False, "path_as_is"),
    _Option("user", "u", True, "user"),
    _Option("oauth2-bearer", None, True, "bearer"),
    _Option("cookie", "b", True, "cookie"),
    _Option("user-agent", "A", True, "user_agent"),
    _Option("referer", "e", True, "referer"),
    _Option("url", None, True, "url"),
    _Option("url-query", None, True, "url-query"),
    _Option("form", "F", True, "form"),
    _Option("form-string", None, True, "form"),
    _Option("upload-file", "T", True, "upload"),
    _Option("next", ":", False, "next"),
    _Option("config", "K", True, "unmodelled"),
    _Option("request-target", None, True, "unmodelled"),
)

# Every other curl 7.88 option (from `curl --help all`), which does not change what the API
# sees; `X:name` gives the short letter. Knowing them all tells a typo from a real option.
_IGNORED_WITH_VALUE = """
    abstract-unix-socket alt-svc aws-sigv4 cacert capath E:cert cert-type ciphers
    connect-timeout connect-to C:continue-at c:cookie-jar create-file-mode crlfile curves
    delegation dns-interface dns-ipv4-addr dns-ipv6-addr dns-servers doh-url D:dump-header
    egd-file engine etag-compare etag-save expect100-timeout ftp-account
    ftp-alternative-to-user ftp-method P:ftp-port ftp-ssl-ccc-mode happy-eyeballs-timeout-ms
    hostpubmd5 hostpubsha256 hsts interface keepalive-time key key-type krb libcurl
    limit-rate local-port login-options mail-auth mail-from mail-rcpt max-filesize max-redirs
    m:max-time netrc-file noproxy o:output output-dir parallel-max pass pinnedpubkey proto
    proto-default proto-redir preproxy x:proxy proxy-cacert proxy-capath proxy-cert
    proxy-cert-type proxy-ciphers proxy-crlfile proxy-header proxy-key proxy-key-type
    proxy-pass proxy-pinnedpubkey proxy-service-name proxy-tls13-ciphers proxy-tlsauthtype
    proxy-tlspassword proxy-tlsuser U:proxy-user proxy1.0 pubkey Q:quote random-file r:range
    rate resolve retry retry-delay retry-max-time sasl-authzid service-name socks4 socks4a
    socks5 socks5-gssapi-service socks5-hostname Y:speed-limit y:speed-time stderr
    t:telnet-option tftp-blksize z:time-cond tls-max tls13-ciphers tlsauthtype tlspassword
    tlsuser trace trace-ascii unix-socket w:write-out
"""
_IGNORED_FLAGS = """
    anyauth a:append basic cert-status compressed compressed-ssh create-dirs crlf digest
    q:disable disable-eprt disable-epsv disallow-username-in-url doh-cert-status doh-insecure
    f:fail fail-early fail-with-body false-start form-escape ftp-create-dirs ftp-pasv ftp-pret
    ftp-skip-pasv-ip ftp-ssl-ccc ftp-ssl-control haproxy-protocol h:help http0.9 0:http1.0
    http1.1 http2 http2-prior-knowledge http3 http3-only ignore-content-length i:include
    k:insecure 4:ipv4 6:ipv6 j:junk-session-cookies l:list-only L:location location-trusted
    mail-rcpt-allowfails M:manual metalink negotiate n:netrc netrc-optional no-alpn
    N:no-buffer no-clobber no-keepalive no-npn no-progress-meter no-sessionid ntlm ntlm-wb
    Z:parallel parallel-immediate post301 post302 post303 #:progress-bar proxy-anyauth
    proxy-basic proxy-digest proxy-insecure proxy-negotiate proxy-ntlm proxy-ssl-allow-beast
    proxy-ssl-auto-client-cert proxy-tlsv1 p:proxytunnel raw J:remote-header-name
    O:remote-name remote-name-all R:remote-time remove-on-error retry-all-errors
    retry-connrefused sasl-ir S:show-error s:silent socks5-basic socks5-gssapi
    socks5-gssapi-nec ssl ssl-allow-beast ssl-auto-client-cert ssl-no-revoke ssl-reqd
    ssl-revoke-best-effort 2:sslv2 3:sslv3 styled-output suppress-connect-headers
    tcp-fastopen tcp-nodelay tftp-no-options 1:tlsv1 tlsv1.0 tlsv1.1 tlsv1.2 tlsv1.3
    tr-encoding trace-time B:use-ascii v:verbose V:version xattr
"""


def _ignored(spec: str, takes_value: bool) -> tuple[_Option, ...]:
    options = []
    for item in spec.split():
        short, _, long = item.rpartition(":")
        options.append(_Option(long, short or None, takes_value, "ignore"))
    return tuple(options)


_OPTIONS = _MODELLED + _ignored(_IGNORED_WITH_VALUE, True) + _ignored(_IGNORED_FLAGS, False)
_BY_LONG = {option.long: option for option in _OPTIONS}
_BY_SHORT = {option.short: option for option in _OPTIONS if option.short}
_FLAGS = frozenset({"get", "head", "globoff", "path_as_is"})
_SETTERS = frozenset({"method", "user", "bearer", "user_agent", "referer", "form", "upload"})


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 dot-segment removal, which curl applies unless --path-as-is is given."""
    segments = path.split("/")
    kept: list[str] = []
    for position, segment in enumerate(segments):
        last = position == len(segments) - 1
        if segment in (".", ".."):
            if segment == ".." and len(kept) > 1:
                kept.pop()
            if last:
                kept.append("")
            continue
        kept.append(segment)
    return "/".join(kept)


def _append_query(query: str, extra: str) -> str:
    """Append like curl's CURLU_APPENDQUERY: a `&` only when the query does not end in one."""
    if not query:
        return extra
    return query + extra if query.endswith("&") else f"{query}&{extra}"


# ---------------------------------------------------------------------------------------------
# Values


def _urlencode(text: str | bytes) -> str:
    """curl_easy_escape, then `%20` → `+` as --data-urlencode does."""
    return quote(text, safe="").replace("%20", "+")


def _encoded_piece(piece: Piece) -> Piece:
    """`piece` URL-encoded, each output character mapped to its input character's offset."""
    if piece.offsets is None:
        return Piece(_urlencode(piece.text), None)
    chars: list[str] = []
    offsets: list[int] = []
    for char, offset in zip(piece.text, piece.offsets, strict=True):
        encoded = _urlencode(char)
        chars.append(encoded)
        offsets.extend([offset] * len(encoded))
    return Piece("".join(chars), tuple(offsets))


def _join(pieces: Iterable[tuple[str, Piece]]) -> Piece:
    """Concatenate (separator, piece) pairs; a separator maps to its piece's first offset."""
    text: list[str] = []
    offsets: list[int] | None = []
    for separator, piece in pieces:
        if piece.offsets is None or offsets is None:
            offsets = None
        elif separator:
            anchor = piece.offsets[0] if piece.offsets else (offsets[-1] + 1 if offsets else 0)
            offsets.extend([anchor] * len(separator))
            offsets.extend(piece.offsets)
        else:
            offsets.extend(piece.offsets)
        text.append(separator + piece.text)
    return Piece("".join(text), None if offsets is None else tuple(offsets))


def _offset_map(piece: Piece, fallback: int) -> OffsetMap | None:
    """Compress per-character offsets into `OffsetMap` anchors (one per discontinuity)."""
    if piece.offsets is None:
        return None
    anchors: list[tuple[int, int]] = []
    previous = -2
    for inner, offset in enumerate(piece.offsets):
        if offset != previous + 1:
            anchors.append((inner, offset))
        previous = offset
    return OffsetMap(tuple(anchors)) if anchors else OffsetMap.verbatim(fallback)


class _Header(NamedTuple):
    """A -H value as curl reads it: `value` None means the header only removes curl's own."""

    name: str
    value: str | None
    word: Word


def _parse_header(word: Word) -> _Header | None:
    """curl's reading of `Name: value`, `Name:` (remove) and `Name;` (send empty)."""
    spec = word.text
    colon = spec.find(":")
    if colon < 0:
        semicolon = spec.find(";")
        if semicolon <= 0:
            return None
        sends_empty = semicolon == len(spec) - 1
        return _Header(spec[:semicolon].strip(), "" if sends_empty else None, word)
    if colon == 0:
        return None
    value = spec[colon + 1 :].strip(" \t")
    return _Header(spec[:colon].strip(), value or None, word)


# ---------------------------------------------------------------------------------------------
# Commands


@dataclass(slots=True)
class _Segment:
    """What one curl invocation (or one `--next` part of it) asks for, before it is built."""

    command: Word
    method: Word | None = None
    urls: list[Word] = field(default_factory=list)
    headers: list[_Header] = field(default_factory=list)
    data: list[tuple[str, Piece]] = field(default_factory=list)
    data_option: Word | None = None
    data_value: Word | None = None
    body_unreadable: bool = False
    json: Word | None = None
    get: bool = False
    head: bool = False
    globoff: bool = False
    path_as_is: bool = False
    user: Word | None = None
    bearer: Word | None = None
    cookies: list[Word] = field(default_factory=list)
    user_agent: Word | None = None
    referer: Word | None = None
    url_queries: list[str] = field(default_factory=list)
    form: Word | None = None
    upload: Word | None = None
    notes: list[ReaderNote] = field(default_factory=list)


class _Parser:
    """Reads one command's words with the option table and builds its requests."""

    def __init__(self, source: SourceText, index: int, base: Path, lexer: Lexer) -> None:
        self.source = source
        self.index = index
        self.base = base
        self.unknowns = lexer.marks.found()
        shell = lexer.dialect.name
        self.literal_notes = [self._literal_note(start, end, shell) for start, end in lexer.literal_variables]

    def _literal_note(self, start: int, end: int, shell: str) -> ReaderNote:
        """The PRS007 note for a `$VAR` the shell does not expand (it stands in single quotes)."""
        written = self.source.text[start:end]
        message = (
            f"'{written}' stands inside single quotes, where {shell} expands nothing: curl sends the text {written}"
        )
        if shell == "PowerShell":
            fix = f'Write the argument in double quotes so PowerShell fills it in: "...{written}..." (a " inside it is written `")'
        else:
            fix = (
                f"Close the single quotes around it so the shell fills it in: '...'\"{written}\"'...'"
                ' (or write the whole argument in double quotes, escaping its inner " as \\")'
            )
        return ReaderNote("PRS007", message, self.source.span(start, end), {"variable": written, "fix": fix})

    def _span(self, word: Word) -> Span:
        return self.source.span(word.start, word.end)

    def _note(self, segment: _Segment, code: str, message: str, word: Word, **args: str) -> None:
        segment.notes.append(ReaderNote(code, message, self._span(word), args))

    # -- options -----------------------------------------------------------------------------

    def segments(self, command: Word, words: list[Word]) -> list[_Segment]:
        """Apply every option to its segment; a new segment starts at each `--next`."""
        segments = [_Segment(command)]
        position = 0
        while position < len(words):
            word = words[position]
            position += 1
            segment = segments[-1]
            if word.text == "--":
                segment.urls.extend(words[position:])
                break
            if word.text.startswith("--"):
                found = self._long(segment, word)
                options = [(found[0], found[1], len(word.text))] if found else []
            elif word.text.startswith("-") and len(word.text) > 1:
                options = self._shorts(segment, word)
            else:
                segment.urls.append(word)
                continue
            for option, enabled, value_at in options:
                value = None
                if option.takes_value and value_at < len(word.text):
                    value = word.suffix(value_at)
                elif option.takes_value and position < len(words):
                    value, position = words[position], position + 1
                elif option.takes_value:
                    shown = _shown(option, word)
                    message = f"curl option '{shown}' has no value; ignored"
                    self._note(segment, "PRS005", message, word, option=shown)
                    continue
                if option.action == "next":
                    segments.append(_Segment(command))
                else:
                    self._apply(segment, option, enabled, word, value)
        return segments

    def _long(self, segment: _Segment, word: Word) -> tuple[_Option, bool] | None:
        """Look up `--name`, `--no-name` or an unambiguous prefix of a name, as curl does."""
        name, enabled = word.text[2:], True
        if name not in _BY_LONG and name.startswith("no-"):
            name, enabled = name[3:], False
        option = _BY_LONG.get(name)
        problem = "unknown"
        if option is None:
            hits = [known for long, known in _BY_LONG.items() if long.startswith(name)]
            option = hits[0] if len(hits) == 1 else None
            problem = "ambiguous" if len(hits) > 1 else problem
        if option is not None and (enabled or not option.takes_value):
            return option, enabled
        # curl has no `--name=value` form; never echo what follows `=` (it may be a secret).
        shown, equals, _ = word.text.partition("=")
        message = f"{problem} curl option '{shown}' ignored"
        if equals:
            message += " (curl takes the value as the next word, not after '=')"
        self._note(segment, "PRS002", message, word, option=shown)
        return None

    def _shorts(self, segment: _Segment, word: Word) -> list[tuple[_Option, bool, int]]:
        """Split `-sSL`, `-XPATCH`, `-sSd` into options; a value option takes the rest."""
        found: list[tuple[_Option, bool, int]] = []
        for position, letter in enumerate(word.text[1:], start=1):
            option = _BY_SHORT.get(letter)
            if option is None:
                message = f"unknown curl option '-{letter}' ignored"
                self._note(segment, "PRS002", message, word, option=f"-{letter}")
                break
            found.append((option, True, position + 1))
            if option.takes_value:
                break
        return found

    def _apply(self, segment: _Segment, option: _Option, enabled: bool, name: Word, value: Word | None) -> None:
        action = option.action
        if action in _FLAGS:
            setattr(segment, action, enabled)
            return
        if value is None or action == "ignore":
            return
        if action in _SETTERS:
            setattr(segment, action, value)
        elif action == "header":
            self._header(segment, value)
        elif action.startswith("data") or action == "json":
            self._data(segment, action, name, value)
        elif action == "cookie":
            self._cookie(segment, name, value)
        elif action == "url":
            segment.urls.append(value)
        elif action == "url-query":
            self._url_query(segment, value)
        shown = _shown(option, name)
        not_checked = {
            "form": "multipart form body (-F) is not checked",
            "upload": "uploaded file body (-T) is not checked",
            "unmodelled": f"curl option '{shown}' is not modelled; its effect is not checked",
        }.get(action)
        if not_checked:
            self._note(segment, "PRS005", not_checked, name, option=shown)

    def _header(self, segment: _Segment, value: Word) -> None:
        header = _parse_header(value)
        if value.text.startswith("@"):
            message = "headers read from a file (-H @file) are not checked"
            self._note(segment, "PRS005", message, value, option="-H")
        elif header is None:
            message = "a -H value without ':' is not sent by curl; ignored"
            self._note(segment, "PRS005", message, value, option="-H")
        else:
            segment.headers.append(header)

    def _cookie(self, segment: _Segment, name: Word, value: Word) -> None:
        if "=" in value.text:
            segment.cookies.append(value)
        else:
            message = "the cookie file given to -b is not read; its cookies are not checked"
            self._note(segment, "PRS005", message, name, option="-b")

    def _read(self, segment: _Segment, file_name: str, word: Word) -> bytes | None:
        """The bytes of an `@file` (relative to the input's folder), or None with a note."""
        if file_name == "-":
            message = "body is read from stdin ('@-'); body not checked"
        else:
            try:
                return (self.base / file_name).read_bytes()
            except OSError:
                message = f"body file '{file_name}' not found; body not checked"
        self._note(segment, "PRS003", message, word, file=file_name)
        return None

    def _data(self, segment: _Segment, action: str, name: Word, value: Word) -> None:
        """One -d/--data-*/--json piece, joined to the earlier ones as curl joins them."""
        if segment.data_option is None:
            segment.data_option, segment.data_value = name, value
        if action == "json" and segment.json is None:
            segment.json = name
        piece: Piece | None = value.piece()
        if action == "data-urlencode":
            piece = self._urlencoded(segment, value)
        elif action != "data-raw" and value.text.startswith("@"):
            content = self._read(segment, value.text[1:], value)
            text = None if content is None else content.decode("utf-8", errors="replace")
            # -d/--data-ascii drop CR and LF from a file; --data-binary and --json keep them.
            if text is not None and action == "data":
                text = text.replace("\r", "").replace("\n", "")
            piece = None if text is None else Piece(text, None)
        if piece is None:
            segment.body_unreadable = True
            return
        separator = "" if action == "json" or not segment.data else "&"
        segment.data.append((separator, piece))

    def _urlencoded(self, segment: _Segment, value: Word) -> Piece | None:
        """--data-urlencode's `content`, `=content`, `name=content`, `@file`, `name@file`."""
        spec = value.text
        split = spec.find("=")
        if split < 0:
            split = spec.find("@")
        if split >= 0 and spec[split] == "@":
            content = self._read(segment, spec[split + 1 :], value)
            if content is None:
                return None
            encoded = Piece(_urlencode(content), None)
        else:
            encoded = _encoded_piece(value.piece(split + 1))
        if split <= 0:
            return encoded
        # The name is sent as written; `=` stands in for the `@` of `name@file`.
        name = value.piece(0, split + 1)
        return _join([("", Piece(spec[:split] + "=", name.offsets)), ("", encoded)])

    def _url_query(self, segment: _Segment, value: Word) -> None:
        if value.text.startswith("+"):
            segment.url_queries.append(value.text[1:])
            return
        piece = self._urlencoded(segment, value)
        if piece is not None:
            segment.url_queries.append(piece.text)

    # -- requests ----------------------------------------------------------------------------

    def requests(self, segment: _Segment, end: int) -> list[Request | ReadFailure]:
        """One request per URL of the segment, or a failure when it has none."""
        if not segment.urls:
            span = self.source.span(segment.command.start, end)
            return [ReadFailure(self.source, "curl", "curl command has no URL", span, self.index)]
        data = None if segment.body_unreadable or not segment.data else _join(segment.data)
        body_text: str | None = None
        body_map: OffsetMap | None = None
        headers = self._headers(segment)
        spans = {f"header:{name.lower()}": self._span(word) for name, _, word in headers}
        if segment.method is not None:
            spans["method"] = self._span(segment.method)
        if segment.get and data is not None:
            # curl 7.88 drops --url-query pieces when -G moves the data into the query.
            extras = [data.text]
        else:
            extras = segment.url_queries
            if data is not None and segment.data_value is not None:
                body_text = data.text
                body_map = _offset_map(data, segment.data_value.start)
                spans["body"] = self._span(segment.data_value)
        results: list[Request | ReadFailure] = []
        for word in segment.urls:
            target = self._target(segment, word, extras)
            if target is None:
                message = "curl cannot parse this URL (unbalanced brackets); nothing is sent"
                results.append(ReadFailure(self.source, "curl", message, self._span(word), self.index))
                continue
            sent, glob_notes = target
            request = make_request(
                Origin(self.source, "curl", self.index),
                self._method(segment),
                sent,
                _with_url_credentials([(name, value) for name, value, _ in headers], sent),
                body_text,
                body_map,
                {**spans, "url": self._span(word)},
                [*segment.notes, *glob_notes, *self.literal_notes],
                unknowns=self.unknowns,
            )
            request = request._replace(url=word.text)
            if segment.form is not None:
                request = request._replace(body_format="multipart")
            results.append(request)
        return results

    @staticmethod
    def _method(segment: _Segment) -> str:
        if segment.method is not None:
            return segment.method.text
        if segment.head:
            return "HEAD"
        if segment.form is not None or (segment.data_option is not None and not segment.get):
            return "POST"
        return "PUT" if segment.upload is not None else "GET"

    def _headers(self, segment: _Segment) -> list[tuple[str, str, Word]]:
        """The headers curl sends that the request model keeps, each with the word behind it.

        curl's own headers (auth, cookie, content type ...) give way to a -H of the same name,
        even an empty or removing one; curl's defaults (Host, User-Agent, Accept) are not kept.
        """
        given = {header.name.lower() for header in segment.headers}
        own: list[tuple[str, str, Word]] = []
        if segment.bearer is not None:
            own.append(("Authorization", f"Bearer {segment.bearer.text}", segment.bearer))
        elif segment.user is not None:
            # Without `:pass` curl prompts for the password; the prompt is answered empty here.
            credentials = segment.user.text if ":" in segment.user.text else segment.user.text + ":"
            token = base64.b64encode(credentials.encode()).decode()
            own.append(("Authorization", f"Basic {token}", segment.user))
        if segment.user_agent is not None and segment.user_agent.text:
            own.append(("User-Agent", segment.user_agent.text, segment.user_agent))
        if segment.referer is not None:
            own.append(("Referer", segment.referer.text.removesuffix(";auto"), segment.referer))
        if segment.cookies:
            own.append(("Cookie", ";".join(c.text for c in segment.cookies), segment.cookies[0]))
        if segment.json is not None:
            own.append(("Accept", "application/json", segment.json))
        if segment.form is not None:
            own.append(("Content-Type", "multipart/form-data", segment.form))
        elif segment.json is not None:
            own.append(("Content-Type", "application/json", segment.json))
        elif segment.data_option is not None and not segment.get:
            own.append(("Content-Type", _FORM_TYPE, segment.data_option))
        sent = [item for item in own if item[0].lower() not in given]
        sent.extend((header.name, header.value, header.word) for header in segment.headers if header.value is not None)
        return sent

    def _target(self, segment: _Segment, word: Word, extras: list[str]) -> tuple[str, list[ReaderNote]] | None:
        """The URL curl requests for `word`: globbed, with a scheme, dot segments removed,
        non-ASCII path bytes percent-encoded and `extras` appended to the query; None when the
        URL cannot be parsed at all."""
        url, notes = word.text, []
        if not segment.globoff:
            url, patterns = glob(word.text)
            notes = [glob_note(self.source, word, glob) for glob in patterns]
        if "://" not in url:
            url = "http://" + url
        try:
            parts = urlsplit(url)
        except ValueError:
            return None
        path = parts.path or "/"
        if not segment.path_as_is:
            path = _remove_dot_segments(path)
        path = _NON_ASCII.sub(lambda m: "".join(f"%{b:02x}" for b in m.group().encode()), path)
        query = parts.query
        for extra in extras:
            query = _append_query(query, extra)
        return urlunsplit((parts.scheme, parts.netloc, path, query, "")), notes


def _shown(option: _Option, word: Word) -> str:
    """How to name an option in a note: as written when long, else `-X` alone, so that an
    attached value (`-uuser:pass`) is never repeated."""
    return word.text if word.text.startswith("--") else f"-{option.short}"


def _base_dir(source: SourceText) -> Path:
    """Where `@file` names are looked up: the input file's folder, else the working directory."""
    path = Path(source.name)
    return path.parent if path.is_file() else Path.cwd()


def looks_like_curl(text: str) -> bool:
    """True when the text holds at least one curl command."""
    return _START.search(text) is not None


def read_curl(source: SourceText) -> list[Request | ReadFailure]:
    """Every request the curl commands in `source` send, in order; a command that cannot be
    split into words becomes a `ReadFailure` and reading goes on with the next one."""
    text = source.text
    base = _base_dir(source)
    results: list[Request | ReadFailure] = []
    position = index = 0
    while match := _START.search(text, position):
        start = match.end(1)
        command = Word(match.group(1), tuple(range(match.start(1), start)), match.start(1), start)
        try:
            lexer = Lexer(text, dialect_at(text, start, source.name), Marks())
            words, end = lexer.command(start)
        except LexError as error:
            line_end = text.find("\n", error.offset)
            end = len(text) if line_end < 0 else line_end
            span = source.span(error.offset, end)
            results.append(ReadFailure(source, "curl", error.message, span, index))
        else:
            parser = _Parser(source, index, base, lexer)
            for segment in parser.segments(command, words):
                results.extend(parser.requests(segment, end))
        position = max(end, start)
        index += 1
    return results


def _with_url_credentials(headers: list[tuple[str, str]], url: str) -> list[tuple[str, str]]:
    """curl sends `user:password@` in a URL as Basic authentication unless another
    Authorization is given (-u, --oauth2-bearer and -H all come first)."""
    authority = url.partition("://")[2].split("/", 1)[0]
    if "@" not in authority or any(name.lower() == "authorization" for name, _ in headers):
        return headers
    from urllib.parse import unquote

    userinfo = unquote(authority.rpartition("@")[0])
    credentials = userinfo if ":" in userinfo else userinfo + ":"
    return [*headers, ("Authorization", "Basic " + base64.b64encode(credentials.encode()).decode())]
