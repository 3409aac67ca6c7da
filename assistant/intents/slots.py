"""Slots are bounded: a contact is a person or an address, not the rest of the sentence."""

import re
from collections.abc import Mapping
from datetime import datetime

from assistant.events import SlotValue

MAX_NAME_WORDS = 4
"""A contact or a person is named in at most this many words ("my best friend's mum")."""
_NOT_IN_A_NAME = frozenset(
    {
        *("saying", "says", "say", "tell", "telling", "that", "about", "and", "to", "with"),
        *("asking", "ask", "if", "because", "regarding", "subject", "which", "who", "is"),
        *("are", "was", "will", "i", "i'm", "i'll", "please", "for", "when", "what", "how"),
        *("from", "by", "off", "on", "in", "of", "up", "down"),
        *("later", "back", "soon", "again", "tomorrow", "tonight", "sometime"),
        *("anything", "something", "everything", "nothing", "any", "new", "unread"),
        *("me", "myself", "us", "you", "your", "we", "it", "it's", "be", "am", "can", "can't"),
        *("don't", "do", "not", "have", "has", "had", "let's", "see", "thanks", "thank"),
        *("quick", "short", "yesterday", "today", "tonight", "tomorrow", "recently", "lately"),
    }
)
_ADDED_ELSEWHERE = re.compile(
    r"\b(?:to|onto|on|into|in|from|off)\s+(?:my|the|a|our)?\s*(?:[\w']+\s+){0,3}?"
    r"(?:list|playlist|timer|cart|basket|calendar|queue|favou?rites|library|schedule|"
    r"agenda|diary|order|alarm|reminder|contacts|album|watchlist|collection|bookmarks?)s?\b",
    re.IGNORECASE,
)
"""The end of "add bananas to my shopping list": something added to a list, not to a letter."""
_A_QUESTION_OR_CONDITION = re.compile(
    r"^(?:what|what's|who|whom|whose|which|where|why|how|when|whenever|if|once|as soon as"
    r"|and|or|but|nor)\b",
    re.IGNORECASE,
)
"""A reminder's task is something to do, not a question ("remind me what the capital of
France is") nor an event to wait for ("... when the train is late"), which are not kept; nor
the rest of a list ("set reminders and timers", said of what it can do)."""
_A_SITUATION = re.compile(
    r"^(?:I have|I've got|I've|I'm|I am|we have|we've got|there's|there is|there will be)\s+\w",
    re.IGNORECASE,
)
"""What is on, said before "remind me" ("I have a meeting on Friday, remind me")."""
_LINKS = frozenset({"for", "about", "that", "of", "at", "tomorrow", "tonight", "today"})
"""How a task or its time follows a bare "reminder" ("reminder for the vet", "reminder at 6")."""
_A_WRAPPER = re.compile(r"^(?:i|you|we|can|could|would|will|please)\b", re.IGNORECASE)
"""Words that start a request, not a time ("I need you to" before "remind me"): the sentence is
matched again without its wrapper."""
_TIME_FIRST = frozenset({"at", "on", "in", "tomorrow", "tonight", "today", "this", "next"})
"""How a time starts, said first ("alert me at 5 to leave", not "alert me about the weather")."""
_EXTENSION = re.compile(r"\.[a-z0-9]{1,5}$", re.IGNORECASE)
MAX_LABEL_WORDS = 2
_TIMER_VERBS = frozenset(
    {
        *("pause", "resume", "continue", "restart", "extend", "add", "increase", "decrease"),
        *("remove", "take", "cancel", "stop", "delete", "hold", "unpause", "reset", "change"),
    }
)
NAME_SLOTS = ("contact", "person", "name")
"""Slots that hold who: a person's name, a relation ("my boss"), or an address."""
_FILENAME_STOPS = frozenset(
    {
        *("app", "application", "radio", "station", "channel", "music", "playlist", "song"),
        *("website", "page", "door", "window", "garage", "right", "now", "tonight", "today"),
        *("home", "house", "restaurant", "shop", "store", "nearest", "closest", "friend"),
        *("girlfriend", "boyfriend", "sister", "brother", "mum", "mom", "dad", "wife"),
        *("husband", "son", "daughter", "and", "go", "to"),
        *("phone", "keys", "key", "wallet", "purse", "glasses", "car", "remote", "charger"),
        *("calendar", "inbox", "email", "emails", "mail", "camera", "settings", "browser"),
    }
)
"""Words that say a "file" is really an app, a place or a person ("open the radio app")."""


def bounded(slots: Mapping[str, SlotValue], rules: Mapping[str, object]) -> bool:
    """Whether every free-text slot holds what its name says it holds.

    ``rules`` are a template block's metadata: ``{filename: extension}`` takes only a file
    name with an extension ("open budget.xlsx", not "open the radio app"), ``{contact:
    address}`` only an address.
    """
    return all(
        _fits(name, value) and _follows(rules.get(name), value)
        for name, value in slots.items()
        if isinstance(value, str)
    )


