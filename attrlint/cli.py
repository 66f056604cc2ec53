"""The `attrlint` command line: check, explain, rules.

Only connects the parts: options become `Settings`, the runner checks, a reporter renders.
Heavy modules are imported inside the commands, so `--version` and `--help` stay instant.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

import click

from attrlint import __version__
from attrlint.reporters import AUTO
from attrlint.reporters import FORMATS as OUTPUT_FORMATS
from attrlint.sources import FORMATS as INPUT_FORMATS

if TYPE_CHECKING:
    from attrlint.catalog import Operation
    from attrlint.model import Finding

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}
GRANTS = ("client-credentials", "authorization-code", "implicit", "saml2-bearer", "password", "pkce")

CHECK_HELP = """Check requests for what makes the Genesys Cloud API refuse them.

PATHS are files or folders (folders are walked for .sh/.curl/.http/.json/.yaml files); `-` or
nothing reads stdin. Each input is read as one of:

\b
  json/yaml  a bare body (checked against --method/--url, or without them as a
             participant attributes body), or a request file with method, url,
             headers and body keys (a list of them, or {"requests": [...]})
  curl       one or more curl command lines (shell scripts too)
  http       raw HTTP request text: request line, headers, blank line, body

\b
Examples:
  attrlint check body.json --url /api/v2/conversations/calls/ID/participants/ID/attributes
  pbpaste | attrlint check -
  attrlint check request.sh --scopes conversations:readonly --format json

