"""Read `.http` / `.rest` files: the JetBrains HTTP Client and VS Code REST Client format.

Requests are separated by lines starting with `###`; the rest of that line names the request,
and so does a `# @name login` (or `// @name login`, `# @name = login`) line above it. Before the
request line come blank lines, `#` / `//` comments and file variables `@name = value`. Then:
the request line `[METHOD] URL [HTTP/x.y]` (GET when the method is left out), continuation
lines of the URL (indented, or starting with `?` or `&`), headers up to a blank line, and the
body up to the next `###`. A body `< ./file.json` is read from that file, relative to the
`.http` file (`<@ ./file.json` substitutes variables in it too). A response handler
(`> {% ... %}`, `> ./script.js`) or an output redirect (`>> file`, `>>! file`) ends the body.

`{{name}}` is substituted in the URL, headers, body and body file name. Values come, first
match wins, from the caller's variables (`--var NAME=VALUE`; httpyac lets file variables win
over its own `--var`, but here an explicit value on the command line is the override), the file
variables defined above the request (httpyac's order: a later `@name` changes the value for the
requests after it), then one environment of `http-client.private.env.json` over
`http-client.env.json` beside the file (the current folder for stdin; `{"envName": {"var":
"value"}}`, JetBrains' `$shared` environment underlying all): the one named by the variable
`env`, else the only one (httpyac uses none unless told). Values may refer to other variables. Dynamic
variables (`{{$uuid}}`, `{{$timestamp}}`, ...) become fixed example values of the right shape;
request variables (`{{login.response.body.access_token}}`) and names nothing defines are filled
in when the request is sent: they are unknown values (`attrlint.unknown`), not judged.

Where JetBrains and VS Code say nothing or differ, this does what httpyac (the command-line
client the tests run) does: comment lines are dropped inside a body too, the body's lines are
joined with LF whatever the file's line ends, trailing blank lines are not sent, and a file
body is sent byte for byte.

Notes: PRS003 a body file that cannot be read; PRS005 an environment that cannot be chosen or
read, a header line that is not `Name: value`; PRS006 an unresolved variable where the host
should be (the host is not checked).
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from attrlint.lazyre import lazy_re
from attrlint.model import OffsetMap, Origin, ReaderNote, ReadFailure, Request, SourceText, Span
from attrlint.sources.common import invalid_url, make_request, unknown_host
from attrlint.sources.raw_http import (
    METHODS,
    Block,
    Line,
    group_span,
    read_headers,
    split_blocks,
    with_host_header,
)
from attrlint.unknown import Marks, has_unknown

FORMAT = "httpfile"
ENV_FILES = ("http-client.env.json", "http-client.private.env.json")  # the later overrides
_REQUEST_LINE = lazy_re(
    rf"(?:(?P<method>{METHODS})[ \t]+)?(?P<target>(?:\{{\{{[^{{}}]*\}}\}}|\S)+)(?:[ \t]+HTTP/\d(?:\.\d)?)?[ \t]*",
    re.I,
)
_URL_START = lazy_re(r"/|\{\{|[A-Za-z][\w+.-]*://")
_VARIABLE = lazy_re(r"[ \t]*@(?P<name>[A-Za-z_][\w.-]*)[ \t]*=[ \t]*(?P<value>.*?)[ \t]*")
_NAME_ANNOTATION = lazy_re(r"[ \t]*(?:#|//)[ \t]*@name(?:[ \t]*=[ \t]*|[ \t]+)(?P<name>\S.*?)[ \t]*")
_REFERENCE = lazy_re(r"\{\{\s*(?P<name>[^{}]*?)\s*\}\}")
_BODY_FILE = lazy_re(r"<(?P<substitute>@\S*)?[ \t]+(?P<path>.*?)[ \t]*")
_EXAMPLE_UUID = "5f3c1e2a-8b4d-4c6e-9a7f-0b1c2d3e4f5a"
_DYNAMIC = {
    "$uuid": _EXAMPLE_UUID,
    "$guid": _EXAMPLE_UUID,
    "$random.uuid": _EXAMPLE_UUID,
    "$timestamp": "1700000000",
    "$isoTimestamp": "2023-11-14T22:13:20.000Z",
    "$randomInt": "42",
}


class _Resolver:
    """Substitutes `{{name}}` references from layers of variables, the first layer first; a
    reference nothing here defines (a request variable, an environment attrlint was not
    given) is filled in when the request is sent: it becomes a mark (`attrlint.unknown`)."""

    def __init__(self, layers: Sequence[Mapping[str, str]], marks: Marks) -> None:
        self._layers = layers
        self.marks = marks

    def lookup(self, name: str, active: frozenset[str] = frozenset()) -> str | None:
        """The value of a reference's content, substituted itself; None when unresolved.

        `active` holds the names being resolved, so that a cycle stays unresolved.
        """
        if name.startswith("$"):
            return _DYNAMIC.get(name.split(maxsplit=1)[0])  # `{{$randomInt 1 10}}` takes arguments
        if name in active:
            return None
        for layer in self._layers:
            if name in layer:
                return self.substitute(layer[name], active | {name})
        return None

    def substitute(self, text: str, active: frozenset[str] = frozenset()) -> str:
        """`text` with every resolvable reference replaced by its value."""
        return self.mapped(text, 0, 0, active)[0]

    def mapped(
        self, text: str, source_offset: int, out_offset: int, active: frozenset[str] = frozenset()
    ) -> tuple[str, list[tuple[int, int]]]:
        """`text` substituted, and `OffsetMap` anchors for it: output offsets (from `out_offset`)
        to source offsets (`text` starts at `source_offset`), exact outside substituted values."""
        parts: list[str] = []
        anchors = [(out_offset, source_offset)]
        position, out = 0, out_offset
        for reference in _REFERENCE.finditer(text):
            value = self.lookup(reference["name"], active)
            if value is None:
                value = self.marks.add(reference.group(), "the HTTP client")
            literal = text[position : reference.start()]
            out += len(literal)
            anchors.append((out, source_offset + reference.start()))
            out += len(value)
            anchors.append((out, source_offset + reference.end()))
            parts += (literal, value)
            position = reference.end()
        parts.append(text[position:])
        return "".join(parts), anchors


class _Environment(NamedTuple):
    """The variables of the chosen environment, and notes on choosing or reading it."""

    values: Mapping[str, str]
    notes: tuple[ReaderNote, ...]


def read_http_file(source: SourceText, variables: Mapping[str, str]) -> list[Request | ReadFailure]:
    """Every request in the `.http` file `source`, in order; `variables` come from `--var`.

    A request line that cannot be read becomes a `ReadFailure` and reading goes on with the
    next request. Notes about the environment files go on the first request.
    """
    environment = _environment(source, variables)
    pending = environment.notes
    file_variables: dict[str, str] = {}
    results: list[Request | ReadFailure] = []
    for block in split_blocks(source.text):
        item = _read_block(source, block, file_variables, (variables, environment.values), len(results))
        if isinstance(item, Request) and pending:
            item, pending = item._replace(notes=pending + item.notes), ()
        if item is not None:
            results.append(item)
    return results


def _read_block(
    source: SourceText,
    block: Block,
    file_variables: dict[str, str],
    outer: tuple[Mapping[str, str], Mapping[str, str]],
    index: int,
) -> Request | ReadFailure | None:
    """The request in one block (None when the block holds only comments and variables).

    Variable definitions in the block's preamble are added to `file_variables`; `outer` holds
    the caller's variables and the environment's, which come before and after them.
    """
    at, name = _preamble(block, file_variables)
    if at == len(block.lines):
        return None
    given, environment = outer
    resolver = _Resolver((given, dict(file_variables), environment), Marks())
    first = block.lines[at]
    request_line = _REQUEST_LINE.fullmatch(first.text)
    if request_line is None or not (request_line["method"] or _URL_START.match(request_line["target"])):
        message = "not a request line: expected '[METHOD] URL [HTTP/x.y]'"
        return ReadFailure(source, FORMAT, message, source.span(first.start, first.end), index)
    # Comment lines are dropped everywhere, the body included (as httpyac does).
    rest = list(itertools.takewhile(_before_handler, (line for line in block.lines[at + 1 :] if not line.comment)))
    continued = len(list(itertools.takewhile(_continues_url, rest)))
    url_start = first.start + request_line.start("target")
    url_end = rest[continued - 1].end if continued else first.start + request_line.end("target")
    spans = {"url": source.span(url_start, url_end)}
    if request_line["method"]:
        spans["method"] = group_span(source, first, request_line, "method")
    notes: list[ReaderNote] = []
    headers, body_from = read_headers(source, rest[continued:], spans, notes, resolver.substitute)
    body_text, body_map = _body(source, _trimmed(rest[continued + body_from :]), resolver, spans, notes)
    written = request_line["target"] + "".join(line.text.strip() for line in rest[:continued])
    url = resolver.substitute(written)
    unresolved = unknown_host(url, resolver.marks.found())
    if unresolved is not None:
        leading = _REFERENCE.match(written)
        span = spans["url"] if leading is None else source.span(url_start, url_start + leading.end())
        message = f"unresolved variable {unresolved.text} in the URL; the host is not checked"
        notes.append(ReaderNote("PRS006", message, span, {"variable": unresolved.text[2:-2].strip()}))
    origin = Origin(source, FORMAT, index, name or None)
    try:
        request = make_request(
            origin,
            request_line["method"] or "GET",
            url,
            headers,
            body_text,
            body_map,
            spans,
            notes,
            unknowns=resolver.marks.found(),
        )
    except ValueError as error:  # urlsplit refuses an absolute URL with unbalanced brackets
        return invalid_url(source, FORMAT, error, spans["url"], index)
    return request if has_unknown(request.headers.get("host", "")) else with_host_header(request)


def _preamble(block: Block, file_variables: dict[str, str]) -> tuple[int, str]:
    """Read the lines before the request line: the request line's index (the number of lines
    when there is none) and the request's name. File variables go into `file_variables`."""
    name = block.separator.text.lstrip("#").strip() if block.separator else ""
    for at, line in enumerate(block.lines):
        if line.comment:
            annotation = _NAME_ANNOTATION.fullmatch(line.text)
            name = annotation["name"] if annotation else name
        elif (definition := _VARIABLE.fullmatch(line.text)) is not None:
            file_variables[definition["name"]] = definition["value"]
        elif not line.blank:
            return at, name
    return len(block.lines), name