_NAME_THEN_BODY = re.compile(
    r"^(?P<name>(?:(?:my|our|his|her)\s+)?(?!(?:the|a|an|this|that|all|some|every|each|"
    r"everyone|everybody|someone|somebody|people|group)\b)[\w'.@-]+)\s+(?P<body>\S+\s+\S.*)$",
    re.IGNORECASE,
)
"""A contact of one word (or "my" and a word) said straight before the message."""
_BODY_LEADS = frozenset(
    {
        *("saying", "say", "says", "that", "telling", "tell", "asking", "ask", "and", "to"),
        *("about", "with", "subject", "regarding", "on", "at", "dot", "for"),
    }
)
"""Words after a contact that a template of its own takes ("to Jo saying ...")."""


def split_name_from_body(
    slots: dict[str, SlotValue], rules: Mapping[str, object]
) -> dict[str, SlotValue]:
    """``slots`` with a contact said straight before the message ("to Robert what time is
    dinner") split into the contact (a word, or "my" and a word) and the ``body``, where the
    block's rule is ``{contact: then_body}``; as they were otherwise."""
    contact = slots.get("contact")
    if rules.get("contact") != "then_body" or not isinstance(contact, str):
        return slots
    found = _NAME_THEN_BODY.match(contact)
    if found is None or _a_longer_name_then_a_lead(found.group("body")):
        return slots
    return {**slots, "contact": found.group("name"), "body": found.group("body")}


_MESSAGE_LEADS = frozenset({"saying", "telling", "asking"})
"""Words that can only lead into a message, even a few words after a contact's first name."""


def _a_longer_name_then_a_lead(rest: str) -> bool:
    """The words after the first of a name lead into the message at once, or after a name's
    length ("Anna Maria saying ..."): a template of its own takes them, with the whole name."""
    words = [word.lower() for word in rest.split()[: MAX_NAME_WORDS - 1]]
    return words[0] in _BODY_LEADS or any(word in _MESSAGE_LEADS for word in words)


def _follows(rule: object, value: str) -> bool:
    """Whether ``value`` keeps a block's own rule for its slot, if it has one."""
    if rule == "extension":
        return _EXTENSION.search(value) is not None
    if rule == "address":
        return "@" in value
    if rule == "then_body":
        return " " not in value.removeprefix("my ").strip()
    if rule == "linked":
        return value.split(" ", 1)[0].lower() in _LINKS
    if rule == "timed":
        return value.split(" ", 1)[0].lower() in _TIME_FIRST
    if rule == "situation":
        return _A_SITUATION.match(value) is not None
    if rule == "with_time":
        return _says_a_time(value)
    if rule == "a_time":
        return _says_a_time(f"at {value}" if value[:1].isdigit() else value)
    return True


def _says_a_time(value: str) -> bool:
    """Whether ``value`` says when, anywhere in it ("parents evening thursday at 6pm")."""
    from assistant.intents.when import find_moment  # noqa: PLC0415 - loads its tables late

    return find_moment(value, datetime.now().astimezone()) is not None


def _fits(name: str, value: str) -> bool:
    """Whether ``value`` holds what slot ``name`` says: someone asked about or forgotten is a
    few words and not a title in the world ("the president of france")."""
    if name in NAME_SLOTS:
        return is_name(value)
    if name == "filename":
        return is_filename(value)
    if name == "label":
        return is_label(value)
    if name == "someone":
        words = value.lower().split()
        return 0 < len(words) <= MAX_NAME_WORDS and "of" not in words
    if name == "dictated":
        return not _ADDED_ELSEWHERE.search(value)
    if name in ("when", "due") and _A_WRAPPER.match(value):
        return False
    if name in ("task", "when", "due"):
        return not _A_QUESTION_OR_CONDITION.match(value)
    return True


def is_label(value: str) -> bool:
    """A timer's name: a word or two ("pizza", "the eggs"), not a clause or a verb."""
    words = set(value.lower().split())
    return 0 < len(words) <= MAX_LABEL_WORDS and not (_NOT_IN_A_NAME | _TIMER_VERBS) & words


_SPOKEN_ADDRESS = re.compile(
    r"^([\w.+-]+)\s*(?:@|\bat\b)\s*([\w-]+)((?:\s+dot\s+[\w-]+|\.[\w-]+)+)$"
)


_SPOKEN_DOT = re.compile(r"\s+dot\s+")


def written_address(value: str) -> str:
    """An address said aloud ("jo at example dot com", "jo@example dot org") as written."""
    spoken = _SPOKEN_ADDRESS.match(value.strip().lower())
    if spoken is None:
        return value
    user, domain, rest = spoken.groups()
    return f"{user}@{domain}{_SPOKEN_DOT.sub('.', rest)}"


def is_name(value: str) -> bool:
    """A person, a relation or an address, not a clause ("boss saying I'll be late") and not
    a time ("I'll call you later", "I'll call you back")."""
    if "@" in written_address(value):
        return True
    words = [word.strip(",.!?") for word in value.lower().split()]
    return 0 < len(words) <= MAX_NAME_WORDS and not _NOT_IN_A_NAME.intersection(words)


def is_filename(value: str) -> bool:
    """A file's name or a few words of it, not a place, an app or a person."""
    words = value.lower().replace("'s", "").split()
    return 0 < len(words) <= MAX_NAME_WORDS + 1 and not _FILENAME_STOPS.intersection(words)
