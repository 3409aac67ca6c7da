"""Every front end has its conversation from one ``Companion``: the terminal and the window's
session hold news while a letter is dictated, and say it once the letter is done; the voice
commands hear through the same wiring; a change of the audio settings reopens the audio only
where it is live."""

import random
import shutil
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from assistant.audio.sources import WavSource
from assistant.config import Paths
from assistant.events import Reply, SettingsChanged
from assistant.frontends.terminal import TerminalTalk
from assistant.mail.accounts import parse_account
from assistant.runtime.assistant import Assistant
from assistant.runtime.companion import Companion, Job
from assistant.runtime.pipeline import TurnResult
from assistant.runtime.session import Session
from tests.conftest import FixedClock, Recorder

MAIL_FIXTURES = Path(__file__).parent / "fixtures" / "mail"
AUDIO = Path(__file__).parent / "fixtures" / "audio"


@pytest.fixture
def with_mail(tmp_path: Path, clock: FixedClock) -> Iterator[Assistant]:
    """An assistant whose Maildir holds a letter from Amy Pond, so it can write to her."""
    box = tmp_path / "Mail"
    for sub in ("new", "cur", "tmp"):
        (box / sub).mkdir(parents=True)
    shutil.copy(MAIL_FIXTURES / "amy_lunch.eml", box / "new" / "amy")
    home = Paths.resolve(str(tmp_path / "home"))
    with Assistant(home, clock=clock, rng=random.Random(7)) as assistant:
        assistant.mail.add_account(parse_account("local", f"maildir:{box}"))
        yield assistant


def _ignore(_result: TurnResult) -> None:
    """The bus already has it."""


def _terminal(assistant: Assistant) -> tuple[Companion, Callable[[], None]]:
    talk = TerminalTalk(assistant, _ignore)
    return talk.companion, talk.speak_first


def _window(assistant: Assistant) -> tuple[Companion, Callable[[], None]]:
    session = Session(assistant)
    return session.companion, session.speak_first


@pytest.mark.parametrize("front_end", [_terminal, _window], ids=["terminal", "window"])
def test_news_waits_while_a_letter_is_dictated_in_every_front_end(
    with_mail: Assistant,
    clock: FixedClock,
    front_end: Callable[[Assistant], tuple[Companion, Callable[[], None]]],
) -> None:
    recorder = Recorder()
    with_mail.bus.subscribe(recorder)
    companion, speak_first = front_end(with_mail)
    companion.run_text("set a timer for 1 minute")
    companion.run_text("check my email")
    asked = companion.run_text("write an email to Amy").reply
    assert asked == "What would you like to say to Amy Pond?"
    clock.moment += timedelta(minutes=2)
    before = len(recorder.of(Reply))
    speak_first()
    assert len(recorder.of(Reply)) == before  # the timer waits for the letter
    assert companion.pipeline.context.dictation is not None
    companion.run_text("cancel")
    speak_first()
    said = [event.text for event in recorder.of(Reply)[before:]]
    assert len(said) == 2
    assert "timer" in said[-1].lower()


def test_the_terminal_and_the_window_are_wired_alike(assistant: Assistant) -> None:
    terminal, _ = _terminal(assistant)
    window, _ = _window(assistant)
    for companion in (terminal, window):
        assert companion.speaking_first.pipeline is companion.pipeline
        assert companion.speaking_first.user_talking == companion.user_talking
        assert companion.speaker.current is None
    assert terminal.pipeline is not window.pipeline  # a conversation each
    assert terminal.pipeline.emitter is window.pipeline.emitter  # one bus


def test_what_a_recording_says_is_a_turn_of_the_conversation(assistant: Assistant) -> None:
    companion = Companion(assistant)
    results = companion.hear(WavSource(AUDIO / "cmd_what_time_is_it.wav"))
    assert [result.understanding.intent for result in results if result.understanding] == [
        "system.time"
    ]
    assert not companion.user_talking()  # the utterance is over


def test_the_audio_settings_reopen_the_audio_only_where_it_is_live(
    assistant: Assistant, recorder: Recorder
) -> None:
    reopened: list[Job] = []
    live = Companion(assistant, live_audio=True, later=reopened.append)
    Companion(assistant, later=reopened.append)
    live.change_settings(name_first=not assistant.settings.name_first)
    assert reopened == []
    live.change_settings(rate=assistant.settings.rate + 20)
    assert reopened == [live.open_audio]
    assert [event.changed for event in recorder.of(SettingsChanged)] == [("name_first",), ("rate",)]


def test_a_front_end_opens_with_the_turns_so_far(assistant: Assistant) -> None:
    first = Companion(assistant)
    assert first.opening().earlier == []
    reply = first.run_text("what time is it").reply
    again = Companion(assistant).opening()
    assert again.earlier[-2:] == [("user", "what time is it"), ("assistant", reply)]
    assert first.name == assistant.identity.name
    assert first.view is assistant.emitter.view