def _before_handler(line: Line) -> bool:
    """False from the first response handler (`> {% ... %}`, `> script.js`) or redirect (`>> file`)."""
    return not line.text.startswith(">")


def _continues_url(line: Line) -> bool:
    """True for a continuation of the URL: an indented line, or one starting with `?` or `&`."""
    return not line.blank and line.text[0] in " \t?&"


def _trimmed(lines: list[Line]) -> list[Line]:
    """`lines` without the blank lines at either end."""
    kept = list(itertools.dropwhile(lambda line: line.blank, lines))
    while kept and kept[-1].blank:
        kept.pop()
    return kept


def _body(
    source: SourceText, lines: list[Line], resolver: _Resolver, spans: dict[str, Span], notes: list[ReaderNote]
) -> tuple[str | None, OffsetMap | None]:
    """The body text of the body `lines` and the map of its offsets to the source (None for a
    body read from a file, whose findings point at the `< file` line)."""
    if not lines:
        return None, None
    include = _BODY_FILE.fullmatch(lines[0].text)
    spans["body"] = source.span(lines[0].start, (lines[0] if include else lines[-1]).end)
    if include is not None:
        return _body_file(source, include, resolver, spans["body"], notes), None
    parts: list[str] = []
    anchors: list[tuple[int, int]] = []
    out = 0
    for line in lines:
        text, line_anchors = resolver.mapped(line.text, line.start, out)
        parts.append(text)
        anchors += line_anchors
        out += len(text) + 1  # the LF that joins the lines
    return "\n".join(parts), OffsetMap(tuple(anchors))


