"""Split a shell command line into words the way the shell that runs it would.

Bash is the default dialect; Windows cmd (`^` continuations) and PowerShell (backtick
continuations) are told apart by the end of the command's first line. Every character of a
word keeps its source offset, so a JSON body inside quotes can be located in the file.

What the shell fills in when it runs the command is not known here: parameter expansion
(`$VAR`, `${VAR}`, `${VAR:-default}`, `$1`), command substitution (`$(cmd)`, backticks) and
their cmd (`%VAR%`) and PowerShell (`$env:VAR`, `$(...)`) forms, bare or in double quotes,
each become one mark (`attrlint.unknown`). In single quotes the shell expands nothing: a
`$VAR` there is sent as written, and the lexer remembers where (`literal_variables`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from attrlint.lazyre import lazy_re
from attrlint.unknown import Marks

_REDIRECT = lazy_re(r"\d*(?:>>|>&|&>|>|<<<|<<|<)")
_ANSI_ESCAPE = lazy_re(r"\\(?:x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|c.|.)", re.DOTALL)
_ANSI_SIMPLE = {
    "n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v",
    "e": "\x1b", "E": "\x1b",
}  # fmt: skip
_NAME = lazy_re(r"[A-Za-z_]\w*")
_POWERSHELL_NAME = lazy_re(r"(?:env:)?[A-Za-z_]\w*", re.IGNORECASE)
_CMD_VARIABLE = lazy_re(r"%[A-Za-z_][\w()~:,=-]*%")
# What a reader means by `$NAME` written inside single quotes (where nothing is expanded).
LITERAL_VARIABLE = lazy_re(r"\$(?:\{[^{}'\n]*\}|(?:env:)?[A-Za-z_]\w*)")
_CLOSERS = {"{": "}", "(": ")"}
_POWERSHELL_ESCAPE = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "a": "\a", "b": "\b"}


class Piece(NamedTuple):
    """Text with each character's source offset; `offsets` is None for text read from a file."""

    text: str
    offsets: tuple[int, ...] | None


