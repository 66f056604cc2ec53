"""`attrlint endpoints`: search the catalog, and rank operations for a body."""

from __future__ import annotations

from click.testing import CliRunner

from attrlint.cli import main
from attrlint.endpoints import rank_for_body, search


def test_search_by_path_sdk_name_and_model() -> None:
    by_path = {op.path for op in search("participants/{participantId}/attributes")}
    assert len(by_path) == 6
    calls = [op.path for op in search("patchConversationsCallParticipantAttributes")]
    assert calls == ["/api/v2/conversations/calls/{conversationId}/participants/{participantId}/attributes"]
    assert "ParticipantAttributes" in {op.body_model for op in search("ParticipantAttributes")}
    assert [op.python_name for op in search("patch_conversation_participant_*")] == [
        "patch_conversation_participant_attributes"
    ]
    assert list(search("put_interactions_participant")) == []


def test_body_ranking_puts_the_right_model_first() -> None:
    (best, *_) = rank_for_body({"attributes": {"a": "b"}})
    assert best.operation.body_model == "ParticipantAttributes" and best.valid
    (best, *_) = rank_for_body({"held": True, "wrapupSkipped": False})
    assert best.operation.body_model == "MediaParticipantRequest"
    assert rank_for_body([1, 2]) == [] and rank_for_body({"no-such-field-anywhere": 1}) == []


def test_cli() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["endpoints", "--body", "-", "-n", "1"], input='{"uuiData": "x"}')
    assert result.exit_code == 0 and "SetUuiDataRequest" in result.output
    assert runner.invoke(main, ["endpoints", "nothing-like-this"]).exit_code == 1
    assert runner.invoke(main, ["endpoints"]).exit_code == 2
