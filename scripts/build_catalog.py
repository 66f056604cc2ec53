"""Generate attrlint's operations catalog and request-body JSON Schemas from the official SDKs.

Run by hand; the output is committed, so attrlint never needs the SDKs (or the network) at run
time::

    python scripts/build_catalog.py                      # downloads the pinned SDKs
    python scripts/build_catalog.py --wheel W.whl --npm-tgz P.tgz   # reuse local copies

Sources (nothing is installed or imported; the files are read as text):

- PyPI ``PureCloudPlatformClientV2`` (wheel): ``apis/*.py`` give every operation (path, verb,
  body and response types, deprecation, summary, API class, Python method name);
  ``models/*.py`` give each model's ``swagger_types``, ``attribute_map``, enum
  ``allowed_values`` and property descriptions.
- npm ``purecloud-platform-client-v2`` (tarball): ``src/.../api/*.js`` give the JS method names;
  ``index.d.ts`` gives required properties (a model interface's property without ``?``) and
  each method's body type, which ties a Python model to its TypeScript interface (see
  `map_ts_interfaces`). The Python models carry no required flags.

Outputs:

- ``schemas/catalog.json``: one entry per unique (HTTP method, path) pair, compact and
  deterministic (reruns are byte-identical). It is read on every attrlint run, so its layout
  is chosen for load time (see `catalog_document`).
- ``schemas/bodies/<stem>.json``: one self-contained Draft 2020-12 schema per request-body type
  of every operation that takes a body (nested models in ``$defs``), compact JSON, read one at
  a time when a request needs it. Validation keywords only (type, properties, items, enum,
  required, format, $ref): property descriptions are not needed to validate and would more
  than double the files, so they go to ``schemas/bodies/_docs/descriptions.json`` instead
  (model -> JSON property -> text, for every model a body schema holds). No
  ``additionalProperties: false``: whether the server refuses unknown fields is undocumented.
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
    "public",
    "summary",
    "python_aliases",
)
BOOL_FIELDS = frozenset({"body_required", "deprecated", "public"})
SEPARATOR = "|"  # between the fields of a catalog.json row; occurs in no field

# Where the property descriptions of the body models go (relative to the output folder); not a
# body schema, so it is kept out of `bodies/*.json`.
DESCRIPTIONS_FILE = Path("bodies") / "_docs" / "descriptions.json"

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
    public: bool
    summary: str


@dataclass
class Model:
    """One SDK model class: JSON property name -> (SDK type, description, enum values).

    `required` (JSON names, in property order) comes from the JS SDK's type declarations.
    """

    name: str
    properties: dict[str, tuple[str, str, list[str] | None]] = field(default_factory=dict)
    required: list[str] = field(default_factory=list)


@dataclass
class JsSdk:
    """What the JS SDK tarball contributes.

    `names`: (HTTP method, path) -> {JS API class: JS method name}. From ``index.d.ts``:
    `interfaces`: interface name -> JSON property -> (required, TypeScript type), the
    ``Models`` namespace; `body_types`: (JS API class, method) -> TypeScript type of the body.
    """

    names: dict[tuple[str, str], dict[str, str]]
    interfaces: dict[str, dict[str, tuple[bool, str]]] = field(default_factory=dict)
    body_types: dict[tuple[str, str], str] = field(default_factory=dict)


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
_PY_NO_AUTH = re.compile(r"auth_settings = \[\]")  # the SDK sends no token: a public operation
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
                public=_PY_NO_AUTH.search(body) is not None,
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


def read_js(tgz: Path) -> JsSdk:
    """The JS method names of every operation, and the model interfaces of ``index.d.ts``."""
    names: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    declarations = None
    with tarfile.open(tgz) as tar:
        for member in sorted(tar.getmembers(), key=lambda m: m.name):
            is_api = re.fullmatch(r"package/src/purecloud-platform-client-v2/api/\w+\.js", member.name)
            if not is_api and member.name != "package/index.d.ts":
                continue
            handle = tar.extractfile(member)
            assert handle is not None
            source = handle.read().decode("utf-8")
            if not is_api:
                declarations = source
                continue
            for api_class, name, verb, path in parse_js_module(source):
                names[(verb, path)][api_class] = name
    if declarations is None:
        raise ValueError(f"{tgz}: no package/index.d.ts")
    interfaces, body_types = parse_type_declarations(declarations)
    return JsSdk(dict(names), interfaces, body_types)


# ``index.d.ts``: `declare class XApi {` holds one line per method, `declare namespace XApi {`
# its `<method>Options` interfaces (an optional body is `"body"?: T` there), and
# `declare namespace Models {` one `export interface` per model with one line per property.
_TS_BLOCK = re.compile(r"^declare (class|namespace) (\w+) \{ ?\n(.*?)^\}", re.MULTILINE | re.DOTALL)
_TS_METHOD = re.compile(r"^  \t(\w+)\((.*)\): Promise<", re.MULTILINE)
_TS_BODY_ARG = re.compile(r"(?:^|, )body: ([^,]+)")  # TypeScript types in index.d.ts hold no comma
_TS_INTERFACE = re.compile(r"^\texport interface (\w+) \{ ?\n(.*?)^\t\}", re.MULTILINE | re.DOTALL)
_TS_PROPERTY = re.compile(r'\t\t"([^"]+)"(\??): (.+);')


def parse_type_declarations(
    source: str,
) -> tuple[dict[str, dict[str, tuple[bool, str]]], dict[tuple[str, str], str]]:
    """(model interfaces, body types by (API class, method)) of the JS SDK's ``index.d.ts``."""
    interfaces: dict[str, dict[str, tuple[bool, str]]] = {}
    body_types: dict[tuple[str, str], str] = {}
    for block in _TS_BLOCK.finditer(source):
        kind, name, text = block.groups()
        if kind == "class":
            for method in _TS_METHOD.finditer(text):
                body = _TS_BODY_ARG.search(method.group(2))
                if body is not None:
                    body_types[(name, method.group(1))] = body.group(1)
            continue
        other = re.search(r"^\t(?!export interface |\})\S.*", text, re.MULTILINE)  # an enum, a nested namespace
        if other is not None:
            raise ValueError(f"index.d.ts {name}: cannot read {other.group(0)!r}")
        for interface in _TS_INTERFACE.finditer(text):
            properties: dict[str, tuple[bool, str]] = {}
            for line in interface.group(2).splitlines():
                prop = _TS_PROPERTY.fullmatch(line)
                if prop is None:
                    raise ValueError(f"index.d.ts {name}.{interface.group(1)}: cannot read {line!r}")
                properties[prop.group(1)] = (prop.group(2) != "?", prop.group(3))
            if name == "Models":
                interfaces[interface.group(1)] = properties
            elif interface.group(1).endswith("Options") and "body" in properties:
                body_types[(name, interface.group(1).removesuffix("Options"))] = properties["body"][1]
    return interfaces, body_types


