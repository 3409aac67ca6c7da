"""The skills of the foundation, through real turns with a fixed clock."""

import ast
import inspect
import sys
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from assistant.intents.asking import ACTED_ON
from assistant.intents.matcher import Matcher
from assistant.runtime.assistant import Assistant
from assistant.skills import system
from assistant.skills.contract import Outcome, Registry, Request
from assistant.skills.not_yet import NOT_YET
from assistant.skills.registry import DEFAULT_SKILLS, build_registry
from assistant.spoken import ordinal, spoken_date, spoken_time
from tests.conftest import FixedClock

TZ = timezone(timedelta(hours=1))


def test_every_intent_in_the_catalogue_has_a_skill() -> None:
    assert set(Matcher().intent_names) <= build_registry().intents


def test_a_registry_built_with_one_skill_replaced_runs_a_turn_through_it(
    assistant: Assistant,
) -> None:
    asked: list[str] = []
    replacement = SimpleNamespace(SKILLS=Registry())

    @replacement.SKILLS.handles("system.time")
    def tell_the_time(request: Request) -> Outcome:
        asked.append(request.intent)
        return Outcome("Time for tea.")

    modules = tuple(replacement if m is system else m for m in DEFAULT_SKILLS)
    assistant.registry = build_registry(modules)
    talk = assistant.conversation()
    assert talk.run_text("what time is it").reply == "Time for tea."
    assert asked == ["system.time"]
    assert assistant.identity.name in talk.run_text("what's your name").reply
    assert asked == ["system.time"]
    assert build_registry().get("system.time") is system.time_


def test_building_a_registry_leaves_the_others_alone() -> None:
    first, second = build_registry(), build_registry()
    first.handles("test.only")(lambda request: Outcome(""))
    assert "test.only" not in second.intents
    assert "test.only" not in build_registry().intents


CHANGING_CALLS = frozenset({"PendingAction", "apply", "undo"})
"""What a skill that changes things calls: it plans (a ``PendingAction`` waiting for a yes),
carries a plan out (``.apply``), or puts back what was done (``.undo``)."""


def _calls(node: ast.AST) -> set[str]:
    """The names of the functions and methods called in ``node``."""
    calls = (n.func for n in ast.walk(node) if isinstance(n, ast.Call))
    return {f.id if isinstance(f, ast.Name) else getattr(f, "attr", "") for f in calls}


def what_a_skill_calls(skill: Callable[..., object]) -> set[str]:
    """Every name ``skill`` calls, following the functions of its own module that it calls."""
    tree = ast.parse(inspect.getsource(sys.modules[skill.__module__]))
    functions = {n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    seen: set[str] = set()
    waiting, called = [skill.__name__], set()
    while waiting:
        name = waiting.pop()
        if name in functions and name not in seen:
            seen.add(name)
            found = _calls(functions[name])
            called |= found
            waiting += sorted(found)
    return called


def test_every_skill_that_plans_carries_out_or_undoes_is_declared_as_changing() -> None:
    declared = build_registry()
    derived = {
        intent
        for intent in declared.intents
        if CHANGING_CALLS & what_a_skill_calls(declared.get(intent) or (lambda request: None))
    }
    assert {"system.confirm", "files.organise"} <= derived  # the walker sees what it must
    assert derived <= declared.changing
    assert declared.heard_twice <= declared.changing


def test_a_guess_never_names_an_intent_that_changes_things() -> None:
    assert not ACTED_ON & build_registry().changing


@pytest.mark.parametrize(
    ("hour", "minute", "spoken"),
    [
        (16, 5, "4:05 in the afternoon"),
        (9, 30, "9:30 in the morning"),
        (0, 0, "midnight"),
        (12, 0, "noon"),
        (23, 59, "11:59 at night"),
        (19, 45, "7:45 in the evening"),
        (0, 10, "12:10 in the morning"),
    ],
)
def test_spoken_time(hour: int, minute: int, spoken: str) -> None:
    assert spoken_time(datetime(2026, 1, 1, hour, minute, tzinfo=TZ)) == spoken


def test_spoken_date_and_ordinals() -> None:
    assert spoken_date(datetime(2026, 11, 21, tzinfo=TZ)) == "Saturday, the 21st of November, 2026"
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "23rd",
        "101st",
        "111th",
    ]


def test_time_and_date_come_from_the_clock(assistant: Assistant, clock: FixedClock) -> None:
    talk = assistant.conversation()
    assert talk.run_text("what time is it").reply == "It's 4:05 in the afternoon."
    clock.moment = datetime(2027, 3, 2, 8, 15, tzinfo=TZ)
    assert talk.run_text("what time is it").reply == "It's 8:15 in the morning."
    assert talk.run_text("what's the date").reply == "It's Tuesday, the 2nd of March, 2027."


def test_greetings_fit_the_time_of_day(assistant: Assistant, clock: FixedClock) -> None:
    talk = assistant.conversation()
    clock.moment = datetime(2026, 11, 21, 8, 0, tzinfo=TZ)
    assert "morning" in talk.run_text("hello").reply.lower()
    clock.moment = datetime(2026, 11, 21, 23, 0, tzinfo=TZ)
    assert "night" in talk.run_text("goodbye").reply.lower()


def test_repeat_says_the_last_reply_again(assistant: Assistant) -> None:
    talk = assistant.conversation()
    assert talk.run_text("say that again").reply == "I haven't said anything yet."
    first = talk.run_text("what's the date").reply
    assert talk.run_text("what did you say").reply == first


def test_yes_no_and_undo_with_nothing_pending(assistant: Assistant) -> None:
    talk = assistant.conversation()
    assert "nothing waiting" in talk.run_text("yes").reply
    assert talk.run_text("undo").reply == "There's nothing for me to undo."
    assert talk.run_text("no").reply == "All right."


def test_a_silly_name_is_declined_and_the_old_one_kept(assistant: Assistant) -> None:
    talk = assistant.conversation()
    name = assistant.identity.name
    reply = talk.run_text("your name is " + "x" * 500).reply
    assert "won't work as a name" in reply
    assert assistant.identity.name == name


@pytest.mark.parametrize(
    ("text", "domain"),
    [("move the pdfs into documents", "files")],
)
def test_skills_still_to_come_say_so_honestly(assistant: Assistant, text: str, domain: str) -> None:
    result = assistant.conversation().run_text(text)
    assert result.understanding is not None
    assert result.reply == NOT_YET[domain]


@pytest.mark.parametrize("text", ["do I have new mail", "read my new mail", "clean up my inbox"])
def test_mail_with_no_account_says_how_to_add_one(assistant: Assistant, text: str) -> None:
    result = assistant.conversation().run_text(text)
    assert result.failed is not None
    assert result.failed.message == (
        "I don't have a mail account yet. Add one with: assistant mail add NAME URL."
    )
