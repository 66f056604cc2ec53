"""Record the requests the official Python SDK makes for every API method that takes a body.

Run by tests/test_sdk_oracle.py in a subprocess, with an interpreter that has
PureCloudPlatformClientV2 installed (the SDK is never imported into the test process)::

    python tests/sdk_oracle/record.py OUT.json

For each such method it builds a body the SDK's own types allow (every field filled, see
`BodyBuilder`), calls the method with UUIDs for the required parameters, and records what the
SDK hands to urllib3: method, full URL, headers, and the JSON text `rest.py` serialized. No
request reaches the network: the REST client's urllib3 pool manager is replaced by a recorder
that answers 200 with an empty JSON object. Everything above urllib3 is the SDK's own code
(ApiClient path/query/auth handling, `sanitize_for_serialization`, `json.dumps` in rest.py).

The access token is a fake ("oracle-token"); the Authorization value written to OUT.json is
always that fake, whatever the SDK put there.

Two deliberately broken requests are recorded as well (`variants`), made through the same SDK
path: a ParticipantAttributes map holding a number and a MediaParticipantRequest with
held="yes" (the SDK's setters do not check either).
"""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import json
import re
import sys
import time
import uuid
import warnings
from pathlib import Path
from typing import Any

HOST = "https://api.mypurecloud.com"
FAKE_TOKEN = "oracle-token"
MAX_DEPTH = 3  # model levels filled below the body model; deeper model fields stay None
UUID_NAMESPACE = uuid.UUID("6f1b1a2c-5d4e-4f3a-9b8c-7d6e5f4a3b2c")
STRING = "oracle"
DATETIME = dt.datetime(2026, 11, 21, 10, 0, 0, tzinfo=dt.UTC)
DATE = dt.date(2026, 11, 21)
TRUNCATED = object()  # a model field left None because of MAX_DEPTH


def stable_uuid(name: str) -> str:
    """A version-4 UUID, the same for the same name on every run (diffable output); some SDK
    setters insist on the version-4 form."""
    return str(uuid.UUID(bytes=uuid.uuid5(UUID_NAMESPACE, name).bytes, version=4))


def is_id_name(json_name: str) -> bool:
    return json_name == "id" or json_name.endswith("Id")


# ------------------------------------------------------------------------------ models

NOT_SCALAR = object()  # what `TypeWalker.scalar` answers for a list, map or model type


class TypeWalker:
    """The walk both SDK oracles share: a scalar for a scalar type, a one-item list or a one-key
    map around a value of the element type, a filled model for a model type (levels below
    MAX_DEPTH left TRUNCATED). A subclass reads its SDK's type grammar: the scalar types,
    `LIST` and `MAPS` (the element type is group 1), its models."""

    LIST: re.Pattern[str]
    MAPS: tuple[re.Pattern[str], ...]

    def value(self, kind: str, name: str, depth: int, pointer: str, truncated: list[str]) -> Any:
        """A valid value of type `kind` for the JSON property `name`, at JSON pointer `pointer`;
        the pointers of model fields left out for MAX_DEPTH are added to `truncated`."""
        scalar = self.scalar(kind, name)
        if scalar is not NOT_SCALAR:
            return scalar
        inner = self.LIST.fullmatch(kind)
        if inner:
            element = name[:-1] if name.endswith("Ids") else name
            item = self.value(inner.group(1), element, depth, pointer + "/0", truncated)
            return TRUNCATED if item is TRUNCATED else [item]
        for pattern in self.MAPS:
            inner = pattern.fullmatch(kind)
            if inner:
                item = self.value(inner.group(1), "k", depth, pointer + "/k", truncated)
                return TRUNCATED if item is TRUNCATED else {"k": item}
        model = self.model_type(kind)
        if depth > MAX_DEPTH:
            return TRUNCATED
        return self.model(model, depth, pointer, truncated)

    def scalar(self, kind: str, name: str) -> Any:
        """The value of a scalar type, NOT_SCALAR for any other type."""
        raise NotImplementedError

    def model_type(self, kind: str) -> Any:
        """The model a type names (LookupError for an unknown type)."""
        raise NotImplementedError

    def model(self, model: Any, depth: int, pointer: str, truncated: list[str]) -> Any:
        """A value of `model` with every field filled."""
        raise NotImplementedError