def split_ts_type(ts_type: str) -> tuple[str, str]:
    """('list', T) / ('dict', T) / ('model', interface name) / ('other', type) for a TS type."""
    if ts_type.startswith("Array<") and ts_type.endswith(">"):
        return "list", ts_type[6:-1]
    if ts_type.startswith("{ [key: string]: ") and ts_type.endswith("; }"):
        return "dict", ts_type[17:-3]
    if ts_type.startswith("Models."):
        return "model", ts_type[7:]
    return "other", ts_type


@dataclass
class TsMapping:
    """Which TypeScript interface describes each Python model (see `map_ts_interfaces`)."""

    interfaces: dict[str, str] = field(default_factory=dict)  # Python model -> TS interface
    by_name: set[str] = field(default_factory=set)  # mapped by equal name, not by position
    conflicts: list[str] = field(default_factory=list)


def map_ts_interfaces(rows: list[list[Any]], models: dict[str, Model], js: JsSdk) -> TsMapping:
    """Tie Python models to TypeScript interfaces by the place they take in a request.

    The two SDKs need not agree on names, so the types are walked side by side: an operation's
    Python body type against its JS method's body type, then each mapped model's properties
    against its interface's properties of the same JSON name (`list[X]` / `Array<T>`,
    `dict(str, X)` / `{ [key: string]: T; }`, model / `Models.Y`). A model reached that way
    maps to the interface found there; a body model never reached (the JS SDK is older and
    lacks its operation) falls back to the interface of the same name, if any. The first
    mapping found wins; a model met at two different interfaces, or a model against a
    non-model type, is a conflict.
    """
    result = TsMapping()
    pending: list[str] = []

    def unify(py_type: str, ts_type: str, where: str) -> None:
        kind, inner = split_type(py_type)
        ts_kind, ts_inner = split_ts_type(ts_type)
        if kind in ("list", "dict") and inner is not None:
            if ts_kind == kind:
                unify(inner, ts_inner, where)
            else:
                result.conflicts.append(f"{where}: {py_type} is {ts_type} in index.d.ts")
        elif py_type in models:
            if ts_kind != "model":
                result.conflicts.append(f"{where}: {py_type} is {ts_type} in index.d.ts")
            elif py_type not in result.interfaces:
                result.interfaces[py_type] = ts_inner
                pending.append(py_type)
            elif result.interfaces[py_type] != ts_inner:
                result.conflicts.append(f"{where}: {py_type} is {ts_inner}, elsewhere {result.interfaces[py_type]}")

    body_col = FIELDS.index("body_model")
    for row in rows:
        if not row[body_col]:
            continue
        classes = js.names.get((row[0], row[1]), {})
        ts_body = next((js.body_types[(c, m)] for c, m in sorted(classes.items()) if (c, m) in js.body_types), None)
        if ts_body is not None:
            unify(row[body_col], ts_body, f"{row[0]} {row[1]}")
    while pending:
        name = pending.pop(0)
        interface = js.interfaces.get(result.interfaces[name])
        if interface is None:
            result.conflicts.append(f"{name}: no interface {result.interfaces[name]} in index.d.ts")
            del result.interfaces[name]
            continue
        for json_name, (py_type, _, _) in models[name].properties.items():
            if json_name in interface:
                unify(py_type, interface[json_name][1], f"{name}.{json_name}")
    for name in sorted(reachable_models(models, [r[body_col] for r in rows if r[body_col]])):
        if name not in result.interfaces and name in js.interfaces:
            result.interfaces[name] = name
            result.by_name.add(name)
    return result


