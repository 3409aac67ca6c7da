"""The event set is closed, frozen, and prints as snake_case JSON."""

import dataclasses
import inspect
import json

import pytest

from assistant import events
from assistant.events import EVENT_TYPES, AssistantState, StateChanged, to_json, type_name

EXPECTED = {
    "turn_started",
    "speech_started",
    "speech_ended",
    "partial_transcript",
    "transcript",
    "intent_recognised",
    "not_understood",
    "action_planned",
    "action_done",
    "progress",
    "reply",
    "speaking_started",
    "speaking_finished",
    "state_changed",
    "failed",
    "turn_ended",
    "name_changed",
    "settings_changed",
}


def test_the_set_of_event_types_is_the_architectures_plus_progress() -> None:
    assert {type_name(kind) for kind in EVENT_TYPES} == EXPECTED


@pytest.mark.parametrize("kind", EVENT_TYPES, ids=lambda kind: kind.__name__)
def test_every_event_is_frozen_and_every_field_documented(kind: type) -> None:
    assert kind.__dataclass_params__.frozen  # type: ignore[attr-defined]
    source = inspect.getsource(kind)
    for field in dataclasses.fields(kind):
        after = source.split(f"    {field.name}:", 1)[1].splitlines()[1].strip()
        assert after.startswith('"""'), f"{kind.__name__}.{field.name} has no docstring"


def test_json_has_the_type_first_and_plain_values() -> None:
    event = StateChanged(3, AssistantState.SPEAKING, AssistantState.THINKING)
    body = to_json(event)
    assert list(body)[0] == "type"
    assert json.loads(json.dumps(body)) == {
        "type": "state_changed",
        "turn_id": 3,
        "state": "speaking",
        "previous": "thinking",
    }


def test_events_cannot_be_changed() -> None:
    event = events.Reply(1, "hello")
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.text = "changed"  # type: ignore[misc]