class BodyBuilder(TypeWalker):
    """Build SDK values for swagger type strings ('str', 'list[X]', 'dict(str, X)', a model)."""

    LIST = re.compile(r"list\[(.*)\]")
    MAPS = (re.compile(r"dict\(str, (.*)\)"),)

    def __init__(self, models: Any) -> None:
        self.models = models
        self._enums: dict[type, dict[str, list[str]]] = {}

    def enums(self, cls: type) -> dict[str, list[str]]:
        """Setter name -> `allowed_values` of a model class, read from its source."""
        found = self._enums.get(cls)
        if found is None:
            found = {}
            source = Path(inspect.getsourcefile(cls) or "").read_text(encoding="utf-8")
            for block in source.split("\n    def ")[1:]:
                head = re.match(r"(\w+)\(self, \w+", block)
                values = re.search(r"allowed_values = (\[.*?\])\n", block)
                if head and values:
                    found[head.group(1)] = [str(v) for v in ast.literal_eval(values.group(1))]
            self._enums[cls] = found
        return found

    def scalar(self, kind: str, name: str) -> Any:
        """A valid value of swagger scalar type `kind` for the JSON property `name`."""
        if kind == "str":
            return stable_uuid(name) if is_id_name(name) else STRING
        if kind == "int":
            return 1
        if kind == "float":
            return 1.5
        if kind == "bool":
            return True
        if kind == "datetime":
            return DATETIME
        if kind == "date":
            return DATE
        if kind == "LocalDateTime":  # the SDK's type for "an ISO-8601 string without a timezone"
            return DATETIME.replace(tzinfo=None)
        if kind == "YearMonth":
            from PureCloudPlatformClientV2.year_month import YearMonth

            return YearMonth(DATE.year, DATE.month)
        if kind == "object":
            return {"k": "v"}
        return NOT_SCALAR

    def model_type(self, kind: str) -> type:
        """The SDK model class of swagger type `kind`."""
        cls = getattr(self.models, kind, None)
        if cls is None:
            raise LookupError(f"unknown swagger type {kind!r}")
        return cls

    def model(self, cls: type, depth: int = 0, pointer: str = "", truncated: list[str] | None = None) -> Any:
        """An instance of model `cls` with every field set (model fields to MAX_DEPTH)."""
        truncated = truncated if truncated is not None else []
        instance = cls()
        enums = self.enums(cls)
        for attr, kind in instance.swagger_types.items():
            json_name = instance.attribute_map[attr]
            here = f"{pointer}/{json_name.replace('~', '~0').replace('/', '~1')}"
            if attr in enums and kind in ("str", "int"):
                value: Any = enums[attr][0]
                if kind == "int":
                    value = int(value)
            else:
                value = self.value(kind, json_name, depth + 1, here, truncated)
            if value is TRUNCATED:
                truncated.append(here)  # the field stays None (a list or map of models too)
            else:
                assign(instance, attr, value)
        return instance


_CONSTRAINT = re.compile(
    r"Invalid value for `\w+`, (?:(length )?must be (?:a value )?(less|greater) than(?: or equal to)? `(.*)`"
    r"|must be a follow pattern or equal to `(.*)`)$",
    re.S,
)
_PATTERN_CANDIDATES = (STRING, stable_uuid("pattern"), "#a1b2c3", "1")


