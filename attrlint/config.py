"""Project configuration: `[tool.attrlint]` in pyproject.toml or `.attrlint.yaml`.

The configuration that applies to a file is the first one found walking up from the file's
folder (`.attrlint.yaml` before `pyproject.toml` in the same folder; a pyproject.toml without a
`[tool.attrlint]` table does not count). Globs in it are relative to its folder. It is
validated against `schemas/config.schema.json`; a bad key is reported by name.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from fnmatch import fnmatchcase
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

from attrlint.model import EMPTY
from attrlint.resources import data_dir
from attrlint.sources.common import host_name

CONFIG_NAMES = (".attrlint.yaml", ".attrlint.yml", "pyproject.toml")


class ConfigError(Exception):
    """A configuration file that cannot be read or breaks the schema."""


class ConfigResolver:
    """Finds and loads the configuration of each input once per run (files may change
    between runs of a long-lived process, so nothing is cached beyond one)."""

    def __init__(self, fixed: Path | None | bool = None) -> None:
        """`fixed`: a path to use for every input, False for none, None to discover."""
        self._fixed = fixed
        self._found: dict[Path, Path | None] = {}
        self._loaded: dict[Path, Config] = {}

    def for_folder(self, folder: Path) -> Config:
        """The configuration that applies to files in `folder`."""
        if self._fixed is False:
            return Config()
        path = self._fixed if isinstance(self._fixed, Path) else self._find(folder)
        if path is None:
            return Config()
        if path not in self._loaded:
            self._loaded[path] = load_config(path)
        return self._loaded[path]

    def _find(self, folder: Path) -> Path | None:
        if folder not in self._found:
            self._found[folder] = find_config(folder)
        return self._found[folder]


class Suppression(NamedTuple):
    """An `ignore` entry that silences one rule for some files (and a body pointer)."""

    rule: str
    files: tuple[str, ...]
    pointer: str | None
    reason: str
    line: int


class Target(NamedTuple):
    """The operation a bare body file is sent to."""

    method: str
    url: str


class Config(NamedTuple):
    """One configuration file's settings (all optional)."""

    path: Path | None = None
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    suppressions: tuple[Suppression, ...] = ()
    per_file_ignores: Mapping[str, tuple[str, ...]] = EMPTY
    fail_level: str | None = None
    hosts: tuple[str, ...] = ()
    scopes: tuple[str, ...] | None = None
    grant: str | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    payloads: Mapping[str, Target] = EMPTY
    variables: Mapping[str, str] = EMPTY

    @property
    def root(self) -> Path:
        """The folder globs are relative to."""
        return self.path.parent if self.path is not None else Path.cwd()

    def relative(self, file: str) -> str | None:
        """`file` relative to the config's folder, with forward slashes (None if outside)."""
        try:
            return PurePosixPath(Path(file).resolve().relative_to(self.root.resolve())).as_posix()
        except ValueError:
            return None

    def matches(self, file: str, globs: tuple[str, ...]) -> bool:
        """True when a glob matches the file (relative to the config, or by name)."""
        relative = self.relative(file) or Path(file).as_posix()
        return any(_glob(relative, pattern) for pattern in globs)

    def target_for(self, file: str) -> Target | None:
        """The `payloads` target of a bare body file, if a glob names it."""
        relative = self.relative(file) or Path(file).as_posix()
        return next((t for pattern, t in self.payloads.items() if _glob(relative, pattern)), None)

    def ignored_rules(self, file: str) -> tuple[str, ...]:
        """`ignore` rule selectors plus the `per-file-ignores` that apply to `file`."""
        relative = self.relative(file) or Path(file).as_posix()
        extra = [code for pattern, codes in self.per_file_ignores.items() if _glob(relative, pattern) for code in codes]
        return self.ignore + tuple(extra)


def _glob(path: str, pattern: str) -> bool:
    """Glob matching where `**/` may match no folder and a bare name matches at any depth."""
    pattern = pattern.removeprefix("./")
    if fnmatchcase(path, pattern):
        return True
    if pattern.startswith("**/") and fnmatchcase(path, pattern[3:]):
        return True
    if "/" not in pattern:
        return fnmatchcase(path.rsplit("/", 1)[-1], pattern)
    return pattern.endswith("/**") and (path + "/").startswith(pattern[:-2])


