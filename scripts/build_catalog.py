"""Generate attrlint's operations catalog and request-body JSON Schemas from the official SDKs.

Run by hand; the output is committed, so attrlint never needs the SDKs (or the network) at run
time::

    python scripts/build_catalog.py                      # downloads the pinned SDKs
    python scripts/build_catalog.py --wheel W.whl --npm-tgz P.tgz   # reuse local copies

Sources (nothing is installed or imported; the files are read as text):

- PyPI ``PureCloudPlatformClientV2`` (wheel): ``apis/*.py`` give every operation (path, verb,
  body and response types, deprecation, summary, API class, Python method name);
  ``models/*.py`` give each model's ``swagger_types``, ``attribute_map`` and enum
  ``allowed_values``.
- npm ``purecloud-platform-client-v2`` (tarball): ``src/.../api/*.js`` give the JS method names.

Outputs:

- ``schemas/catalog.json``: one entry per unique (HTTP method, path) pair, compact and
  deterministic (reruns are byte-identical). It is read on every attrlint run, so its layout
  is chosen for load time (see `catalog_document`).
- ``schemas/bodies/<stem>.json``: one self-contained Draft 2020-12 schema per request-body type
  (nested models in ``$defs``). By default only the bodies attrlint checks today (every
  operation under ``/participants/{participantId}`` plus the conversation-level look-alikes);
  ``--all-bodies`` writes one for every body type in the catalog.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PY_SDK = "PureCloudPlatformClientV2"
PY_VERSION = "269.0.0"
JS_SDK = "purecloud-platform-client-v2"
JS_VERSION = "262.0.0"

REPO_ROOT = Path(__file__).resolve().parents[1]
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Fields of a merged operation row; catalog.json stores all but python_aliases in each row.
FIELDS = (
    "method",
    "path",
    "python_name",
    "js_name",
    "api_class",
    "body_model",
    "body_required",
    "response_model",
    "deprecated",
    "summary",
    "python_aliases",
)
BOOL_FIELDS = frozenset({"body_required", "deprecated"})
SEPARATOR = "|"  # between the fields of a catalog.json row; occurs in no field

# Bodies generated without --all-bodies: every operation whose path contains this fragment ...
DEFAULT_BODY_PATH_FRAGMENT = "/participants/{participantId}"
# ... plus the conversation-level look-alikes people confuse with participant attributes.
DEFAULT_EXTRA_BODIES = (
    "Conversation",
    "CustomAttributesPatchRequest",
    "CustomAttributesUpdateRequest",
    "ConversationSecureAttributes",
)

_PRIMITIVES: dict[str, dict[str, Any]] = {
    "str": {"type": "string"},
    "int": {"type": "integer"},
    "float": {"type": "number"},
    "bool": {"type": "boolean"},
    "datetime": {"type": "string", "format": "date-time"},
    "date": {"type": "string", "format": "date"},
    # The SDK's two special cases (api_client.py): an ISO-8601 date-time without a zone, which
    # JSON Schema's `date-time` format (RFC 3339, zone required) would reject, and `YYYY-MM`.
    "LocalDateTime": {"type": "string"},
    "YearMonth": {"type": "string"},
    "object": {},
}


@dataclass
class PyMethod:
    """One public method of an SDK API class."""

    api_class: str
    name: str
    method: str
    path: str
    body_model: str | None
    body_required: bool
    response_model: str | None
    deprecated: bool
    summary: str


@dataclass
class Model:
    """One SDK model class: JSON property name -> (SDK type, description, enum values)."""

    name: str
    properties: dict[str, tuple[str, str, list[str] | None]] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------
# Fetching


def download_wheel(dest: Path) -> Path:
    """Download the pinned Python SDK wheel into `dest` with pip (no dependencies, no install)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary",
            ":all:",
            "-d",
            str(dest),
            f"{PY_SDK}=={PY_VERSION}",
        ],
        check=True,
    )
    return next(dest.glob("*.whl"))


def download_npm(dest: Path) -> Path | None:
    """`npm pack` the pinned JS SDK into `dest`; None (with a warning) when npm is unavailable."""
    npm = shutil.which("npm")
    if npm is None:
        print("warning: npm not found; JS names are left empty", file=sys.stderr)
        return None
    try:
        subprocess.run([npm, "pack", f"{JS_SDK}@{JS_VERSION}"], cwd=dest, check=True, stdout=subprocess.DEVNULL)
    except subprocess.CalledProcessError as exc:
        print(f"warning: npm pack failed ({exc}); JS names are left empty", file=sys.stderr)
        return None
    return next(dest.glob("*.tgz"))