def apply_required(models: dict[str, Model], js: JsSdk, mapping: TsMapping) -> list[str]:
    """Set each mapped model's `required` from its interface; return the required TS properties
    the Python model lacks (the SDKs' versions differ), as `Model.property`."""
    missing: list[str] = []
    for name, interface_name in mapping.interfaces.items():
        interface = js.interfaces[interface_name]
        model = models[name]
        model.required = [p for p in model.properties if interface.get(p, (False, ""))[0]]
        missing.extend(
            f"{name}.{p}" for p, (required, _) in interface.items() if required and p not in model.properties
        )
    return sorted(missing)


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
                all(m.public for m in group),
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


def enum_values(where: str, sdk_type: str, allowed: list[str]) -> list[Any]:
    """An enum's values as JSON values of the property's type, in the SDK's exact case.

    The SDK writes every `allowed_values` list as strings, also for an `int` property (an
    address `family` of 2 or 23); the schema must say 2, not "2", or no integer would pass.
    The SDK itself compares case-insensitively; the schema keeps the exact case.
    """
    if sdk_type in ("str", "LocalDateTime", "YearMonth", "datetime", "date"):
        return allowed
    if sdk_type == "int":
        return [int(value) for value in allowed]
    if sdk_type == "float":
        return [float(value) for value in allowed]
    raise ValueError(f"{where}: enum on an SDK type {sdk_type!r} the generator does not convert")


def reachable_models(models: dict[str, Model], types: list[str]) -> set[str]:
    """The models the SDK types `types` refer to, directly or through other models."""
    found: set[str] = set()

    def visit(sdk_type: str) -> None:
        kind, inner = split_type(sdk_type)
        if inner is not None:
            visit(inner)
        elif sdk_type in models and sdk_type not in found:
            found.add(sdk_type)
            for prop_type, _, _ in models[sdk_type].properties.values():
                visit(prop_type)

    for sdk_type in types:
        visit(sdk_type)
    return found


class SchemaBuilder:
    """Turn SDK type strings into JSON Schema fragments, collecting referenced models."""

    def __init__(self, models: dict[str, Model]) -> None:
        """Build from the parsed SDK models."""
        self.models = models
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
        self.needed.add(sdk_type)
        return {"$ref": f"#/$defs/{sdk_type}"}

    def model_schema(self, name: str) -> dict[str, Any]:
        """Object schema for one model: its properties (known names; unknown ones not refused)
        and its required ones. Descriptions are left out (see `descriptions_document`)."""
        model = self.models[name]
        properties: dict[str, Any] = {}
        for json_name, (sdk_type, _, enum) in model.properties.items():
            prop = self.type_schema(sdk_type)
            if enum is not None:
                prop["enum"] = enum_values(f"{name}.{json_name}", sdk_type, enum)
                if sdk_type in ("int", "float"):
                    # The Python SDK's enum setters turn a number into a string ("2") before
                    # sending; both forms come from official clients, so both are accepted.
                    prop["type"] = [prop["type"], "string"]
                    prop["enum"] = prop["enum"] + [str(value) for value in prop["enum"]]
            properties[json_name] = prop
        schema: dict[str, Any] = {"type": "object", "title": name, "properties": properties}
        if model.required:
            schema["required"] = model.required
        return schema

    def document(self, sdk_type: str) -> dict[str, Any]:
        """Self-contained schema document for a body type, nested models in `$defs`.

        A model that refers back to the body model (`Annotation.annotations`) refers to its
        copy in `$defs`, not to `#`: attrlint/validate.py resolves `#/$defs/...` only.
        """
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
    return SchemaBuilder(models).document(sdk_type)