class Word(NamedTuple):
    """One shell word after quote removal, with its characters' source offsets and extent."""

    text: str
    offsets: tuple[int, ...]
    start: int
    end: int

    def piece(self, start: int = 0, end: int | None = None) -> Piece:
        """The word's characters `start`..`end` with their offsets."""
        return Piece(self.text[start:end], self.offsets[start:end])

    def suffix(self, start: int) -> Word:
        """The rest of the word from character `start` (an attached value such as `-XPATCH`)."""
        begin = self.offsets[start] if start < len(self.offsets) else self.end
        return Word(self.text[start:], self.offsets[start:], begin, self.end)

    def source_range(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets covering the word's characters `start`..`end` (exclusive)."""
        if not self.offsets or start >= end:
            return self.start, self.end
        return self.offsets[start], self.offsets[end - 1] + 1


class LexError(Exception):
    """A command that cannot be split into words (an unterminated quote)."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


class _Dialect(NamedTuple):
    """How a shell quotes: its escape character, whether `'` quotes, what ends a command, and
    its name as the filler of the values it expands."""

    escape: str
    single_quotes: bool
    operators: str
    comments: bool
    name: str


_BASH = _Dialect("\\", True, ";&|()", True, "the shell")
_CMD = _Dialect("^", False, "&|", False, "cmd")
_POWERSHELL = _Dialect("`", True, ";&|", True, "PowerShell")


_BY_SUFFIX = {".bat": _CMD, ".cmd": _CMD, ".ps1": _POWERSHELL}


def dialect_at(text: str, start: int, name: str = "") -> _Dialect:
    """Choose the dialect by the continuation character ending the command's first line; a
    one-line command takes the dialect of its file (`.bat`, `.cmd`, `.ps1`), else bash."""
    line_end = text.find("\n", start)
    last = text[start : len(text) if line_end < 0 else line_end].rstrip(" \t\r")[-1:]
    by_file = _BY_SUFFIX.get(name[name.rfind(".") :].lower(), _BASH) if "." in name else _BASH
    return {"^": _CMD, "`": _POWERSHELL, "\\": _BASH}.get(last, by_file)


class Lexer:
    """Splits one command into words, keeping a source offset for every character."""

    def __init__(self, text: str, dialect: _Dialect, marks: Marks) -> None:
        self.text = text
        self.dialect = dialect
        self.marks = marks
        self.literal_variables: list[tuple[int, int]] = []  # `$VAR` in single quotes: source ranges

    def command(self, i: int) -> tuple[list[Word], int]:
        """The words from offset `i` to the end of the command, and the offset where it ends."""
        text = self.text
        words: list[Word] = []
        while True:
            i = self._blanks(i)
            if i >= len(text) or text[i] == "\n" or text[i] in self.dialect.operators:
                return words, i
            if text[i] == "#" and self.dialect.comments:
                return words, i
            redirect = _REDIRECT.match(text, i)
            if redirect:
                # `> out.json`, `2>&1`, `<<EOF`: the target is not an argument of curl.
                i = self._word(self._blanks(redirect.end()))[1]
                continue
            word, i = self._word(i)
            words.append(word)

    def _continuation(self, i: int) -> int:
        """The length of an escaped line end at `i` (escape + LF or CRLF), or 0."""
        if self.text.startswith(self.dialect.escape, i):
            for ending in ("\n", "\r\n"):
                if self.text.startswith(ending, i + 1):
                    return 1 + len(ending)
        return 0

    def _blanks(self, i: int) -> int:
        text = self.text
        while i < len(text):
            if text[i] in " \t\r":
                i += 1
            elif skip := self._continuation(i):
                i += skip
            else:
                break
        return i

    def _word(self, i: int) -> tuple[Word, int]:
        text, dialect = self.text, self.dialect
        chars: list[str] = []
        offsets: list[int] = []

        def add(value: str, offset: int) -> None:
            chars.append(value)
            offsets.extend([offset] * len(value))

        start = i
        while i < len(text):
            char = text[i]
            if char in " \t\r\n<>" or char in dialect.operators:
                break
            if skip := self._continuation(i):
                i += skip
            elif char == dialect.escape and i + 1 < len(text):
                add(self._escaped(text[i + 1]), i + 1)
                i += 2
            elif char == "\\" and dialect is _CMD and text.startswith('"', i + 1):
                # The C runtime that splits curl.exe's command line reads \" as a quote.
                add('"', i + 1)
                i += 2
            elif char == "'" and dialect.single_quotes:
                i = self._single(i, add)
            elif char == '"':
                i = self._double(i, add)
            elif char == "$" and dialect is _BASH and text.startswith("'", i + 1):
                i = self._ansi_c(i + 1, add)
            elif char == "$" and dialect is _BASH and text.startswith('"', i + 1):
                i = self._double(i + 1, add)
            elif (end := self._expansion(i)) > i:
                add(self.marks.add(text[i:end], dialect.name), i)
                i = end
            else:
                add(char, i)
                i += 1
        return Word("".join(chars), tuple(offsets), start, i), i

    def _escaped(self, char: str) -> str:
        if self.dialect is _POWERSHELL:
            return _POWERSHELL_ESCAPE.get(char, char)
        return char

    def _single(self, i: int, add: Callable[[str, int], None]) -> int:
        text, j = self.text, i + 1
        while True:
            close = text.find("'", j)
            if close < 0:
                raise LexError("unterminated single quote in curl command", i)
            for k in range(j, close):
                add(text[k], k)
            if "$" in text[j:close]:
                self.literal_variables += [m.span() for m in LITERAL_VARIABLE.finditer(text, j, close)]
            if self.dialect is _POWERSHELL and text.startswith("'", close + 1):
                add("'", close)
                j = close + 2
                continue
            return close + 1

    def _double(self, i: int, add: Callable[[str, int], None]) -> int:
        text, dialect, j = self.text, self.dialect, i + 1
        while j < len(text):
            char = text[j]
            if char == '"':
                if dialect is _POWERSHELL and text.startswith('"', j + 1):
                    add('"', j + 1)
                    j += 2
                    continue
                return j + 1
            if dialect is _BASH and char == "\\" and j + 1 < len(text):
                following = text[j + 1]
                if skip := self._continuation(j):
                    j += skip
                    continue
                if following in '$`"\\':
                    add(following, j + 1)
                    j += 2
                    continue
            elif dialect is _POWERSHELL and char == "`" and j + 1 < len(text):
                add(self._escaped(text[j + 1]), j + 1)
                j += 2
                continue
            elif dialect is _CMD and text.startswith('\\"', j):
                add('"', j + 1)
                j += 2
                continue
            if (end := self._expansion(j)) > j:
                add(self.marks.add(text[j:end], dialect.name), j)
                j = end
                continue
            add(char, j)
            j += 1
        raise LexError("unterminated double quote in curl command", i)

    def _expansion(self, i: int) -> int:
        """Where an expansion the shell performs starting at `i` ends, or `i` when none does:
        `$NAME`, `${...}`, `$(...)`, `$1`, `$?`, backticks (bash); `$env:NAME` (PowerShell);
        `%NAME%` (cmd)."""
        text, dialect = self.text, self.dialect
        char = text[i]
        if dialect is _CMD:
            match = _CMD_VARIABLE.match(text, i) if char == "%" else None
            return match.end() if match else i
        if char == "`" and dialect is _BASH:
            close = text.find("`", i + 1)
            return i if close < 0 else close + 1
        if char != "$" or i + 1 >= len(text):
            return i
        following = text[i + 1]
        if following in _CLOSERS:
            return self._balanced(i + 1)
        name = (_POWERSHELL_NAME if dialect is _POWERSHELL else _NAME).match(text, i + 1)
        if name:
            return name.end()
        if dialect is _BASH and (following.isdigit() or following in "@*#?$!-"):
            return i + 2
        return i

    def _balanced(self, i: int) -> int:
        """The end of the bracketed text opening at `i` (`{...}`, `(...)`), nested brackets and
        quoted text inside it passed over; `i` when it is not closed on this command."""
        text, opener = self.text, self.text[i]
        closer = _CLOSERS[opener]
        depth, j = 0, i
        while j < len(text):
            char = text[j]
            if char == opener:
                depth += 1
            elif char == closer:
                depth -= 1
                if depth == 0:
                    return j + 1
            elif char in "'\"":
                close = text.find(char, j + 1)
                if close < 0:
                    return i
                j = close
            elif char == "\\":
                j += 1
            j += 1
        return i

    def _ansi_c(self, i: int, add: Callable[[str, int], None]) -> int:
        text, j = self.text, i + 1
        while j < len(text):
            if text[j] == "'":
                return j + 1
            if text[j] == "\\":
                match = _ANSI_ESCAPE.match(text, j)
                if match:
                    add(_ansi_value(match.group()), j)
                    j = match.end()
                    continue
            add(text[j], j)
            j += 1
        raise LexError("unterminated $'...' quote in curl command", i - 1)


def _ansi_value(escape: str) -> str:
    """The text a bash `$'...'` escape sequence stands for."""
    body = escape[1:]
    if body[0] in "xuU" and len(body) > 1:
        code = int(body[1:], 16)
        return "\ufffd" if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF else chr(code)
    if body[0] in "01234567":
        return chr(int(body, 8) & 0xFF)  # bash keeps the low eight bits of `\NNN`
    if body[0] == "c" and len(body) > 1:
        return chr(ord(body[1].upper()) ^ 0x40)
    return _ANSI_SIMPLE.get(body, body)