\b
Exit status: 0 no error-level finding, 1 error-level findings,
2 usage error or nothing could be read.
"""


def _split(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.replace(" ", ",").split(",") if part.strip()]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="attrlint", message="%(prog)s %(version)s")
def main() -> None:
    """attrlint: explain a Genesys Cloud Platform API 400 before the request is sent.

    Reads a request as you have it (JSON body, curl command, raw HTTP) and reports the wrong
    verb, path, body shape, value types, scopes and headers, each with the corrected request.
    """


@main.command(help=CHECK_HELP)
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option("-m", "--method", help="HTTP method for bare bodies (default PATCH when --url is given).")
@click.option(
    "-u", "--url", help="URL or path for bare bodies, e.g. /api/v2/conversations/{id}/participants/{id}/attributes."
)
@click.option(
    "--input-format",
    type=click.Choice(INPUT_FORMATS),
    default="auto",
    show_default=True,
    help="Read inputs as this format instead of detecting it.",
)
@click.option(
    "-f",
    "--format",
    "output_format",
    type=click.Choice((AUTO, *OUTPUT_FORMATS)),
    default=AUTO,
    show_default=True,
    help="Output format; auto is github annotations under GitHub Actions, text elsewhere.",
)
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Only these rules: codes, prefixes (NST), names or categories; comma-separated.",
)
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rules (same forms as --select).")
@click.option(
    "--scopes", multiple=True, metavar="SCOPES", help="OAuth scopes your token has (comma- or space-separated)."
)
@click.option(
    "--grant",
    type=click.Choice(GRANTS),
    help="OAuth grant your token came from; client-credentials switches to role/permission advice.",
)
@click.option(
    "--var",
    "variables",
    multiple=True,
    metavar="NAME=VALUE",
    help="Variable for .http files and Postman collections ({{NAME}}); repeatable.",
)
@click.option(
    "--host",
    "hosts",
    multiple=True,
    metavar="HOST",
    help="Extra API host (a gateway) whose HAR entries are checked; repeatable.",
)
@click.option("--extend-select", multiple=True, metavar="CODES", help="Rules to run in addition to the selection.")
@click.option(
    "--fail-level",
    type=click.Choice(["error", "warning", "info"]),
    help="Lowest severity that makes the exit status 1 (default: the configuration's, else error).",
)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this configuration file.")
@click.option("--no-config", is_flag=True, help="Ignore configuration files.")
@click.option(
    "--skip-bare-bodies",
    is_flag=True,
    help="Check a JSON/YAML file only if it describes its own request or a `payloads` entry names its target "
    "(for hooks that pass every changed .json file; a package.json is never a payload).",
)
@click.option("--statistics", is_flag=True, help="Print how many findings each rule produced, after the report.")
@click.option(
    "--show-files",
    is_flag=True,
    help="List every file looked at, with what it was read as or why it was skipped (on stderr).",
)
@click.option("-o", "--output-file", type=click.Path(dir_okay=False, writable=True), help="Write the report here.")
@click.option("--color/--no-color", default=None, help="Colour the text output (default: when writing to a terminal).")
def check(
    paths: tuple[str, ...],
    method: str | None,
    url: str | None,
    input_format: str,
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    scopes: tuple[str, ...],
    grant: str | None,
    variables: tuple[str, ...],
    hosts: tuple[str, ...],
    extend_select: tuple[str, ...],
    fail_level: str | None,
    config_path: str | None,
    no_config: bool,
    skip_bare_bodies: bool,
    statistics: bool,
    show_files: bool,
    output_file: str | None,
    color: bool | None,
) -> None:
    from pathlib import Path

    from attrlint.checks import Options
    from attrlint.config import ConfigError
    from attrlint.reporters import get_reporter, resolve_format
    from attrlint.rules import all_rules, unknown_selectors
    from attrlint.runner import Settings, run
    from attrlint.runner import fail_level as configured_fail_level
    from attrlint.sources import ReadOptions
    from attrlint.sources.common import host_name

    rules = all_rules()
    unknown = unknown_selectors(_split(select) + _split(ignore) + _split(extend_select), rules)
    if unknown:
        raise click.UsageError(f"no rule matches {', '.join(map(repr, unknown))} (see `attrlint rules`)")
    if method and not url:
        raise click.UsageError("--method needs --url (the request's URL or path)")
    bad = [v for v in variables if "=" not in v or not v.partition("=")[0].strip()]
    if bad:
        raise click.UsageError(f"--var takes NAME=VALUE, not {bad[0]!r}")
    if config_path and no_config:
        raise click.UsageError("--config and --no-config exclude each other")
    settings = Settings(
        rules=rules,
        options=Options(scopes=tuple(_split(scopes)) if scopes else None, grant=grant),
        read=ReadOptions(
            input_format=input_format,
            method=method.upper() if method else None,
            url=url,
            variables=dict((k.strip(), v) for k, _, v in (item.partition("=") for item in variables)),
            hosts=tuple(host_name(h) for h in _split(hosts)),
        ),
        select=tuple(_split(select)) if select else None,
        extend_select=tuple(_split(extend_select)),
        ignore=tuple(_split(ignore)),
        config=False if no_config else Path(config_path) if config_path else None,
        skip_bare_bodies=skip_bare_bodies,
    )
    try:
        result = run(list(paths), settings)
        level = configured_fail_level(list(paths), settings, fail_level)
    except ConfigError as error:
        click.echo(f"attrlint: configuration error: {error}", err=True)
        sys.exit(EXIT_USAGE)
    if show_files:
        click.echo("".join(f"{name}: {verdict}\n" for name, verdict in result.file_list), nl=False, err=True)
    use_color = sys.stdout.isatty() and "NO_COLOR" not in os.environ if color is None else color
    report = get_reporter(resolve_format(output_format, os.environ))(result, use_color and output_file is None)
    if output_file:
        with open(output_file, "w", encoding="utf-8") as handle:
            handle.writelines(report)
    else:
        for batch in _batches(report):
            click.echo(batch, nl=False)
    if statistics:
        click.echo(_statistics(result.findings), nl=False, err=output_file is None and output_format != "text")
    if result.files and result.checked == 0 and result.unreadable:
        sys.exit(EXIT_USAGE)
    threshold = SEVERITY_RANK[level]
    sys.exit(
        EXIT_FINDINGS if any(SEVERITY_RANK[f.severity.value] >= threshold for f in result.findings) else EXIT_CLEAN
    )


def _batches(pieces: Iterable[str], size: int = 1 << 16) -> Iterator[str]:
    """The report's pieces joined into writes of about `size` characters (click.echo flushes
    on every call)."""
    batch: list[str] = []
    length = 0
    for piece in pieces:
        batch.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(batch)
            batch, length = [], 0
    if batch:
        yield "".join(batch)


def _statistics(findings: Sequence[Finding]) -> str:
    """`count  CODE  name` per rule that reported something, most frequent first."""
    counts: dict[tuple[str, str], int] = {}
    for finding in findings:
        counts[(finding.code, finding.name)] = counts.get((finding.code, finding.name), 0) + 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return "".join(f"{count:5d}  {code}  {name}\n" for (code, name), count in ordered)


@main.command()
@click.argument("code")
def explain(code: str) -> None:
    """Print a rule's documentation: summary, why, fix and examples (CODE like NST001, or the
    rule's name)."""
    from attrlint.rules import all_rules, rule_files

    names = {r.name: r.code for r in all_rules()}
    wanted = names.get(code.strip().lower(), code.strip().upper())
    path = next((p for p in rule_files() if p.stem == wanted), None)
    if path is None:
        raise click.UsageError(f"no rule {code!r}; `attrlint rules` lists them")
    click.echo(path.read_text(encoding="utf-8"), nl=False)