# --------------------------------------------------------------------------------------------
# Python SDK: operations

_PY_DEF = re.compile(r"^((?:    @.*\n)*)    def (\w+)\(self", re.MULTILINE)
_PY_CLASS = re.compile(r"^class (\w+)\(object\):", re.MULTILINE)
_PY_PATH = re.compile(r"resource_path = '([^']+)'")
_PY_VERB = re.compile(r"call_api\(resource_path, '([A-Z]+)'")
_PY_BODY = re.compile(r":param (\S+) body:(.*)")
_PY_RESPONSE = re.compile(r"response_type=(None|'([^']*)')")
_PY_DOC = re.compile(r'"""(.*?)"""', re.DOTALL)


def parse_api_module(source: str) -> list[PyMethod]:
    """Extract every public operation method from one `apis/*.py` module."""
    class_match = _PY_CLASS.search(source)
    if class_match is None:
        return []
    api_class = class_match.group(1)
    starts = list(_PY_DEF.finditer(source))
    methods: list[PyMethod] = []
    for i, head in enumerate(starts):
        name = head.group(2)
        if name.startswith("_"):
            continue
        end = starts[i + 1].start() if i + 1 < len(starts) else len(source)
        body = source[head.start() : end]
        path, verb = _PY_PATH.search(body), _PY_VERB.search(body)
        doc = _PY_DOC.search(body)
        if path is None or verb is None or doc is None:
            raise ValueError(f"{api_class}.{name}: cannot find path, verb or docstring")
        docstring = doc.group(1)
        # The operation's own prose ends where the generated boilerplate starts; parameter docs
        # may mention deprecated *fields*, which must not mark the operation deprecated.
        description = docstring.split("This method makes a synchronous")[0]
        body_param = _PY_BODY.search(docstring)
        response = _PY_RESPONSE.search(body)
        methods.append(
            PyMethod(
                api_class=api_class,
                name=name,
                method=verb.group(1),
                path=path.group(1),
                body_model=body_param.group(1) if body_param else None,
                body_required=bool(body_param and "(required)" in body_param.group(2)),
                response_model=response.group(2) if response and response.group(2) else None,
                deprecated="@deprecated(" in head.group(1) or "deprecated" in description.lower(),
                summary=next((ln.strip() for ln in description.splitlines() if ln.strip()), ""),
            )
        )
    return methods


def read_python_operations(wheel: zipfile.ZipFile) -> list[PyMethod]:
    """All public operation methods of every API class in the wheel, in file order."""
    methods: list[PyMethod] = []
    for name in sorted(wheel.namelist()):
        if re.fullmatch(rf"{PY_SDK}/apis/\w+_api\.py", name):
            methods.extend(parse_api_module(wheel.read(name).decode("utf-8")))
    return methods


# --------------------------------------------------------------------------------------------
# JS SDK: method names

_JS_CLASS = re.compile(r"^class (\w+) \{", re.MULTILINE)
_JS_DEF = re.compile(r"^\t(\w+)\([^)]*\) \{", re.MULTILINE)
_JS_CALL = re.compile(r"callApi\(\s*'([^']+)',\s*'([A-Z]+)'")


def parse_js_module(source: str) -> list[tuple[str, str, str, str]]:
    """(class, method name, HTTP method, path) for every `callApi` in one `api/*.js` file."""
    class_match = _JS_CLASS.search(source)
    if class_match is None:
        return []
    starts = list(_JS_DEF.finditer(source))
    found = []
    for i, head in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(source)
        call = _JS_CALL.search(source, head.end(), end)
        if call is not None:
            found.append((class_match.group(1), head.group(1), call.group(2), call.group(1)))
    return found


def read_js_names(tgz: Path) -> dict[tuple[str, str], dict[str, str]]:
    """(HTTP method, path) -> {JS API class: JS method name}."""
    names: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    with tarfile.open(tgz) as tar:
        for member in sorted(tar.getmembers(), key=lambda m: m.name):
            if not re.fullmatch(r"package/src/purecloud-platform-client-v2/api/\w+\.js", member.name):
                continue
            handle = tar.extractfile(member)
            assert handle is not None
            for api_class, name, verb, path in parse_js_module(handle.read().decode("utf-8")):
                names[(verb, path)][api_class] = name
    return names


# --------------------------------------------------------------------------------------------
# Merging into one operation per (method, path)


