"""Understanding measured on sentences people outside the project wrote (the development set
in ../shared/data/understanding). Only measured here: none of them is in the templates."""

from pathlib import Path

import pytest

from assistant.hearing import DESTRUCTIVE_INTENTS
from assistant.intents.matcher import Matcher
from assistant.intents.scoring import find_development_set, read_labelled, score

REPO = Path(__file__).resolve().parent.parent
DEV_SET = find_development_set(REPO)
REMINDERS = frozenset({"reminder.set", "reminder.list"})
"""Reminders are understood by their own templates (reminder.yaml), measured apart."""


@pytest.mark.skipif(DEV_SET is None, reason="../shared/data/understanding/dev.tsv is not here")
def test_the_development_set_is_understood_and_the_rest_rejected() -> None:
    assert DEV_SET is not None
    matcher = Matcher()
    matcher.set_assistant_name("Nora")
    result = score(matcher, read_labelled(DEV_SET), DESTRUCTIVE_INTENTS)
    right, total = result.in_domain(leaving_out=REMINDERS)
    assert right / total >= 0.9, (right, total, dict(result.right), dict(result.total))
    assert result.rejected / result.outside >= 0.95
    assert result.destructive == []
    everything, all_total = result.in_domain()
    assert everything / all_total >= 0.74