@main.command()
@click.argument("pattern", required=False)
@click.option(
    "--body",
    "body_path",
    type=click.Path(exists=True, dir_okay=False, allow_dash=True),
    help="Rank the operations this JSON/YAML body fits.",
)
@click.option("-n", "--limit", type=int, default=10, show_default=True, help="How many operations to show for --body.")
def endpoints(pattern: str | None, body_path: str | None, limit: int) -> None:
    """Find operations: by PATTERN (path, SDK method or body model; substring or glob), or the
    ones a body fits (--body FILE).

    \b
    Examples:
      attrlint endpoints participants/{participantId}/attributes
      attrlint endpoints patchConversationsCallParticipantAttributes
      attrlint endpoints 'ParticipantAttributes'
      attrlint endpoints --body body.json
    """
    from attrlint import endpoints as finder

    if bool(pattern) == bool(body_path):
        raise click.UsageError("give a PATTERN or --body FILE (one of them)")
    if pattern:
        found = list(finder.search(pattern))
        for operation in found:
            click.echo(_operation_line(operation))
        if not found:
            click.echo(f"No operation matches {pattern!r}.")
            sys.exit(EXIT_FINDINGS)
        return
    from attrlint.sources.payload import parse_structured

    text = sys.stdin.read() if body_path == "-" else open(body_path or "", encoding="utf-8").read()
    fmt = "json" if text.lstrip()[:1] in "{[" else "yaml"
    body, error = parse_structured(text, fmt)
    if error is not None:
        raise click.UsageError(f"{body_path}: {error.message}")
    fits = finder.rank_for_body(body, limit)
    if not fits:
        click.echo("No operation's body model has these fields.")
        sys.exit(EXIT_FINDINGS)
    for fit in fits:
        verdict = "fits" if fit.valid else "partly"
        click.echo(f"{verdict:<7} {fit.known} known, {fit.unknown} unknown  {_operation_line(fit.operation)}")


def _operation_line(operation: Operation) -> str:
    deprecated = "  (deprecated)" if operation.deprecated else ""
    body = f"  body {operation.body_model}" if operation.body_model else ""
    names = f"  {operation.python_name} / {operation.js_name or '-'}"
    return f"{operation.method:<6} {operation.path}{body}{names}{deprecated}"


@main.command("rules")
@click.option("-f", "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_rules(output_format: str) -> None:
    """List every rule: code, severity, confidence, name and summary."""
    from attrlint.rules import all_rules

    rules = all_rules()
    if output_format == "json":
        import json

        click.echo(
            json.dumps(
                [
                    {
                        "code": r.code,
                        "name": r.name,
                        "category": r.category,
                        "severity": r.severity.value,
                        "confidence": r.confidence.value,
                        "summary": r.summary,
                    }
                    for r in rules
                ],
                indent=2,
            )
        )
        return
    for rule in rules:
        click.echo(
            f"{rule.code}  {rule.severity.value:<7}  {rule.confidence.value:<7}  {rule.name:<34}  {rule.summary}"
        )