def _class_matches_segment(api_class: str, path: str) -> bool:
    """True when the API class is named after the path's first segment.

    `conversations` -> ConversationsApi, `speechandtextanalytics` -> SpeechTextAnalyticsApi,
    `telephony` -> TelephonyProvidersEdgeApi.
    """

    def norm(word: str) -> str:
        return word.lower().replace("and", "").rstrip("s")

    segment, stem = norm(path.split("/")[3]), norm(api_class.removesuffix("Api"))
    return stem.startswith(segment) or segment.startswith(stem)


def merge_operations(methods: list[PyMethod], js: dict[tuple[str, str], dict[str, str]] | None) -> list[list[Any]]:
    """One row per unique (method, path), following FIELDS, sorted by path segments, method."""
    by_pair: dict[tuple[str, str], list[PyMethod]] = defaultdict(list)
    for m in methods:
        by_pair[(m.method, m.path)].append(m)
    rows: list[list[Any]] = []
    for (verb, path), group in by_pair.items():
        group.sort(key=lambda m: (not _class_matches_segment(m.api_class, path), m.api_class))
        chosen = group[0]
        js_names = (js or {}).get((verb, path), {})
        js_name = js_names.get(chosen.api_class) or next((js_names[c] for c in sorted(js_names)), None)
        aliases = sorted({m.name for m in group[1:]} - {chosen.name})
        rows.append(
            [
                verb,
                path,
                chosen.name,
                js_name,
                chosen.api_class,
                chosen.body_model,
                chosen.body_required,
                chosen.response_model,
                any(m.deprecated for m in group),
                chosen.summary,
                aliases,
            ]
        )
    # By segments, not by string: keeps every subtree (and so each first segment) contiguous.
    rows.sort(key=lambda r: (r[1].split("/"), r[0]))
    return rows


# --------------------------------------------------------------------------------------------
# Models -> JSON Schema

_MODEL_CLASS = re.compile(r"^class (\w+)\(object\):", re.MULTILINE)
_DICT_LITERAL = r"self\.{name} = \{{(.*?)\}}"
_PAIR = re.compile(r"'([^']+)': '([^']+)'")
_GETTER = re.compile(r"    @property\n    def (\w+)\(self\)[^:]*:\n        \"\"\"\n(.*?)\"\"\"", re.DOTALL)
_SETTER = re.compile(r"    @(\w+)\.setter\n    def \w+\(self[^)]*\)[^:]*:\n(.*?)(?=\n    @|\n    def |\Z)", re.DOTALL)
_ALLOWED = re.compile(r"allowed_values = (\[.*?\])\n")


def parse_model_module(source: str) -> Model | None:
    """Parse one `models/*.py` file; None when it holds no model class."""
    class_match = _MODEL_CLASS.search(source)
    if class_match is None:
        return None
    model = Model(class_match.group(1))
    types_match = re.search(_DICT_LITERAL.format(name="swagger_types"), source, re.DOTALL)
    map_match = re.search(_DICT_LITERAL.format(name="attribute_map"), source, re.DOTALL)
    if types_match is None or map_match is None:
        raise ValueError(f"{model.name}: no swagger_types/attribute_map")
    types = dict(_PAIR.findall(types_match.group(1)))
    json_names = dict(_PAIR.findall(map_match.group(1)))
    descriptions: dict[str, str] = {}
    for getter in _GETTER.finditer(source):
        lines = [ln.strip() for ln in getter.group(2).split(":return:")[0].splitlines()]
        descriptions[getter.group(1)] = " ".join(ln for ln in lines[1:] if ln)
    enums: dict[str, list[str]] = {}
    for setter in _SETTER.finditer(source):
        allowed = _ALLOWED.search(setter.group(2))
        if allowed is not None:
            enums[setter.group(1)] = json.loads(allowed.group(1))
    for attr, sdk_type in types.items():
        model.properties[json_names[attr]] = (sdk_type, descriptions.get(attr, ""), enums.get(attr))
    return model


def read_models(wheel: zipfile.ZipFile) -> dict[str, Model]:
    """Model class name -> parsed model, for every file in the wheel's `models/`."""
    models: dict[str, Model] = {}
    for name in sorted(wheel.namelist()):
        if re.fullmatch(rf"{PY_SDK}/models/\w+\.py", name) and not name.endswith("__init__.py"):
            model = parse_model_module(wheel.read(name).decode("utf-8"))
            if model is not None:
                models[model.name] = model
    return models


def schema_stem(sdk_type: str) -> str:
    """File stem for a body type: model names as-is, containers flattened (`list[str]` -> `list_str`).

    attrlint/catalog.py applies the same rule; model names never contain `_`, so stems of
    container types cannot collide with model names.
    """
    return re.sub(r"[^A-Za-z0-9]+", "_", sdk_type).strip("_")