def body_types(rows: list[list[Any]]) -> list[str]:
    """Every operation's body type, once each, sorted."""
    body_col = FIELDS.index("body_model")
    return sorted({r[body_col] for r in rows if r[body_col]})


def descriptions_document(models: dict[str, Model], types: list[str]) -> dict[str, dict[str, str]]:
    """Model -> JSON property -> description, for every model the body schemas of `types` hold
    (properties without a description left out, models without any left out)."""
    document: dict[str, dict[str, str]] = {}
    for name in sorted(reachable_models(models, types)):
        texts = {p: text for p, (_, text, _) in models[name].properties.items() if text}
        if texts:
            document[name] = texts
    return document


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


def write_outputs(out: Path, rows: list[list[Any]], models: dict[str, Model]) -> None:
    """Write catalog.json, a body schema per body type and the descriptions file; stale body
    files are removed."""
    bodies_dir = out / "bodies"
    bodies_dir.mkdir(parents=True, exist_ok=True)
    (out / "catalog.json").write_text(dump_compact(catalog_document(rows)), encoding="utf-8")
    types = body_types(rows)
    wanted: set[str] = set()
    for sdk_type in types:
        stem = schema_stem(sdk_type)
        wanted.add(f"{stem}.json")
        text = json.dumps(body_document(models, sdk_type), separators=(",", ":"), ensure_ascii=False) + "\n"
        (bodies_dir / f"{stem}.json").write_text(text, encoding="utf-8")
    for stale in bodies_dir.glob("*.json"):
        if stale.name not in wanted:
            stale.unlink()
    descriptions = out / DESCRIPTIONS_FILE
    descriptions.parent.mkdir(parents=True, exist_ok=True)
    descriptions.write_text(dump_compact(descriptions_document(models, types)), encoding="utf-8")


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


def report_required(rows: list[list[Any]], models: dict[str, Model], mapping: TsMapping, missing: list[str]) -> None:
    """Print how the body models were tied to index.d.ts and what is required."""
    reachable = reachable_models(models, body_types(rows))
    unmapped = sorted(reachable - mapping.interfaces.keys())
    renamed = sorted(f"{py}={ts}" for py, ts in mapping.interfaces.items() if py != ts and py in reachable)
    with_required = [models[name] for name in sorted(reachable) if models[name].required]
    print(
        f"body models: {len(reachable)}; tied to index.d.ts: {len(reachable) - len(unmapped)} "
        f"({len(reachable & mapping.by_name)} by name only); renamed: {renamed or 'none'}"
    )
    print(
        f"models with required properties: {len(with_required)}; "
        f"required properties: {sum(len(m.required) for m in with_required)}"
    )
    print(f"body models not in index.d.ts (no required flags): {len(unmapped)}: {' '.join(unmapped)}")
    for line in mapping.conflicts:
        print(f"note: {line}")
    for name in missing:
        if name.split(".")[0] in reachable:
            print(f"note: {name} is required in index.d.ts but not a property in the wheel")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--wheel", type=Path, help=f"local {PY_SDK} {PY_VERSION} wheel")
    parser.add_argument("--npm-tgz", type=Path, help=f"local {JS_SDK} {JS_VERSION} tarball")
    parser.add_argument(
        "--out", type=Path, default=REPO_ROOT / "schemas", help="output folder (default: the repo's schemas/)"
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        wheel_path = args.wheel or download_wheel(Path(tmp))
        tgz_path = args.npm_tgz or download_npm(Path(tmp))
        with zipfile.ZipFile(wheel_path) as wheel:
            methods = read_python_operations(wheel)
            models = read_models(wheel)
        js = read_js(tgz_path) if tgz_path else None

    rows = merge_operations(methods, js.names if js else None)
    report(rows, methods, js is not None)
    if js is not None:
        mapping = map_ts_interfaces(rows, models, js)
        report_required(rows, models, mapping, apply_required(models, js, mapping))
    else:
        print("warning: without the JS SDK no property is marked required", file=sys.stderr)
    write_outputs(args.out, rows, models)
    print(f"wrote {args.out / 'catalog.json'} and {len(list((args.out / 'bodies').glob('*.json')))} body schemas")
    return 0


if __name__ == "__main__":
    sys.exit(main())
