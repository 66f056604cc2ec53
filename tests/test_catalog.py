"""The operations catalog and body schemas generated from the official SDKs (facts §1, §1.6, §7.2)."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
import tarfile
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import pytest

from attrlint import validate
from attrlint.catalog import Catalog, Operation
from attrlint.resources import data_dir

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
GENERIC = "/api/v2/conversations/{conversationId}/participants/{participantId}"

# facts §1.1: the current attributes operations: media -> (python name, JS name).
ATTRIBUTES_OPERATIONS = {
    "": ("patch_conversation_participant_attributes", "patchConversationParticipantAttributes"),
    "calls": ("patch_conversations_call_participant_attributes", "patchConversationsCallParticipantAttributes"),
    "callbacks": (
        "patch_conversations_callback_participant_attributes",
        "patchConversationsCallbackParticipantAttributes",
    ),
    "emails": ("patch_conversations_email_participant_attributes", "patchConversationsEmailParticipantAttributes"),
    "messages": (
        "patch_conversations_message_participant_attributes",
        "patchConversationsMessageParticipantAttributes",
    ),
    "cobrowsesessions": (
        "patch_conversations_cobrowsesession_participant_attributes",
        "patchConversationsCobrowsesessionParticipantAttributes",
    ),
}


def attributes_path(media: str) -> str:
    """The attributes template for a media segment ("" = generic)."""
    middle = f"{media}/" if media else ""
    return f"/api/v2/conversations/{middle}{{conversationId}}/participants/{{participantId}}/attributes"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    """The shipped catalog."""
    return Catalog.load()


@pytest.fixture(scope="module")
def methods_by_template(catalog: Catalog) -> dict[str, set[str]]:
    """Template -> HTTP methods it has."""
    found: dict[str, set[str]] = defaultdict(set)
    for operation in catalog:
        found[operation.path].add(operation.method)
    return found


def load_generator() -> ModuleType:
    """scripts/build_catalog.py as a module (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("build_catalog", ROOT / "scripts" / "build_catalog.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------------------ contents


def test_counts_match_the_wheel(catalog: Catalog, methods_by_template: dict[str, set[str]]) -> None:
    assert len(catalog) == 3355
    assert len(methods_by_template) == len(list(catalog.templates())) == 2288
    verbs: dict[str, int] = defaultdict(int)
    for operation in catalog:
        verbs[operation.method] += 1
    assert verbs == {"GET": 1557, "POST": 899, "DELETE": 361, "PUT": 276, "PATCH": 260, "HEAD": 2}
    assert sum(op.deprecated for op in catalog) >= 133


def by_python_name(catalog: Catalog, name: str) -> Operation | None:
    return next((op for op in catalog if op.python_name == name), None)


def by_js_name(catalog: Catalog, name: str) -> Operation | None:
    return next((op for op in catalog if op.js_name == name), None)


def test_load_is_cached_and_operations_are_frozen(catalog: Catalog) -> None:
    assert Catalog.load() is catalog
    operation = next(iter(catalog))
    with pytest.raises(AttributeError):
        operation.method = "PUT"  # type: ignore[misc]


def test_the_six_attributes_operations(catalog: Catalog) -> None:
    found = {
        op.path: op
        for op in catalog
        if op.method == "PATCH" and op.path.endswith("/participants/{participantId}/attributes")
    }
    assert set(found) == {attributes_path(media) for media in ATTRIBUTES_OPERATIONS}
    assert attributes_path("chats") not in found
    for media, (python_name, js_name) in ATTRIBUTES_OPERATIONS.items():
        op = found[attributes_path(media)]
        assert (op.python_name, op.js_name, op.api_class) == (python_name, js_name, "ConversationsApi")
        assert op.body_model == "ParticipantAttributes"
        assert op.deprecated is (media == "cobrowsesessions")
        # facts §1.1 says "required" for messages, but SDK 269 and JS 262 both take it as optional.
        assert op.body_required is (media not in ("cobrowsesessions", "messages"))
        assert op.response_model == (None if media == "" else "ParticipantAttributes")
        assert by_python_name(catalog, python_name) is op
        assert by_js_name(catalog, js_name) is op


def test_participant_and_attributes_paths_take_patch_only(methods_by_template: dict[str, set[str]]) -> None:
    participant_paths = [
        t
        for t in methods_by_template
        if t.endswith(("/participants/{participantId}", "/participants/{participantId}/attributes"))
    ]
    assert len(participant_paths) == 12
    for template in participant_paths:
        assert methods_by_template[template] == {"PATCH"}, template
    assert methods_by_template[GENERIC] == {"PATCH"}


def test_participant_patch_takes_media_participant_request(catalog: Catalog) -> None:
    result = catalog.operation("PATCH", "/api/v2/conversations/calls/c1/participants/p1")
    assert result is not None
    assert result[0].body_model == "MediaParticipantRequest"
    assert result[0].python_name == "patch_conversations_call_participant"


def test_paths_that_do_not_exist(methods_by_template: dict[str, set[str]]) -> None:
    templates = list(methods_by_template)
    assert not [t for t in templates if t.startswith("/api/v2/interactions")]
    assert not [t for t in templates if t.startswith("/api/v2/conversations/voice")]
    assert [t for t in templates if "/conversations/" in t and "/voice" in t] == [
        "/api/v2/conversations/calls/{conversationId}/participants/{participantId}/voice/consult"
    ]
    assert [t for t in templates if t.startswith("/api/v2/conversations/participants")] == [
        "/api/v2/conversations/participants/attributes/search"
    ]
    media = {t.split("/")[4] for t in templates if t.startswith("/api/v2/conversations/")}
    assert media == {
        "aftercallwork",
        "callbacks",
        "calls",
        "cobrowsesessions",
        "customattributes",
        "emails",
        "faxes",
        "internalmessages",
        "keyconfigurations",
        "messages",
        "messaging",
        "participants",
        "screenshares",
        "settings",
        "socials",
        "summaries",
        "videos",
        "{conversationId}",
    }


def test_names(catalog: Catalog) -> None:
    assert by_python_name(catalog, "put_conversation_participant") is None
    assert by_python_name(catalog, "put_interactions_participant") is None
    assert by_js_name(catalog, "patchConversationsChatParticipantAttributes") is None
    # The few JS names that are not the camelCase of the Python name.
    presence = by_js_name(catalog, "getPresenceDefinitions0")
    assert presence is not None and presence.python_name == "get_presence_definitions"
    # facts Appendix A #69: in the wheel, not in JS 262.
    takeover = by_python_name(catalog, "post_conversations_message_participant_takeover")
    assert takeover is not None and takeover.js_name is None
    for operation in catalog:
        assert by_python_name(catalog, operation.python_name) is not None


# ------------------------------------------------------------------------------ matching


def test_literal_media_segment_beats_placeholder(catalog: Catalog) -> None:
    matches = catalog.match("/api/v2/conversations/calls/abc")
    assert matches[0].template == "/api/v2/conversations/calls/{conversationId}"
    assert matches[0].params == {"conversationId": "abc"}
    users = [m.template for m in catalog.match("/api/v2/users/me")]
    assert users[:2] == ["/api/v2/users/me", "/api/v2/users/{userId}"]


def test_trap_voice_fills_the_conversation_id(catalog: Catalog) -> None:
    result = catalog.operation("PATCH", "/api/v2/conversations/voice/participants/p1")
    assert result is not None
    operation, path_match = result
    assert path_match.template == GENERIC
    assert path_match.params == {"conversationId": "voice", "participantId": "p1"}
    assert operation.python_name == "patch_conversation_participant"
    result = catalog.operation("PATCH", "/api/v2/conversations/voice/participants/p1/attributes")
    assert result is not None and result[1].template == GENERIC + "/attributes"


def test_trap_participants_fills_the_call_id(catalog: Catalog) -> None:
    result = catalog.operation("PATCH", "/api/v2/conversations/calls/participants")
    assert result is not None
    assert result[1].template == "/api/v2/conversations/calls/{conversationId}"
    assert result[1].params == {"conversationId": "participants"}
    assert result[0].body_model == "Conversation"


def test_wrong_verb_matches_a_template_but_no_operation(catalog: Catalog) -> None:
    for method in ("POST", "PUT", "GET", "DELETE"):
        path = "/api/v2/conversations/c1/participants/p1/attributes"
        assert catalog.operation(method, path) is None
        assert [m.template for m in catalog.match(path)] == [GENERIC + "/attributes"]
    assert catalog.operation("PUT", "/api/v2/conversations/calls/c1/participants/p1") is None
    assert catalog.operation("patch", "/api/v2/conversations/calls/c1/participants/p1") is not None


def test_paths_with_no_template(catalog: Catalog) -> None:
    for path in (
        "/api/v2/conversations/participants/p1",
        "/api/v2/interactions/participants",
        "/api/v2/",
        "/conversations/calls/c1",
        "/api/v1/conversations/calls/c1",
        "/api/v2//conversations/calls/c1",
        "/api/v2/conversations/calls//participants/p1",
        "",
    ):
        assert catalog.match(path) == [], path


def test_query_string_trailing_slash_and_url_are_ignored(catalog: Catalog) -> None:
    expected = GENERIC + "/attributes"
    for path in (
        "/api/v2/conversations/c1/participants/p1/attributes?x=1&y=/a/b",
        "/api/v2/conversations/c1/participants/p1/attributes/",
        "/api/v2/conversations/c1/participants/p1/attributes#frag",
        "https://api.mypurecloud.de/api/v2/conversations/c1/participants/p1/attributes?pretty=true",
    ):
        matches = catalog.match(path)
        assert [m.template for m in matches] == [expected], path
        assert matches[0].params == {"conversationId": "c1", "participantId": "p1"}
        assert set(matches[0].operations) == {"PATCH"}


def test_every_template_matches_itself_first(catalog: Catalog) -> None:
    def literals(template: str) -> int:
        return sum(not s.startswith("{") for s in template.split("/"))

    for template in catalog.templates():
        matches = catalog.match(template)
        # Siblings that differ only in a placeholder's name (`{messageId}`/`{messageIds}`) tie.
        best = [m for m in matches if literals(m.template) == literals(template)]
        assert template in [m.template for m in best] and matches[: len(best)] == best, template
        itself = next(m for m in matches if m.template == template)
        assert all(value == "{" + name + "}" for name, value in itself.params.items())


# ------------------------------------------------------------------------------ near misses


def test_nearest_voice_is_calls(catalog: Catalog) -> None:
    found = catalog.nearest("/api/v2/conversations/voice/{id}/participants/{id}")
    assert found[0] == "/api/v2/conversations/calls/{conversationId}/participants/{participantId}"
    assert "/api/v2/conversations/calls/{conversationId}/participants/{participantId}/attributes" in found[:3]
    found = catalog.nearest("/api/v2/conversations/voice/c1/participants/p1/attributes", "PATCH")
    assert found[0] == "/api/v2/conversations/calls/{conversationId}/participants/{participantId}/attributes"


def test_nearest_missing_conversation_id(catalog: Catalog) -> None:
    found = catalog.nearest("/api/v2/conversations/participants/{id}")
    assert any(t.startswith(GENERIC) for t in found[:3]), found
    assert found[0] == GENERIC


@pytest.mark.parametrize("method", [None, "PUT", "PATCH"])
def test_nearest_interactions_are_conversations(catalog: Catalog, method: str | None) -> None:
    found = catalog.nearest("/api/v2/interactions/participants", method)
    assert all(t.startswith("/api/v2/conversations/") for t in found), found
    assert GENERIC in found


def test_nearest_typos_and_missing_prefix(catalog: Catalog) -> None:
    assert catalog.nearest("/api/v2/conversations/c1/participants/p1/atributes", "PATCH")[0] == GENERIC + "/attributes"
    assert catalog.nearest("/api/v2/conversations/calls/c1/participant/p1/attributes")[0] == (
        "/api/v2/conversations/calls/{conversationId}/participants/{participantId}/attributes"
    )
    assert catalog.nearest("/conversations/calls/c1/participants/p1/attributes")[0] == (
        "/api/v2/conversations/calls/{conversationId}/participants/{participantId}/attributes"
    )
    assert catalog.nearest("/api/v2/calls/c1/participants/p1/attributes")[0] == (
        "/api/v2/conversations/calls/{conversationId}/participants/{participantId}/attributes"
    )


def test_nearest_prefers_current_templates_and_respects_limit(catalog: Catalog) -> None:
    found = catalog.nearest("/api/v2/conversations/chats/c1/participants/p1/attributes", "PATCH", limit=5)
    assert len(found) == 5
    assert attributes_path("cobrowsesessions") not in found[:4]  # deprecated: last among equals
    assert all(t.endswith("/attributes") for t in found)


def test_nearest_gives_nothing_for_unrelated_paths(catalog: Catalog) -> None:
    assert catalog.nearest("/api/v2/xyzzy/plugh") == []
    assert catalog.nearest("") == []


# ------------------------------------------------------------------------------ body schemas


def test_participant_attributes_schema(catalog: Catalog) -> None:
    schema = catalog.body_schema("ParticipantAttributes")
    assert schema is not None
    assert schema["type"] == "object"
    attributes = schema["properties"]["attributes"]
    assert attributes["type"] == "object"
    assert attributes["additionalProperties"] == {"type": "string"}
    assert set(schema["properties"]) == {"attributes"}
    assert "required" not in schema and "additionalProperties" not in schema
    validator = jsonschema.Draft202012Validator(schema)
    assert validator.is_valid({"attributes": {"crm_status": "escalated"}})
    assert not validator.is_valid({"attributes": {"count": 5}})
    assert not validator.is_valid({"attributes": {"crm": {"id": "42"}}})
    assert catalog.body_schema("ParticipantAttributes") is schema  # cached


def test_media_participant_request_schema(catalog: Catalog) -> None:
    schema = catalog.body_schema("MediaParticipantRequest")
    assert schema is not None
    properties = schema["properties"]
    assert set(properties) == {
        "wrapup",
        "state",
        "recording",
        "muted",
        "confined",
        "held",
        "wrapupSkipped",
        "resumeTime",
    }
    assert "attributes" not in properties
    assert "connected" in properties["state"]["enum"] and "disconnected" in properties["state"]["enum"]
    assert properties["resumeTime"] == {"type": "string", "format": "date-time"}
    assert properties["wrapup"]["$ref"] == "#/$defs/WrapupInput"
    # index.d.ts: every property of both interfaces is optional (`"state"?: string`).
    assert "required" not in schema and "required" not in schema["$defs"]["WrapupInput"]
    validator = jsonschema.Draft202012Validator(schema)
    assert validator.is_valid({})
    assert validator.is_valid({"state": "disconnected", "wrapup": {"code": "c", "tags": ["a"]}})
    assert not validator.is_valid({"state": "bogus"})
    assert not validator.is_valid({"wrapup": {"tags": "a"}})  # resolves the nested $ref


def test_look_alike_schemas(catalog: Catalog) -> None:
    secure = catalog.body_schema("ConversationSecureAttributes")
    assert secure is not None and secure["properties"]["attributes"]["additionalProperties"] == {"type": "string"}
    for model in ("CustomAttributesPatchRequest", "CustomAttributesUpdateRequest"):
        schema = catalog.body_schema(model)
        assert schema is not None and schema["properties"]["customAttributes"]["additionalProperties"] == {}
    conversation = catalog.body_schema("Conversation")
    assert conversation is not None
    assert conversation["properties"]["participants"]["items"] == {"$ref": "#/$defs/Participant"}
    participant = conversation["$defs"]["Participant"]["properties"]
    assert "participantId" not in participant and "id" in participant
    assert participant["attributes"]["additionalProperties"] == {"type": "string"}


def test_unknown_body_schema(catalog: Catalog) -> None:
    assert catalog.body_schema("NoSuchModel") is None
    assert catalog.body_schema("../catalog") is None


def body_files() -> list[Path]:
    """Every shipped body schema file."""
    return sorted((data_dir("schemas") / "bodies").glob("*.json"))


def subschemas(schema: Any) -> Iterator[dict[str, Any]]:
    """Every schema object inside `schema` (itself, properties, items, $defs, ...)."""
    if not isinstance(schema, dict):
        return
    yield schema
    for key in ("items", "additionalProperties"):
        yield from subschemas(schema.get(key))
    for key in ("properties", "$defs"):
        for sub in schema.get(key, {}).values():
            yield from subschemas(sub)
    for key in ("allOf", "anyOf", "oneOf"):
        for sub in schema.get(key, []):
            yield from subschemas(sub)


def test_every_operation_with_a_body_has_its_schema(catalog: Catalog) -> None:
    operations = [op for op in catalog if op.body_model]
    assert len(operations) > 1300
    for operation in operations:
        assert catalog.body_schema(operation.body_model or "") is not None, (operation.method, operation.path)
    stems = {p.stem for p in body_files()}
    assert len(stems) == len({op.body_model for op in operations}) >= 1000  # and no file for no operation


def shallow(node: dict[str, Any]) -> dict[str, Any]:
    """`node` with each subschema replaced by `true` (what the meta-schema checks of it alone)."""
    flat = dict(node)
    for key in ("items", "additionalProperties"):
        if key in flat:
            flat[key] = True
    for key in ("properties", "$defs"):
        if key in flat:
            flat[key] = dict.fromkeys(flat[key], True)
    return flat


def test_body_schemas_are_valid_compile_and_are_self_contained() -> None:
    files = body_files()
    # The Draft 2020-12 meta-schema applies to each schema object on its own, so checking every
    # distinct object once, with its subschemas replaced by `true`, checks every file (in a
    # fraction of the time: the $defs repeat from file to file, and check_schema is slow).
    distinct: dict[str, dict[str, Any]] = {}
    for path in files:
        schema = json.loads(path.read_bytes())
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert validate.compiled(schema) is not None, path.name
        definitions = [*([schema] if "properties" in schema else []), *schema.get("$defs", {}).values()]
        for node in subschemas(schema):
            # Only the keywords the fast validator implements, in every object of the file.
            assert node.keys() <= validate._SUPPORTED, (path.name, node.keys() - validate._SUPPORTED)
            assert "description" not in node, path.name  # they live in _docs/descriptions.json
            distinct.setdefault(json.dumps(shallow(node), sort_keys=True), shallow(node))
            ref = node.get("$ref")
            assert ref is None or ref.removeprefix("#/$defs/") in schema["$defs"], (path.name, ref)
            if "enum" in node:  # every enum value has one of the property's types
                kind = jsonschema.Draft202012Validator({"type": node["type"]})
                assert all(kind.is_valid(v) for v in node["enum"]), path.name
        for definition in definitions:
            # Unknown properties are not refused: the server's reaction is undocumented.
            assert "additionalProperties" not in definition, path.name
            required = definition.get("required", [])
            assert len(set(required)) == len(required) and set(required) <= set(definition["properties"]), (
                path.name,
                definition["title"],
            )
    jsonschema.Draft202012Validator.check_schema({"$defs": {str(i): node for i, node in enumerate(distinct.values())}})
    for name in ("ParticipantAttributes", "MediaParticipantRequest"):  # and two files whole
        jsonschema.Draft202012Validator.check_schema(json.loads((files[0].parent / f"{name}.json").read_bytes()))


def test_required_properties_follow_index_d_ts(catalog: Catalog) -> None:
    def required(model: str, inside: str | None = None) -> list[str] | None:
        schema = catalog.body_schema(inside or model)
        assert schema is not None
        return (schema["$defs"][model] if inside else schema).get("required")

    # "attributes"?: { [key: string]: string; } -- optional, and nothing else (facts §1.2).
    assert required("ParticipantAttributes") is None
    assert required("MediaParticipantRequest") is None
    assert required("WrapupInput", inside="MediaParticipantRequest") is None
    assert required("SetUuiDataRequest") is None
    assert required("ConversationSecureAttributes") is None
    # `"startTime": string; "participants": Array<Models.Participant>;` in index.d.ts, also
    # when the model is a PATCH body.
    assert required("Conversation") == ["startTime", "participants"]
    assert required("CustomAttributesPatchRequest") == ["id", "customAttributes"]
    assert required("CustomAttributesUpdateRequest") == ["id", "customAttributes"]
    assert required("ParkingStateRequest") == ["state"]
    assert required("AfterCallWorkUpdate") == ["afterCallWorkRequired"]
    # Newer than JS 262: not in index.d.ts at all, so nothing is known to be required.
    assert required("CaseDescriptionUpdate") is None
    assert required("CustomConversationAttributeInput", inside="GuideSessionTurnRequest") is None
    conversation = catalog.body_schema("Conversation")
    assert conversation is not None
    validator = jsonschema.Draft202012Validator(conversation)
    assert not validator.is_valid({"recordingState": "paused"})
    assert validator.is_valid({"startTime": "2026-11-21T10:00:00Z", "participants": []})


def test_enums_keep_the_sdk_case_and_type(catalog: Catalog) -> None:
    schema = catalog.body_schema("MediaParticipantRequest")
    assert schema is not None
    assert schema["properties"]["state"]["enum"][:2] == ["alerting", "dialing"]  # not case-folded
    edge = catalog.body_schema("EdgeOfflineConfiguration")
    assert edge is not None
    # The SDK lists int enums as strings (`allowed_values = ["2", "23"]`) and its setter sends the
    # string form; JSON clients send numbers. Both come from official clients.
    family = {"type": ["integer", "string"], "enum": [2, 23, "2", "23"]}
    assert edge["$defs"]["DomainNetworkAddress"]["properties"]["family"] == family
    check = validate.compiled(edge)
    assert check is not None
    assert check({"pairingId": "p", "network": {"wan": {"addresses": [{"family": 2}]}}})
    assert check({"pairingId": "p", "network": {"wan": {"addresses": [{"family": "2"}]}}})
    assert not check({"pairingId": "p", "network": {"wan": {"addresses": [{"family": 4}]}}})


def test_date_and_date_time_formats(catalog: Catalog) -> None:
    formats: dict[str, int] = defaultdict(int)
    for path in body_files():
        for node in subschemas(json.loads(path.read_bytes())):
            if "format" in node:
                assert node["type"] == "string" and node["format"] in ("date", "date-time"), path.name
                formats[node["format"]] += 1
    assert formats["date"] > 0 and formats["date-time"] > 1000
    greeting = catalog.body_schema("AgentGreeting")
    assert greeting is not None and '"format": "date"' in json.dumps(greeting)


def test_descriptions_are_kept_beside_the_schemas(catalog: Catalog) -> None:
    path = data_dir("schemas") / "bodies" / "_docs" / "descriptions.json"
    descriptions = json.loads(path.read_bytes())
    assert descriptions["MediaParticipantRequest"]["state"].startswith("The state to update to")
    assert "attributes" in descriptions["ParticipantAttributes"]
    assert "WrapupInput" in descriptions  # nested models too
    for model, texts in descriptions.items():
        assert texts and all(texts.values()), model
    schema = catalog.body_schema("Conversation")
    assert schema is not None and set(descriptions["Participant"]) <= set(schema["$defs"]["Participant"]["properties"])


# ------------------------------------------------------------------------------ reference data


def test_overlap_with_reference_operations(catalog: Catalog) -> None:
    reference = SHARED / "data" / "genesys-operations-auth.json"
    if not reference.is_file():
        pytest.skip(f"reference data absent: {reference}")
    pairs = {(op["method"], op["path"]) for op in json.loads(reference.read_text(encoding="utf-8"))["operations"]}
    ours = {(op.method, op.path) for op in catalog}
    common = pairs & ours
    print(f"reference operations: {len(pairs)}; in the catalog: {len(common)} ({len(common) / len(pairs):.2%})")
    assert len(common) / len(pairs) >= 0.95
    # What the reference has and the wheel lacks was removed (chats) or renamed since.
    assert ("PATCH", attributes_path("chats")) in pairs - ours


# ------------------------------------------------------------------------------ generator


def test_generator_and_runtime_name_body_files_alike() -> None:
    from attrlint import catalog as runtime

    generator = load_generator()
    for model in ("ParticipantAttributes", "list[str]", "dict(str, list[QueueMember])", "object"):
        assert generator.schema_stem(model) == runtime._schema_stem(model)
    for name in ("patch_conversation_participant_attributes", "get_users_me"):
        assert generator.camel_case(name) == runtime.camel_case(name)
    assert generator.SEPARATOR == runtime._SEPARATOR


def test_generator_parses_api_and_model_source() -> None:
    generator = load_generator()
    api = '''
class ExampleApi(object):
    def __init__(self, api_client=None):
        pass

    @deprecated("patch_example_thing is deprecated")
    def patch_example_thing(self, thing_id: str, **kwargs) -> 'Thing':
        """
        Update a thing.
        This endpoint is deprecated.

        This method makes a synchronous HTTP request by default.
        :param str thing_id: thing ID (required)
        :param ThingPatch body: the patch
        :return: Thing
        """
        resource_path = '/api/v2/examples/{thingId}'.replace('{format}', 'json')
        response = self.api_client.call_api(resource_path, 'PATCH',
                                            response_type='Thing',
                                            auth_settings=auth_settings)
'''
    (method,) = generator.parse_api_module(api)
    assert (method.api_class, method.name, method.method, method.path) == (
        "ExampleApi",
        "patch_example_thing",
        "PATCH",
        "/api/v2/examples/{thingId}",
    )
    assert (method.body_model, method.body_required, method.response_model) == ("ThingPatch", False, "Thing")
    assert method.deprecated and method.summary == "Update a thing."
    model = '''
class ThingPatch(object):
    def __init__(self) -> None:
        self.swagger_types = {
            'state': 'str',
            'tags': 'list[str]'
        }

        self.attribute_map = {
            'state': 'state',
            'tags': 'tagList'
        }

    @property
    def state(self) -> str:
        """
        Gets the state of this ThingPatch.
        The new state.

        :return: The state of this ThingPatch.
        """
        return self._state

    @state.setter
    def state(self, state: str) -> None:
        """
        Sets the state of this ThingPatch.
        """
        allowed_values = ["on", "off"]
        if state.lower() not in map(str.lower, allowed_values):
            self._state = "outdated_sdk_version"
'''
    parsed = generator.parse_model_module(model)
    assert parsed.properties == {"state": ("str", "The new state.", ["on", "off"]), "tagList": ("list[str]", "", None)}
    document = generator.body_document({"ThingPatch": parsed}, "ThingPatch")
    assert document["properties"]["state"] == {"type": "string", "enum": ["on", "off"]}
    assert document["properties"]["tagList"] == {"type": "array", "items": {"type": "string"}}
    assert "required" not in document
    assert generator.descriptions_document({"ThingPatch": parsed}, ["list[ThingPatch]"]) == {
        "ThingPatch": {"state": "The new state."}
    }


# index.d.ts's layout: methods indented by two spaces and a tab, `{ ` with a trailing space.
TYPE_DECLARATIONS = "\n".join(
    [
        "declare class ExampleApi {",
        "  \tpatchExampleThing(thingId: string, body: Models.ThingPatch, opts?: ExampleApi.patchExampleThingOptions): Promise<Models.Thing>;",
        "  \tpostExampleThings(opts?: ExampleApi.postExampleThingsOptions): Promise<void>;",
        "}",
        "",
        "declare namespace ExampleApi { ",
        "\texport interface patchExampleThingOptions { ",
        '\t\t"customHeaders"?: Record<string, string>;',
        "\t}",
        "\texport interface postExampleThingsOptions { ",
        '\t\t"body"?: Array<Models.ThingPatch>;',
        "\t}",
        "}",
        "",
        "declare namespace Models { ",
        "\texport interface ThingPatch { ",
        '\t\t"state": string;',
        '\t\t"parts"?: { [key: string]: Models.OldPartName; };',
        "\t}",
        "\t",
        "\texport interface OldPartName { ",
        '\t\t"label": string;',
        '\t\t"size"?: number;',
        '\t\t"gone": string;',
        "\t}",
        "\t",
        "\texport interface Part { ",
        '\t\t"label"?: string;',
        "\t}",
        "\t",
        "}",
        "",
    ]
)


def test_generator_reads_required_properties_from_type_declarations() -> None:
    generator = load_generator()
    interfaces, body_types = generator.parse_type_declarations(TYPE_DECLARATIONS)
    assert body_types == {
        ("ExampleApi", "patchExampleThing"): "Models.ThingPatch",
        ("ExampleApi", "postExampleThings"): "Array<Models.ThingPatch>",
    }
    assert interfaces["ThingPatch"] == {
        "state": (True, "string"),
        "parts": (False, "{ [key: string]: Models.OldPartName; }"),
    }
    with pytest.raises(ValueError, match="cannot read"):  # not silently skipped: an enum, a namespace
        generator.parse_type_declarations(TYPE_DECLARATIONS.replace("export interface Part", "export enum Part"))
    models = {
        "ThingPatch": generator.Model(
            "ThingPatch", {"state": ("str", "", None), "parts": ("dict(str, Part)", "", None)}
        ),
        # The TypeScript interface of this model has another name (and a property the wheel lacks).
        "Part": generator.Model("Part", {"label": ("str", "", None), "size": ("int", "", ["1", "2"])}),
        "Unreached": generator.Model("Unreached", {"x": ("str", "", None)}),
    }
    js = generator.JsSdk(
        {("PATCH", "/api/v2/things/{thingId}"): {"ExampleApi": "patchExampleThing"}}, interfaces, body_types
    )
    row = dict.fromkeys(generator.FIELDS) | {"method": "PATCH", "path": "/api/v2/things/{thingId}"}
    rows = [list((row | {"body_model": "ThingPatch"}).values())]
    mapping = generator.map_ts_interfaces(rows, models, js)
    # By position, not by name: ThingPatch.parts holds Part in Python and OldPartName in TS.
    assert mapping.interfaces == {"ThingPatch": "ThingPatch", "Part": "OldPartName"}
    assert generator.apply_required(models, js, mapping) == ["Part.gone"]
    assert models["ThingPatch"].required == ["state"] and models["Part"].required == ["label"]
    document = generator.body_document(models, "ThingPatch")
    assert document["required"] == ["state"]
    assert document["$defs"]["Part"]["required"] == ["label"]
    size = {"type": ["integer", "string"], "enum": [1, 2, "1", "2"]}  # the SDK sends "1"
    assert document["$defs"]["Part"]["properties"]["size"] == size


def test_committed_output_matches_the_generator(tmp_path: Path) -> None:
    wheel = Path(os.environ.get("ATTRLINT_SDK_WHEEL", "-"))
    tgz = Path(os.environ.get("ATTRLINT_SDK_NPM_TGZ", "-"))
    if not (wheel.is_file() and tgz.is_file()):
        pytest.skip("set ATTRLINT_SDK_WHEEL and ATTRLINT_SDK_NPM_TGZ to the pinned SDK packages (.ci/run does)")
    generator = load_generator()
    assert generator.main(["--wheel", str(wheel), "--npm-tgz", str(tgz), "--out", str(tmp_path)]) == 0
    committed = data_dir("schemas")
    assert (tmp_path / "catalog.json").read_bytes() == (committed / "catalog.json").read_bytes()
    generated = sorted(p.name for p in (tmp_path / "bodies").glob("*.json"))
    assert generated == sorted(p.name for p in (committed / "bodies").glob("*.json"))
    for name in generated:
        assert (tmp_path / "bodies" / name).read_bytes() == (committed / "bodies" / name).read_bytes(), name
    descriptions = Path("bodies") / "_docs" / "descriptions.json"
    assert (tmp_path / descriptions).read_bytes() == (committed / descriptions).read_bytes()


@cache
def declared_interfaces(tgz: Path) -> dict[str, dict[str, bool]]:
    """index.d.ts read independently of the generator: interface -> property -> required."""
    with tarfile.open(tgz) as tar:
        handle = tar.extractfile("package/index.d.ts")
        assert handle is not None
        text = handle.read().decode("utf-8")
    models = text[text.index("declare namespace Models {") :]
    found: dict[str, dict[str, bool]] = {}
    for name, body in re.findall(r"^\texport interface (\w+) \{ ?\n(.*?)^\t\}", models, re.MULTILINE | re.DOTALL):
        found[name] = {prop: not optional for prop, optional in re.findall(r'^\t\t"([^"]+)"(\?)?:', body, re.MULTILINE)}
    return found


def test_required_properties_agree_with_index_d_ts() -> None:
    tgz = Path(os.environ.get("ATTRLINT_SDK_NPM_TGZ", "-"))
    if not tgz.is_file():
        pytest.skip("set ATTRLINT_SDK_NPM_TGZ to the pinned JS SDK package (.ci/run does)")
    interfaces = declared_interfaces(tgz)
    checked = 0
    for path in body_files():
        schema = json.loads(path.read_bytes())
        definitions = {**schema.get("$defs", {}), **({schema["title"]: schema} if "properties" in schema else {})}
        for name, definition in definitions.items():
            declared = interfaces.get(name)
            if declared is None:  # newer than JS 262 (the generator lists these)
                assert "required" not in definition, name
                continue
            expected = [p for p in definition["properties"] if declared.get(p)]
            assert definition.get("required", []) == expected, (path.name, name)
            checked += 1
    assert checked > 5000


def test_operation_fields_are_complete(catalog: Catalog) -> None:
    generator = load_generator()
    assert list(Operation._fields) == [name for name in generator.FIELDS if name != "python_aliases"]
    for operation in catalog:
        assert operation.path.startswith("/api/v2/") and operation.python_name and operation.api_class
        assert operation.summary, operation.path