def split_type(sdk_type: str) -> tuple[str, str | None]:
    """('list', X) / ('dict', X) / ('name', None) for an SDK type string."""
    if sdk_type.startswith("list[") and sdk_type.endswith("]"):
        return "list", sdk_type[5:-1]
    if sdk_type.startswith("dict(str, ") and sdk_type.endswith(")"):
        return "dict", sdk_type[10:-1]
    return "name", None


class SchemaBuilder:
    """Turn SDK type strings into JSON Schema fragments, collecting referenced models."""

    def __init__(self, models: dict[str, Model], root: str | None) -> None:
        """`root` is the model the document describes itself (referenced as `#`)."""
        self.models = models
        self.root = root
        self.needed: set[str] = set()

    def type_schema(self, sdk_type: str) -> dict[str, Any]:
        """JSON Schema for one SDK type string."""
        kind, inner = split_type(sdk_type)
        if kind == "list" and inner is not None:
            return {"type": "array", "items": self.type_schema(inner)}
        if kind == "dict" and inner is not None:
            return {"type": "object", "additionalProperties": self.type_schema(inner)}
        if sdk_type in _PRIMITIVES:
            return dict(_PRIMITIVES[sdk_type])
        if sdk_type not in self.models:
            raise KeyError(f"unknown SDK type {sdk_type!r}")
        if sdk_type == self.root:
            return {"$ref": "#"}
        self.needed.add(sdk_type)
        return {"$ref": f"#/$defs/{sdk_type}"}

    def model_schema(self, name: str) -> dict[str, Any]:
        """Object schema for one model: its properties (known names; unknown ones not refused)."""
        properties: dict[str, Any] = {}
        for json_name, (sdk_type, description, enum) in self.models[name].properties.items():
            prop = self.type_schema(sdk_type)
            if enum is not None:
                prop["enum"] = enum
            if description:
                prop["description"] = description
            properties[json_name] = prop
        return {"type": "object", "title": name, "properties": properties}

    def document(self, sdk_type: str) -> dict[str, Any]:
        """Self-contained schema document for a body type, nested models in `$defs`."""
        if sdk_type in self.models:
            doc = self.model_schema(sdk_type)
        else:
            doc = {"title": sdk_type, **self.type_schema(sdk_type)}
        defs: dict[str, Any] = {}
        while pending := sorted(self.needed - defs.keys()):
            for name in pending:
                defs[name] = self.model_schema(name)
        result: dict[str, Any] = {"$schema": SCHEMA_DIALECT, **doc}
        if defs:
            result["$defs"] = dict(sorted(defs.items()))
        return result


def body_document(models: dict[str, Model], sdk_type: str) -> dict[str, Any]:
    """The schema document written to schemas/bodies/<stem>.json for one body type."""
    root = sdk_type if sdk_type in models else None
    return SchemaBuilder(models, root).document(sdk_type)


def selected_bodies(rows: list[list[Any]], all_bodies: bool) -> list[str]:
    """Body types to write schemas for."""
    body_col, path_col = FIELDS.index("body_model"), FIELDS.index("path")
    chosen = {r[body_col] for r in rows if r[body_col] and (all_bodies or DEFAULT_BODY_PATH_FRAGMENT in r[path_col])}
    if not all_bodies:
        chosen.update(DEFAULT_EXTRA_BODIES)
    return sorted(chosen)


# --------------------------------------------------------------------------------------------
# Writing


def camel_case(python_name: str) -> str:
    """The JS SDK's usual name for a Python SDK method (`patch_a_b` -> `patchAB`)."""
    first, *rest = python_name.split("_")
    return first + "".join(word[:1].upper() + word[1:] for word in rest)