def find_config(folder: Path) -> Path | None:
    """The configuration file that applies in `folder` (walking up), if any."""
    for directory in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_tool_table(candidate)):
                return candidate
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        return "[tool.attrlint" in path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False


def load_config(path: Path) -> Config:
    """Read and validate one configuration file."""
    data, lines = _read(path)
    return config_from_mapping(data, path, lines)


def config_from_mapping(data: dict[str, Any], path: Path, lines: Mapping[str, int] = EMPTY) -> Config:
    """Validate a configuration table and build its `Config`, as if read from `path`."""
    problems = _schema_problems(data)
    if problems:
        raise ConfigError(f"{path}: {problems[0]}")
    return _build(path, data, lines)


def _read(path: Path) -> tuple[dict[str, Any], Mapping[str, int]]:
    """The config table and, for YAML, the line of each `ignore` entry (for reports)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    if path.name == "pyproject.toml":
        import tomllib

        try:
            document = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
        table = document.get("tool", {}).get("attrlint", {})
        return (table if isinstance(table, dict) else {"": table}), _toml_lines(text)
    import yaml

    from attrlint.sources.positions import yaml_offsets

    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: invalid YAML: {exc}") from None
    if document is None:
        document = {}
    if not isinstance(document, dict):
        raise ConfigError(f"{path}: the configuration must be a mapping of keys")
    offsets = yaml_offsets(text)
    lines = {ptr: text.count("\n", 0, start) + 1 for ptr, (start, _end, _key) in offsets.items()}
    return document, lines


def _toml_lines(text: str) -> dict[str, int]:
    """Line of the `[tool.attrlint]` table (TOML entries are reported there)."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip().startswith("[tool.attrlint"):
            return {"": number}
    return {}


@cache
def _schema() -> dict[str, Any]:
    with open(data_dir("schemas") / "config.schema.json", encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema


def _schema_problems(data: dict[str, Any]) -> list[str]:
    """Readable schema errors, naming the key (jsonschema is loaded only for a bad config)."""
    from attrlint.validate import compiled

    check = compiled(_schema())
    if check is not None and check(data):
        return []
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    errors = list(Draft202012Validator(_schema()).iter_errors(data))
    if not errors:
        return []
    known = set(_schema()["properties"])
    unknown = [key for key in data if key not in known]
    if unknown:
        return [f"unknown key '{unknown[0]}' (known keys: {', '.join(sorted(known))})"]
    error = best_match(errors)
    where = "/".join(str(part) for part in error.absolute_path)
    return [f"'{where}': {error.message}"]


def _build(path: Path, data: dict[str, Any], lines: Mapping[str, int]) -> Config:
    selectors = tuple(item for item in data.get("ignore", ()) if isinstance(item, str))
    suppressions = tuple(
        Suppression(
            rule=item["rule"],
            files=tuple(item.get("files", ())),
            pointer=item.get("pointer"),
            reason=item["reason"],
            line=lines.get(f"/ignore/{index}", lines.get("", 1)),
        )
        for index, item in enumerate(data.get("ignore", ()))
        if isinstance(item, dict)
    )
    payloads = {
        pattern: Target(str(target.get("method", "PATCH")).upper(), target["url"])
        for pattern, target in data.get("payloads", {}).items()
    }
    return Config(
        path=path,
        select=tuple(data.get("select", ())),
        extend_select=tuple(data.get("extend-select", ())),
        ignore=selectors,
        suppressions=suppressions,
        per_file_ignores={k: tuple(v) for k, v in data.get("per-file-ignores", {}).items()},
        fail_level=data.get("fail-level"),
        hosts=tuple(host_name(h) for h in data.get("hosts", ())),
        scopes=tuple(data["scopes"]) if "scopes" in data else None,
        grant=data.get("grant"),
        include=tuple(data.get("include", ())),
        exclude=tuple(data.get("exclude", ())),
        payloads=payloads,
        variables=dict(data.get("vars", {})),
    )
