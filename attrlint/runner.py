"""One `attrlint check` run: gather inputs, apply each file's configuration, read, lint,
suppress, and collect the results.

Nothing here prints; a run that meets an unreadable input records a finding for it and goes
on with the next one. A bad configuration raises `ConfigError` (the command line reports it).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from attrlint.checks import Options, is_token_request
from attrlint.config import Config, ConfigResolver
from attrlint.engine import failure_finding, lint, options_findings
from attrlint.fastpath import judges
from attrlint.model import Clean, Finding, ReadFailure, Request, Skipped, SourceText
from attrlint.rules import Rule, select_rules
from attrlint.sources import HEAD, STDIN, Item, ReadOptions, detect_format, open_input, read_input, walked
from attrlint.suppress import Directive, apply, directives

# grant_type form values of POST /oauth/token, as the names --grant uses
_GRANT_TYPES = {
    "client_credentials": "client-credentials",
    "authorization_code": "authorization-code",
    "password": "password",
    "urn:ietf:params:oauth:grant-type:saml2-bearer": "saml2-bearer",
}
_SKIP_DIRS = frozenset({".git", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache"})
SKIP_EXCLUDED = "excluded by configuration"
SKIP_NOT_INCLUDED = "not in the configuration's include"
SKIP_BARE = "bare bodies with no target (--url or a payloads entry)"


class Settings(NamedTuple):
    """What the command line asked for; each file's configuration fills in the rest.

    `select` None means "as the configuration says"; `config` None means "discover",
    False means `--no-config`; `skip_bare_bodies` is the hook mode, where a JSON/YAML file is
    checked only when it describes its own request or a `payloads` entry names its target.
    """

    rules: Sequence[Rule]
    options: Options = Options()
    read: ReadOptions = ReadOptions()
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    config: Path | None | bool = None
    skip_bare_bodies: bool = False


class RunResult:
    """Findings plus the counts a summary line needs, filled in as the run goes."""

    def __init__(self, findings: list[Finding] | None = None) -> None:
        self.findings: list[Finding] = findings or []
        self.files = 0
        self.requests = 0
        self.checked = 0
        self.unreadable = 0
        self.suppressed = 0
        self.skipped_files: dict[str, int] = {}
        self.skipped_entries: dict[str, int] = {}
        self.sources: dict[str, SourceText] = {}
        self.request_counts: dict[str, int] = {}
        self.configs: list[Config] = []
        self.file_list: list[tuple[str, str]] = []  # each input and what it was read as, or why not

    def list_file(self, name: str, verdict: str) -> None:
        """Record what became of one input (for --show-files)."""
        self.file_list.append((name, verdict))

    def count_request(self, source: SourceText) -> None:
        """Count one request (or unreadable request) of an input, for per-input reports."""
        self.request_counts[source.name] = self.request_counts.get(source.name, 0) + 1

    def count_checked(self, source: SourceText) -> None:
        """Count one request of an input that was checked."""
        self.requests += 1
        self.checked += 1
        self.count_request(source)

    def skip_file(self, reason: str, name: str | None = None) -> None:
        """Count a file passed over on purpose."""
        self.skipped_files[reason] = self.skipped_files.get(reason, 0) + 1
        if name is not None:
            self.list_file(name, f"skipped: {reason}")


def config_for(path: str, resolver: ConfigResolver) -> Config:
    """The configuration that applies to `path` (an empty one with --no-config or none found)."""
    return resolver.for_folder(Path.cwd() if path == STDIN else Path(path).resolve().parent)


def expand(paths: Sequence[str], settings: Settings) -> Iterator[tuple[str, bool]]:
    """Each input path, with directories walked; the flag says whether it was named directly."""
    for path in paths:
        if path != STDIN and os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and walked(name):
                        yield os.path.join(root, name), False
        else:
            yield path, True


def run(paths: Sequence[str], settings: Settings) -> RunResult:
    """Check every input and return what was found."""
    result = RunResult(findings=options_findings(settings.options, settings.rules))
    comments: list[Directive] = []
    resolver = ConfigResolver(settings.config)
    for path, explicit in expand(paths or [STDIN], settings):
        config = config_for(path, resolver)
        if config not in result.configs:
            result.configs.append(config)
        if path != STDIN and config.exclude and config.matches(path, config.exclude):
            result.skip_file(SKIP_EXCLUDED, path)
            continue
        if path != STDIN and config.include and not config.matches(path, config.include):
            result.skip_file(SKIP_NOT_INCLUDED, path)
            continue
        rules = _rules_for(path, config, settings)
        read = _read_options(path, config, settings)
        opened = open_input(path, read)
        result.files += 1
        if isinstance(opened, ReadFailure):
            _record_failure(result, opened, rules)
            result.list_file(opened.source.name, f"unreadable: {opened.message}")
            continue
        source, items = opened
        result.sources[source.name] = source
        first = next(items, None)
        if (not explicit or settings.skip_bare_bodies) and isinstance(first, Request) and not first.target_known:
            result.files -= 1
            result.skip_file(SKIP_BARE, source.name)
            continue
        items = itertools.chain([first] if first is not None else [], items)
        before = result.request_counts.get(source.name, 0)
        _check_items(result, items, rules, _options(config, settings))
        result.list_file(source.name, _verdict(first, result, source.name, before))
        comments.extend(directives(source))
    _finish(result, comments, settings)
    return result


def _verdict(first: Item | None, result: RunResult, name: str, before: int) -> str:
    """What one input was read as (format and request count), or why it was passed over."""
    if isinstance(first, Skipped) and first.whole_file:
        return f"skipped: {first.reason}"
    if isinstance(first, ReadFailure) and first.format in ("input", "file"):
        return f"unreadable: {first.message}"
    if isinstance(first, Request):
        fmt = first.origin.format
    else:  # a capture's entry passed over or settled by the fast path, or a request that failed
        fmt = first.format if isinstance(first, ReadFailure) else "har"
    count = result.request_counts.get(name, 0) - before
    return f"read as {fmt}: {count} request{'s' if count != 1 else ''}"


def check_text(text: str, name: str, settings: Settings, config: Config | None = None) -> RunResult:
    """Check one input held in memory exactly as `run` checks a file (tests, embedding)."""
    config = config or Config()
    result = RunResult(findings=options_findings(settings.options, settings.rules))
    result.configs.append(config)
    source = SourceText(name, text.removeprefix("\ufeff"))  # as a file is read (utf-8-sig)
    result.sources[name] = source
    result.files = 1
    rules = _rules_for(name, config, settings)
    read = _read_options(name, config, settings)
    items = read_input(source, read.input_format, read.method, read.url, variables=read.variables, hosts=read.hosts)
    _check_items(result, iter(items), rules, _options(config, settings))
    fmt = read.input_format if read.input_format != "auto" else detect_format(name, source.text[:HEAD])
    # A HAR capture is streamed, its text not kept: it holds no suppression comments.
    _finish(result, [] if fmt == "har" else directives(source), settings)
    return result


def _finish(result: RunResult, comments: Sequence[Directive], settings: Settings) -> None:
    """Apply suppressions and sort: the last step of every run."""
    outcome = apply(result.findings, comments, result.configs, settings.rules)
    result.suppressed = outcome.suppressed
    result.findings = sorted(outcome.findings + outcome.reports, key=Finding.sort_key)


def fail_level(paths: Sequence[str], settings: Settings, given: str | None) -> str:
    """The severity that fails the run: the command line's, else the configuration's of the
    first input, else `error`."""
    if given:
        return given
    first = paths[0] if paths else STDIN
    return config_for(first, ConfigResolver(settings.config)).fail_level or "error"


def _rules_for(path: str, config: Config, settings: Settings) -> list[Rule]:
    select = settings.select if settings.select is not None else config.select
    extend = config.extend_select + settings.extend_select
    chosen = select_rules(settings.rules, select, ()) if select else list(settings.rules)
    if extend:
        chosen += [r for r in select_rules(settings.rules, extend, ()) if r not in chosen]
    ignored = config.ignored_rules(path) + settings.ignore
    return select_rules(chosen, (), ignored)


def _read_options(path: str, config: Config, settings: Settings) -> ReadOptions:
    read = settings.read
    variables = {**config.variables, **read.variables}
    hosts = tuple(dict.fromkeys(read.hosts + config.hosts))
    read = read._replace(variables=variables, hosts=hosts)
    if read.url is None and path != STDIN:
        target = config.target_for(path)
        if target is not None:
            read = read._replace(method=target.method, url=target.url)
    return read


def _options(config: Config, settings: Settings) -> Options:
    given = settings.options
    return Options(
        scopes=given.scopes if given.scopes is not None else config.scopes,
        grant=given.grant or config.grant,
        hosts=tuple(dict.fromkeys(settings.read.hosts + config.hosts)),
    )


def _check_items(result: RunResult, items: Iterator[Item], rules: Sequence[Rule], given: Options) -> None:
    options = given
    for item in items:
        if isinstance(item, Clean):
            if judges(options):  # the reader's verdict holds: a checked request, nothing found
                result.count_checked(item.source)
                continue
            item = item.request()  # the rules run (a Clean is never a token request either way)
        if isinstance(item, ReadFailure):
            result.count_request(item.source)
            _record_failure(result, item, rules)
            continue
        if isinstance(item, Skipped) and item.whole_file:
            result.files -= 1
            result.skip_file(item.reason)
            continue
        if isinstance(item, Skipped):
            result.skipped_entries[item.reason] = result.skipped_entries.get(item.reason, 0) + item.entries
            continue
        if item.target_known or item.body_error is None:
            result.count_checked(item.origin.source)
        else:  # a bare body that does not parse: nothing else to check
            result.requests += 1
            result.unreadable += 1
            result.count_request(item.origin.source)
        result.findings.extend(lint(item, rules, options))
        options = token_options(item, options, given)


def token_options(request: Request, current: Options, given: Options) -> Options:
    """The options for the requests after a token request in the same input: the new token's
    grant type and requested scopes. What the command line `given` says always wins."""
    if not is_token_request(request):
        return current
    form = dict(request.form)
    scopes = tuple(form["scope"].split()) if "scope" in form else None
    return Options(
        scopes=given.scopes if given.scopes is not None else scopes,
        grant=given.grant or _GRANT_TYPES.get(form.get("grant_type", "")),
        hosts=given.hosts,
    )


def _record_failure(result: RunResult, failure: ReadFailure, rules: Sequence[Rule]) -> None:
    result.unreadable += 1
    finding = failure_finding(failure, rules)
    if finding is not None:
        result.findings.append(finding)