def catalog_document(rows: list[list[Any]]) -> dict[str, Any]:
    """The catalog.json document.

    `operations` holds one string per operation, its fields (`fields`) joined by `|`, rows
    sorted by path segments then method. A string per row parses about three times faster than
    a JSON array per row (and `|`, unlike a tab, needs no JSON escape, which would slow the
    parser down again); a reader splits only the rows it uses. Encodings: `path` without the
    shared `prefix`; empty = null; booleans `0`/`1`; `api_class` = index into `classes`;
    `js_name` = `*` when it is the camelCase of `python_name` (all but a handful).
    `sections` maps each first path segment to its row range [start, end), so a reader
    indexes only the part of the API a request touches. `python_aliases` maps another API
    class's Python name for the same operation to the name in `operations`.
    """
    prefix = "/api/v2"
    fields = [name for name in FIELDS if name != "python_aliases"]
    classes = sorted({r[FIELDS.index("api_class")] for r in rows})
    class_index = {name: i for i, name in enumerate(classes)}
    aliases: dict[str, str] = {}
    sections: dict[str, list[int]] = {}
    lines = []
    for number, row in enumerate(rows):
        op = dict(zip(FIELDS, row, strict=True))
        if not op["path"].startswith(prefix + "/"):
            raise ValueError(f"path outside {prefix}: {op['path']}")
        first = op["path"].split("/")[3]
        if first.startswith("{"):
            raise ValueError(f"first segment is a placeholder: {op['path']}")
        section = sections.setdefault(first, [number, number])
        if section[1] != number:
            raise ValueError(f"rows under /{first} are not contiguous")
        section[1] = number + 1
        aliases.update((alias, op["python_name"]) for alias in op["python_aliases"])
        op["path"] = op["path"][len(prefix) :]
        op["api_class"] = str(class_index[op["api_class"]])
        js_name = op["js_name"]
        op["js_name"] = "*" if js_name == camel_case(op["python_name"]) else js_name
        values = [("1" if op[name] else "0") if name in BOOL_FIELDS else (op[name] or "") for name in fields]
        if any(SEPARATOR in v or "\n" in v for v in values):
            raise ValueError(f"{SEPARATOR!r} or newline in a field of {row[0]} {row[1]}")
        lines.append(SEPARATOR.join(values))
    return {
        "sdk": {"python": PY_VERSION, "js": JS_VERSION},
        "prefix": prefix,
        "fields": fields,
        "classes": classes,
        "python_aliases": aliases,
        "sections": sections,
        "operations": lines,
    }


def dump_compact(doc: Any) -> str:
    """Deterministic compact JSON (byte-identical across reruns)."""
    return json.dumps(doc, separators=(",", ":"), ensure_ascii=False, sort_keys=True) + "\n"


def write_outputs(out: Path, rows: list[list[Any]], models: dict[str, Model], all_bodies: bool) -> None:
    """Write catalog.json and the body schemas; stale body files are removed."""
    bodies_dir = out / "bodies"
    bodies_dir.mkdir(parents=True, exist_ok=True)
    (out / "catalog.json").write_text(dump_compact(catalog_document(rows)), encoding="utf-8")
    wanted: set[str] = set()
    for sdk_type in selected_bodies(rows, all_bodies):
        stem = schema_stem(sdk_type)
        wanted.add(f"{stem}.json")
        text = json.dumps(body_document(models, sdk_type), indent=1, ensure_ascii=False) + "\n"
        (bodies_dir / f"{stem}.json").write_text(text, encoding="utf-8")
    for stale in bodies_dir.glob("*.json"):
        if stale.name not in wanted:
            stale.unlink()


def report(rows: list[list[Any]], methods: list[PyMethod], js_found: bool) -> None:
    """Print the counts a reviewer compares with the facts file."""
    js_col = FIELDS.index("js_name")
    verbs: dict[str, int] = defaultdict(int)
    for r in rows:
        verbs[r[0]] += 1
    print(f"methods: {len(methods)}; unique (method, path): {len(rows)}; verbs: {dict(sorted(verbs.items()))}")
    print(
        f"deprecated: {sum(1 for r in rows if r[FIELDS.index('deprecated')])}; "
        f"with python aliases: {sum(1 for r in rows if r[-1])}"
    )
    if js_found:
        print(f"operations without a JS name: {sum(1 for r in rows if r[js_col] is None)}")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--wheel", type=Path, help=f"local {PY_SDK} {PY_VERSION} wheel")
    parser.add_argument("--npm-tgz", type=Path, help=f"local {JS_SDK} {JS_VERSION} tarball")
    parser.add_argument(
        "--out", type=Path, default=REPO_ROOT / "schemas", help="output folder (default: the repo's schemas/)"
    )
    parser.add_argument(
        "--all-bodies", action="store_true", help="write a body schema for every operation, not only the default set"
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        wheel_path = args.wheel or download_wheel(Path(tmp))
        tgz_path = args.npm_tgz or download_npm(Path(tmp))
        with zipfile.ZipFile(wheel_path) as wheel:
            methods = read_python_operations(wheel)
            models = read_models(wheel)
        js = read_js_names(tgz_path) if tgz_path else None

    rows = merge_operations(methods, js)
    report(rows, methods, js is not None)
    write_outputs(args.out, rows, models, args.all_bodies)
    print(f"wrote {args.out / 'catalog.json'} and {len(list((args.out / 'bodies').glob('*.json')))} body schemas")
    return 0


if __name__ == "__main__":
    sys.exit(main())
