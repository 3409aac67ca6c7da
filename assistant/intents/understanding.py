"""What a sentence means, as the matcher hands it to the pipeline."""

from dataclasses import dataclass, field

from assistant.events import SlotValue


@dataclass(frozen=True)
class Understanding:
    """What a sentence means: an intent, its slots, and how literally it matched."""

    intent: str
    """The intent's name, such as "system.time"."""
    slots: dict[str, SlotValue] = field(default_factory=dict)
    """The slot values picked out of the sentence."""
    confidence: float = 1.0
    """The share of the sentence matched word for word by the template, from 0 to 1; for a
    guess, how sure the guess is."""
    sure: bool = True
    """False for a guess from the words alone: ask before acting on it."""
    learned: bool = False
    """True when the learned step, not a template, placed the sentence."""
    loose: bool = False
    """True when a template's free-text slot took some of the words (a task, a name, a
    folder): the template fits the shape of the sentence, not its words."""
