"""A turn as a sequence of events: the event stream is the oracle."""

from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant.events import (
    ActionDone,
    ActionPlanned,
    Failed,
    IntentRecognised,
    NotUnderstood,
    Reply,
    StateChanged,
    TurnEnded,
)
from assistant.runtime.assistant import Assistant
from assistant.runtime.pipeline import clean_text
from assistant.skills.contract import Outcome, PendingAction, Registry, Request, UndoRecord
from assistant.skills.registry import DEFAULT_SKILLS, build_registry
from tests.conftest import Recorder


def test_a_typed_turn_publishes_its_events_in_order(
    assistant: Assistant, recorder: Recorder
) -> None:
    assistant.conversation().run_text("what time is it")
    assert recorder.types() == [
        "turn_started",
        "state_changed",
        "transcript",
        "intent_recognised",
        "reply",
        "state_changed",
        "turn_ended",
    ]
    recognised = recorder.of(IntentRecognised)[0]
    assert (recognised.intent, recognised.slots, recognised.confidence) == ("system.time", {}, 1.0)
    assert [e.state.value for e in recorder.of(StateChanged)] == ["thinking", "idle"]


def test_an_unknown_sentence_is_not_understood_and_says_what_to_try(
    assistant: Assistant, recorder: Recorder
) -> None:
    result = assistant.conversation().run_text("play some jazz")
    assert result.understanding is None
    (event,) = recorder.of(NotUnderstood)
    assert event.text == "play some jazz"
    assert event.suggestions
    assert event.suggestions[0] in result.reply
    assert not recorder.of(IntentRecognised)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "input-empty"),
        ("   \t\n ", "input-empty"),
        ("\x00\x07\x1b", "input-empty"),
        ("hello " * 2000, "input-too-long"),
        ("caf\udce9", "input-not-text"),
    ],
)
def test_bad_input_fails_plainly_and_the_turn_still_ends(
    assistant: Assistant, recorder: Recorder, text: str, code: str
) -> None:
    result = assistant.conversation().run_text(text)
    assert result.failed is not None
    (failed,) = recorder.of(Failed)
    assert (failed.stage, failed.code) == ("input", code)
    assert "Traceback" not in failed.message
    assert recorder.types()[-1] == "turn_ended"
    assert recorder.of(StateChanged)[-1].state.value == "error"


def test_control_characters_are_dropped_not_fatal(assistant: Assistant) -> None:
    assert clean_text("what\x00 time\x1b is\tit\r\n", 100) == "what time is it"
    result = assistant.conversation().run_text("what\x00 time is it\x07")
    assert result.understanding is not None
    assert result.understanding.intent == "system.time"


def test_a_skill_that_crashes_gives_a_plain_sentence(
    assistant: Assistant, recorder: Recorder
) -> None:
    def broken(request: Request) -> Outcome:
        raise ZeroDivisionError

    registry = Registry()
    registry.handles("system.time")(broken)
    talk = assistant.conversation()
    talk.registry = registry
    result = talk.run_text("what time is it")
    assert result.failed is not None
    assert (result.failed.stage, result.failed.code) == ("internal", "internal-error")
    assert "log" in result.failed.message
    assert isinstance(recorder.events[-1], TurnEnded)


def test_every_turn_is_remembered(assistant: Assistant) -> None:
    talk = assistant.conversation()
    talk.run_text("what time is it")
    talk.run_text("play some jazz")
    rows = [(t.speaker, t.text, t.intent) for t in assistant.store.recent_turns()]
    assert rows[0] == ("user", "what time is it", "system.time")
    assert rows[2] == ("user", "play some jazz", None)
    assert [speaker for speaker, _, _ in rows] == ["user", "assistant", "user", "assistant"]


def _planning_registry(tmp_path: Path, log: list[str]) -> Registry:
    """A registry whose files.organise plans a real file move, for the context machinery."""
    source, target = tmp_path / "a.txt", tmp_path / "b.txt"
    source.write_text("content")

    def organise(request: Request) -> Outcome:
        def apply(progress: object) -> Outcome:
            source.rename(target)
            log.append("applied")
            undo = UndoRecord("files.organise", "the move", lambda: _move_back(target, source))
            return Outcome("Done.", done="moved 1 file", undo=undo)

        plan = PendingAction(
            "files.organise", "I'd move 1 file. Shall I?", ("a.txt -> b.txt",), apply
        )
        return Outcome(plan.summary, plan=plan)

    replacement = SimpleNamespace(SKILLS=Registry())
    replacement.SKILLS.handles("files.organise", changes_things=True)(organise)
    return build_registry((*DEFAULT_SKILLS, replacement))