def assign(instance: Any, attr: str, value: Any) -> None:
    """Set a field through the model's setter; when the setter refuses the value (a minimum,
    a maximum, a length, a pattern), set the nearest value its message allows."""
    for _ in range(3):
        try:
            setattr(instance, attr, value)
            return
        except ValueError as exc:
            found = _CONSTRAINT.match(str(exc))
            if found is None:
                raise
            length, side, bound, pattern = found.groups()
            if pattern is not None:
                pattern = pattern[1:-1] if len(pattern) > 1 and pattern[0] == pattern[-1] == "/" else pattern
                value = next((c for c in _PATTERN_CANDIDATES if re.match(pattern, c)), None)
                if value is None:
                    raise
            elif length:
                size = int(bound)
                if isinstance(value, list):
                    value = (value * size)[:size] if side == "greater" else value[:size]
                else:
                    value = (str(value) * size)[:size] if side == "greater" else str(value)[:size]
            else:
                value = type(value)(float(bound)) if isinstance(value, (int, float)) else value
    setattr(instance, attr, value)


# ------------------------------------------------------------------------------ transport


def install_recorder(api_client: Any, calls: list[dict[str, Any]]) -> None:
    """Replace the REST client's urllib3 pool manager with one that records and answers 200 {}."""
    import urllib3

    try:
        from urllib3._request_methods import RequestMethods  # urllib3 2.x
    except ImportError:  # pragma: no cover - urllib3 1.x
        from urllib3.request import RequestMethods  # type: ignore[no-redef]

    class RecordingPoolManager(RequestMethods):  # type: ignore[misc]
        """urllib3's own request()/encoding, then urlopen records instead of connecting."""

        def urlopen(  # type: ignore[override]
            self, method: str, url: str, body: Any = None, headers: Any = None, **kw: Any
        ) -> Any:
            recorded_headers = {}
            for key, value in dict(headers or {}).items():
                if key.lower() == "authorization":
                    scheme = str(value).partition(" ")[0]
                    value = f"{scheme} {FAKE_TOKEN}"  # never store what the SDK put there
                recorded_headers[key] = str(value)
            if isinstance(body, bytes):
                body = body.decode("utf-8")
            calls.append({"method": method, "url": url, "headers": recorded_headers, "body": body})
            return urllib3.HTTPResponse(
                body=b"{}", status=200, headers={"Content-Type": "application/json"}, preload_content=True
            )

    http_client = api_client.get_http_client()
    http_client.rest_client.pool_manager = RecordingPoolManager()


# ------------------------------------------------------------------------------ API methods


def body_methods(api_cls: type) -> list[dict[str, Any]]:
    """The methods of an API class whose parameters include `body`, read from its source:
    name, body swagger type (from the docstring), HTTP method and path template."""
    source = Path(inspect.getsourcefile(api_cls) or "").read_text(encoding="utf-8")
    found = []
    for block in source.split("\n    def ")[1:]:
        name = block.split("(", 1)[0]
        params = re.search(r"all_params = \[(.*?)\]", block)
        if name.startswith("_") or not params or "'body'" not in params.group(1):
            continue
        kind = re.search(r":param (.+?) body:", block)
        verb = re.search(r"call_api\(resource_path, '(\w+)'", block)
        path = re.search(r"resource_path = '([^']*)'", block)
        if not (kind and verb and path):
            raise LookupError(f"{api_cls.__name__}.{name}: body type, verb or path not found")
        found.append({"name": name, "body_type": kind.group(1), "verb": verb.group(1), "path": path.group(1)})
    return found


def required_arguments(function: Any) -> list[Any]:
    """Values for the required parameters before `body`: UUIDs for strings."""
    values: list[Any] = []
    for param in inspect.signature(function).parameters.values():  # bound: no `self`
        if param.name == "body" or param.kind is not inspect.Parameter.POSITIONAL_OR_KEYWORD:
            break
        if param.default is not inspect.Parameter.empty:
            break
        annotation = param.annotation
        if annotation in (dt.date, "date"):
            values.append(DATE)
        elif annotation in (dt.datetime, "datetime"):
            values.append(DATETIME)
        elif annotation in (int, "int"):
            values.append(1)
        elif annotation in (bool, "bool"):
            values.append(True)
        else:
            values.append(stable_uuid(param.name))
    return values