def _body_file(
    source: SourceText, include: re.Match[str], resolver: _Resolver, span: Span, notes: list[ReaderNote]
) -> str | None:
    """The text of a `< file` body (variables substituted for `<@ file`), or None with a note."""
    written = resolver.substitute(include["path"])
    try:
        text = (Path(source.name).parent / written).read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        notes.append(ReaderNote("PRS003", f"body file '{written}' not found; body not checked", span))
        return None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        notes.append(ReaderNote("PRS003", f"body file '{written}' cannot be read ({reason}); body not checked", span))
        return None
    return resolver.substitute(text) if include["substitute"] else text


def _environment(source: SourceText, variables: Mapping[str, str]) -> _Environment:
    """The variables of the environment to use from the env files beside `source`."""
    folder = Path(source.name).parent
    environments: dict[str, dict[str, str]] = {}
    notes: list[ReaderNote] = []
    for file_name in ENV_FILES:
        try:
            text = (folder / file_name).read_bytes().decode("utf-8-sig")
        except FileNotFoundError:
            continue
        except (OSError, UnicodeDecodeError):
            notes.append(ReaderNote("PRS005", f"{file_name} cannot be read; its variables were not used"))
            continue
        document = _json_object(text)
        if document is None:
            notes.append(
                ReaderNote("PRS005", f"{file_name} is not a JSON object of environments; its variables were not used")
            )
            continue
        for env_name, values in document.items():
            if isinstance(values, dict):
                environments.setdefault(env_name, {}).update(
                    (key, _env_value(value)) for key, value in values.items() if isinstance(value, str | int | float)
                )
    shared = environments.pop("$shared", {})  # JetBrains' variables of every environment (httpyac ignores it)
    names = sorted(environments)
    chosen = variables.get("env", names[0] if len(names) == 1 else None)
    if chosen in environments:
        return _Environment({**shared, **environments[chosen]}, tuple(notes))
    listed = ", ".join(names)
    if names and chosen is not None:
        message = f"environment '{chosen}' is not in the env files beside this file ({listed}); none was used"
        notes.append(ReaderNote("PRS005", message, args={"environments": names}))
    elif len(names) > 1:
        message = f"the env files beside this file define several environments ({listed}); none was used: pick one with --var env=NAME"
        notes.append(ReaderNote("PRS005", message, args={"environments": names}))
    return _Environment(shared, tuple(notes))


def _json_object(text: str) -> dict[str, object] | None:
    """The JSON object in `text`, or None when it is not one."""
    try:
        document = json.loads(text)
    except ValueError:
        return None
    return document if isinstance(document, dict) else None


def _env_value(value: str | int | float) -> str:
    """An environment value as the text that is substituted (`true`, `3`, `0.5` for non-strings)."""
    return value if isinstance(value, str) else json.dumps(value)
