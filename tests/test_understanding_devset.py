"""Understanding measured on sentences people outside the project wrote (the development set
in ../shared/data/understanding). Only measured here: none of them is in the templates."""

from pathlib import Path

import pytest

from assistant.intents.matcher import Matcher
from assistant.intents.scoring import find_development_set, read_labelled, score
from assistant.skills.registry import build_registry

REPO = Path(__file__).resolve().parent.parent
DEV_SET = find_development_set(REPO)
FLOOR = 0.97
"""In-domain sentences given the right intent, reminders and mail included (measured: 237 of
237 on 2026-12-02; the floor leaves a small margin for changes elsewhere)."""
REJECTED = 0.9
"""Out-of-domain sentences rejected by the matcher set up as the app sets it up (measured: 358
of 358 with the templates alone; with the learned step, 330 of 358 on 2026-12-07, about as
before its second opinion and lower bars (330 to 339): nearly all those taken are asked about
as a timer, never acted on)."""


@pytest.mark.skipif(DEV_SET is None, reason="../shared/data/understanding/dev.tsv is not here")
def test_the_development_set_is_understood_and_the_rest_rejected() -> None:
    assert DEV_SET is not None
    registry = build_registry()
    matcher = Matcher()
    matcher.set_assistant_name("Nora")
    matcher.offer(registry.intents, registry.changing)  # as the app sets it up
    result = score(matcher, read_labelled(DEV_SET), registry.changing)
    right, total = result.in_domain()
    assert right / total >= FLOOR, (right, total, dict(result.right), dict(result.total))
    assert result.rejected / result.outside >= REJECTED
    assert result.destructive == []