def _move_back(target: Path, source: Path) -> str:
    target.rename(source)
    return "Put back."


def test_plan_then_yes_then_undo(assistant: Assistant, recorder: Recorder, tmp_path: Path) -> None:
    log: list[str] = []
    talk = assistant.conversation()
    talk.registry = _planning_registry(tmp_path, log)
    assert talk.run_text("organise my downloads").reply == "I'd move 1 file. Shall I?"
    (planned,) = recorder.of(ActionPlanned)
    assert planned.steps == ("a.txt -> b.txt",)
    assert log == []
    assert talk.run_text("yes").reply == "Done."
    assert (tmp_path / "b.txt").exists()
    done = recorder.of(ActionDone)[-1]
    assert (done.action, done.undoable) == ("files.organise", True)
    assert talk.run_text("undo").reply == "Put back."
    assert (tmp_path / "a.txt").read_text() == "content"
    assert talk.run_text("undo").reply == "There's nothing for me to undo."


def test_plan_then_no_does_nothing(assistant: Assistant, tmp_path: Path) -> None:
    log: list[str] = []
    talk = assistant.conversation()
    talk.registry = _planning_registry(tmp_path, log)
    talk.run_text("organise my downloads")
    assert talk.run_text("no").reply in assistant.services.persona.replies["cancelled"]
    assert talk.run_text("yes").reply == "There's nothing waiting for a yes right now."
    assert log == []
    assert (tmp_path / "a.txt").exists()


def test_go_to_sleep_leaves_it_asleep(assistant: Assistant, recorder: Recorder) -> None:
    assistant.conversation().run_text("go to sleep")
    assert recorder.of(StateChanged)[-1].state.value == "asleep"
    assert recorder.of(Reply)


def test_conversations_do_not_share_context(assistant: Assistant) -> None:
    first, second = assistant.conversation(), assistant.conversation()
    first.run_text("what's the date")
    assert second.run_text("say that again").reply == "I haven't said anything yet."


def test_a_guess_is_asked_about_and_a_yes_carries_it_out(
    assistant: Assistant, recorder: Recorder
) -> None:
    talk = assistant.conversation()
    asked = talk.run_text("give me a 10 minute countdown thing")
    assert asked.reply == "Do you want me to set a timer for 10 minutes?"
    assert not recorder.of(IntentRecognised)
    assert not assistant.memory.reminders.pending()
    (planned,) = recorder.of(ActionPlanned)
    assert planned.action == "timer.set"
    assert talk.run_text("yes").reply == "Timer set for 10 minutes."
    (timer,) = assistant.memory.reminders.pending()
    assert timer.task == "10 minutes"
    assert recorder.of(ActionDone)[-1].action == "timer.set"


def test_a_guess_answered_no_does_nothing(assistant: Assistant) -> None:
    talk = assistant.conversation()
    talk.run_text("give me a 10 minute countdown thing")
    assert talk.run_text("no").reply in assistant.services.persona.replies["cancelled"]
    assert not assistant.memory.reminders.pending()


def test_a_question_lapses_when_the_conversation_moves_on(assistant: Assistant) -> None:
    talk = assistant.conversation()
    talk.run_text("give me a 10 minute countdown thing")
    talk.run_text("what time is it")
    assert talk.run_text("yes").reply == "There's nothing waiting for a yes right now."
    assert not assistant.memory.reminders.pending()


def test_a_plan_is_not_dropped_as_if_it_were_a_question(
    assistant: Assistant, tmp_path: Path
) -> None:
    log: list[str] = []
    talk = assistant.conversation()
    talk.registry = _planning_registry(tmp_path, log)
    talk.run_text("organise my downloads")
    talk.run_text("say that again")
    assert talk.run_text("yes").reply == "Done."
    assert log == ["applied"]