def call(
    api: Any, method: dict[str, Any], body: Any, calls: list[dict[str, Any]]
) -> tuple[dict[str, Any] | None, str | None, str | None]:
    """Call one method; (the recorded request, error before sending, error after the answer)."""
    function = getattr(api, method["name"])
    args = required_arguments(function)
    before = len(calls)
    # The SDK's @deprecated wrapper resets the warning filters on every call, so the warnings of
    # deprecated operations are caught here rather than filtered.
    with warnings.catch_warnings(record=True):
        try:
            function(*args, body=body)
            after_error = None
        except Exception as exc:  # the SDK's own failure is data here
            after_error = f"{type(exc).__name__}: {exc}"[:300]
    recorded = calls[before:]
    if len(recorded) != 1:
        return None, after_error or f"{len(recorded)} requests recorded", None
    return recorded[0], None, after_error


def main(out: Path) -> int:
    started = time.perf_counter()
    import PureCloudPlatformClientV2 as sdk
    from PureCloudPlatformClientV2 import models
    from PureCloudPlatformClientV2.api_client import ApiClient

    imported = time.perf_counter()
    client = ApiClient(host=HOST)
    client.access_token = FAKE_TOKEN
    calls: list[dict[str, Any]] = []
    install_recorder(client, calls)
    builder = BodyBuilder(models)

    records: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    api_classes = sorted(
        (getattr(sdk, n) for n in dir(sdk) if n.endswith("Api") and inspect.isclass(getattr(sdk, n))),
        key=lambda c: c.__name__,
    )
    for api_cls in api_classes:
        api = api_cls(client)
        for method in body_methods(api_cls):
            where = {"api_class": api_cls.__name__, **method}
            truncated: list[str] = []
            try:
                body = builder.value(method["body_type"], "body", 0, "", truncated)
            except Exception as exc:
                errors.append({**where, "stage": "build", "error": f"{type(exc).__name__}: {exc}"[:300]})
                continue
            request, before_error, after_error = call(api, method, body, calls)
            if request is None:
                errors.append({**where, "stage": "call", "error": before_error})
                continue
            records.append({**where, "request": request, "truncated": truncated, "response_error": after_error})

    variants = []
    attributes = models.ParticipantAttributes()
    attributes.attributes = {"crm": "gold", "visits": 42}
    variants.append(
        (
            "ParticipantAttributes with a number in the map",
            "ConversationsApi",
            "patch_conversations_call_participant_attributes",
            attributes,
        )
    )
    media = builder.model(models.MediaParticipantRequest)
    media.held = "yes"
    variants.append(
        ("MediaParticipantRequest with held='yes'", "ConversationsApi", "patch_conversations_call_participant", media)
    )
    for label, api_name, method_name, body in variants:
        api = getattr(sdk, api_name)(client)
        method = next(m for m in body_methods(type(api)) if m["name"] == method_name)
        request, before_error, _ = call(api, method, body, calls)
        if request is None:
            errors.append({"api_class": api_name, **method, "stage": "variant", "error": before_error})
            continue
        records.append(
            {
                "api_class": api_name,
                **method,
                "variant": label,
                "request": request,
                "truncated": [],
                "response_error": None,
            }
        )

    document = {
        "sdk_version": getattr(sdk, "__version__", None) or _distribution_version(),
        "max_depth": MAX_DEPTH,
        "import_seconds": round(imported - started, 2),
        "seconds": round(time.perf_counter() - started, 2),
        "records": records,
        "errors": errors,
    }
    out.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return 0


def _distribution_version() -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("PureCloudPlatformClientV2")
    except PackageNotFoundError:
        return None


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
