"""Slots for a sentence the learned step placed, found wherever they are said.

The templates put each slot in its place; a sentence no template fits ("dont let me forget
the bins tmrw", "can u drop jo at example dot org a line about friday") still says who, what
about, when and how long. Each intent's finder looks for what its skill reads, with the same
parsers the templates use (``values.py`` for lengths of time, ``when.py`` for moments,
``slots.py`` for addresses and names). What is not found is left out: the skill asks for it,
or the step asks before acting.
"""

import re
from collections.abc import Callable, Mapping
from datetime import datetime

from assistant.events import SlotValue
from assistant.intents.asking import GOOD_NEWS
from assistant.intents.slots import is_filename, is_name, written_address
from assistant.intents.when import find_moment

Finder = Callable[[str], dict[str, SlotValue]]

_TYPOS = (
    (
        re.compile(r"\b(?:tomorow|tommorow|tommorrow|tomorro|tmrw|tmr|tmrow|2moro|2morrow)\b"),
        "tomorrow",
    ),
    (re.compile(r"\b(?:tonite|2nite|tonght)\b"), "tonight"),
    (re.compile(r"\b(?:u)\b"), "you"),
    (re.compile(r"\b(?:ur)\b"), "your"),
    (re.compile(r"\b(?:pls|plz|plse)\b"), "please"),
    (re.compile(r"\bmins?\b"), "minutes"),
    (re.compile(r"\bhrs?\b"), "hours"),
)
"""Slips and short forms that the time and task readers would not know, mended first."""
_REMINDER_LEADS = tuple(
    re.compile(pattern)
    for pattern in (
        r"\b(?:don'?t|do not|never) (?:let me |let me ever )?forget(?: to| about| that)?\s+",
        r"\bmake sure (?:that )?i(?: don'?t forget(?: to| about)?| remember(?: to)?)?\s+",
        r"\bremind(?:er)?s?(?: for)?(?: me| us)?(?: to| about| of| that| for| i need to)?\s+",
        r"\b(?:need|have|got|want) to remember(?: to| that)?\s+",
        r"\b(?:alert|ping|nudge|notify|tell) me(?: to| about| that)?\s+",
        r"\b(?:note|memo)(?: to self)?:?\s+",
    )
)
"""The words that ask for a reminder, up to its task, the surest first."""
_REMINDER_TAIL = re.compile(r"\s+(?:please|thanks|thank you|ok|okay|for me|x+|lol)$")
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SPOKEN_ADDRESS = re.compile(r"\b[\w.+-]+\s+at\s+[\w-]+(?:\s+dot\s+[\w-]+)+\b")
_WHO_AFTER = re.compile(
    r"\b(?:to|email|e-mail|mail|emailing|message|msg|write|writing|reply|replying|respond|"
    r"answer|from|did|has|have|had|drop|send|tell|contact|ask)\s+(?:back\s+to\s+|to\s+)?"
    r"(?P<who>(?:my\s+)?[a-z][\w'.-]*(?:\s+[a-z][\w'-]*)?)",
)
_NOT_WHO = frozenset(
    {
        *("a", "an", "the", "any", "some", "new", "email", "emails", "mail", "mails", "message"),
        *("it", "this", "that", "them", "him", "her", "me", "my", "back", "an", "reply", "all"),
        *("someone", "somebody", "anyone", "anybody", "everyone", "you", "up", "off", "out"),
        *("get", "got", "write", "send", "sent", "email", "line", "note", "quick", "letter"),
        *("inbox", "mailbox", "mails", "messages", "something", "anything", "be", "i"),
    }
)
_TOPIC = re.compile(
    r"\b(?:about|regarding|re|concerning|on the subject of|subject|to do with|on)\s+"
    r"(?P<topic>(?:the\s+|my\s+|our\s+)?[\w' -]+?)(?=\s+(?:saying|and say|to say|and tell|"
    r"telling|from|that says)\b|$)"
)
_BODY = re.compile(
    r"\b(?:saying|and say|to say|and tell (?:him|her|them)|telling (?:him|her|them)|that says)"
    r"\s+(?P<body>.+)$"
)
_FOLDERS = r"downloads?|desktop|documents|docs|pictures|photos|music|videos"
"""The folders people name without saying "folder"."""
_FOLDER = re.compile(
    r"\b(?:in|from|on|into|to|inside|under|of)\s+(?:my|the|our)?\s*"
    rf"(?P<folder>{_FOLDERS}|home|[\w-]+(?=\s+folder\b))"
)
_KINDS = {
    "pdf": r"pdfs?",
    "photos": r"photos?|pictures?|pics?|images?|jpe?gs?|pngs?",
    "music": r"music|songs?|mp3s?",
    "documents": r"documents?|docs?|word files?",
    "spreadsheets": r"spreadsheets?|excel files?|xlsx?",
    "archives": r"archives?|zips?|zip files?",
    "installers": r"installers?",
    "videos": r"videos?|movies?|films?|clips?",
    "presentations": r"presentations?|slides?|powerpoints?",
}
_FILE = re.compile(
    r"\b(?:my|the|that)\s+(?P<name>[\w' .-]+?)(?:\s+(?:file|doc|document|pdf|spreadsheet))?"
    r"(?=\s+(?:i|from|in|on|that|which|please)\b|$)"
)
_NAME = re.compile(
    r"\b(?:name is|name's|names|call me|called|im|i'm|i am|its|it's)\s+(?P<name>[a-z][\w'-]*)$"
)
_RELATION_WORDS = (
    "sister|brother|mother|father|wife|husband|partner|son|daughter|boss|friend|best friend|"
    "grandmother|grandfather|aunt|uncle|cousin|niece|nephew|doctor|dentist|neighbour|neighbor|"
    "colleague|manager|girlfriend|boyfriend|mum|mom|dad|grandma|grandpa|nan|nana|grandad"
)
_RELATION = re.compile(rf"\bmy\s+(?P<relation>{_RELATION_WORDS})s?\b")
_MEMORY_TOPIC = re.compile(r"\b(?:about|mentioned|said|told you)\s+(?P<topic>[\w' -]+)$")


def mended(text: str) -> str:
    """``text`` lowercased, with common slips and short forms of time words mended."""
    lowered = " ".join(text.lower().split())
    for slip, meant in _TYPOS:
        lowered = slip.sub(meant, lowered)
    return lowered


def slots_for(intent: str, text: str, known: Mapping[str, SlotValue]) -> dict[str, SlotValue]:
    """The slots ``intent``'s skill reads, as ``text`` says them; ``known`` holds what was
    found before (a length of time)."""
    finder = FINDERS.get(intent)
    found = finder(mended(text)) if finder else {}
    return {
        **found,
        **{name: value for name, value in known.items() if name in NEEDED_KNOWN.get(intent, ())},
    }


NEEDED_KNOWN = {
    "timer.set": ("duration",),
    "timer.cancel": ("duration",),
    "mail.check": ("duration",),
    "mail.search": ("duration",),
    "reminder.snooze": ("duration",),
}
"""The slots found before the templates (a length of time) that an intent takes."""


def reminder_slots(text: str) -> dict[str, SlotValue]:
    """The task and its time: the words after the ones that ask for a reminder."""
    lead = next((hit for pattern in _REMINDER_LEADS if (hit := pattern.search(text))), None)
    if lead is None:
        return {}
    rest = _REMINDER_TAIL.sub("", text[lead.end() :]).strip(" ,.")
    if not rest:
        return {}
    found = find_moment(rest, datetime.now().astimezone())
    if found is None or not found.rest:
        return {"task": rest}
    return {"task": found.rest, "due": found.said}


_ANOTHER = re.compile(
    r"^(?:and also|oh and|and|also|plus)\s+(?:remind me\s+)?(?P<to>to\s+)?(?P<task>.+)$",
    re.IGNORECASE,
)


def another_task(text: str, said_to: bool = False) -> str:
    """The task of another reminder said as more of what came before: "and put the bins out",
    "and also to pay the nursery fees" (``said_to``: only with its "to"). "" when not said so,
    or when it is one word and no "to" ("and then")."""
    more = _ANOTHER.match(text.strip(" .,!?"))
    if more is None or (said_to and not more["to"]):
        return ""
    task = more["task"]
    return task if more["to"] or len(task.split()) > 1 else ""


def another_reminder_slots(text: str, said_to: bool = True) -> dict[str, SlotValue]:
    """The task and time of a reminder said as more of the one before ("and also to pay the
    nursery fees on friday"); without ``said_to``, also one with no "to" but with a time ("and
    put the bins out on thursday morning"); empty when ``text`` is not said so."""
    task = another_task(text, said_to=said_to)
    slots = reminder_slots(f"remind me to {task}") if task else {}
    return slots if said_to or slots.get("due") else {}


def moment_slots(text: str) -> dict[str, SlotValue]:
    """The time wherever it is said: to wake at, or to move a reminder to."""
    found = find_moment(text, datetime.now().astimezone())
    return {"when": found.said} if found else {}


def who(text: str) -> str:
    """The person or address a sentence is about: an address typed or said, "my" and a
    relation, or the name after a word such as "email", "to" or "from"."""
    typed = _ADDRESS.search(text)
    if typed:
        return typed.group()
    said = _SPOKEN_ADDRESS.search(text)
    if said:
        return written_address(said.group())
    relation = _RELATION.search(text)
    if relation:
        return f"my {relation.group('relation')}"
    for found in _WHO_AFTER.finditer(text):
        name = _first_name_words(found.group("who"))
        if name:
            return name
    return ""


def _first_name_words(words: str) -> str:
    """The words of a name at the start of ``words`` ("my landlord", "amy"), or none."""
    kept: list[str] = []
    for word in words.split():
        if word == "my" and not kept:
            kept.append(word)
            continue
        if word in _NOT_WHO or word in ("about", "regarding", "saying", "and", "re"):
            break
        kept.append(word)
    name = " ".join(kept)
    return name if name not in ("", "my") and is_name(name) else ""


def mail_slots(text: str) -> dict[str, SlotValue]:
    """Who, what about and what to say, for a letter or a search."""
    found: dict[str, SlotValue] = {}
    body = _BODY.search(text)
    head = text[: body.start()] if body else text
    contact = who(head)
    if contact:
        found["contact"] = contact
    topic = _TOPIC.search(head)
    if topic and topic.group("topic").strip() not in ("it", "that", "this"):
        found["topic"] = topic.group("topic").strip()
    if body:
        found["body"] = body.group("body").strip()
    return found


def files_slots(text: str) -> dict[str, SlotValue]:
    """The folder, the kind of file and the file's name."""
    found: dict[str, SlotValue] = {}
    folder = _FOLDER.search(text)
    if folder:
        found["folder"] = folder.group("folder")
    for kind, pattern in _KINDS.items():
        if re.search(rf"\b(?:{pattern})\b", text):
            found["kind"] = kind
            break
    return found


def tidying_slots(text: str) -> dict[str, SlotValue]:
    """The folder to tidy or clear of copies: the one named, or Downloads, where loose files
    gather (the question says which, so a wrong one is heard before anything is planned)."""
    named = _FOLDER.search(text) or _TIDIED.search(text)
    return {"folder": named.group("folder") if named else TIDIED_BY_DEFAULT}


TIDIED_BY_DEFAULT = "downloads"
_TIDIED = re.compile(rf"\b(?P<folder>{_FOLDERS})\b")


def open_slots(text: str) -> dict[str, SlotValue]:
    """The file to open."""
    named = _FILE.search(text)
    name = named.group("name").strip() if named else ""
    return {"filename": name} if name and is_filename(name) else {}


def name_slots(text: str) -> dict[str, SlotValue]:
    """A name given ("its maya", "call me rory")."""
    found = _NAME.search(text.strip(" .!"))
    return {"name": found.group("name")} if found else {}


_NEW_NAME = re.compile(
    r"\b(?:call you|name you|your name is|your names|you are|youre|you're|be called|"
    r"go by)\s+(?P<name>[a-z][\w'-]*)(?:\s+(?:now|from now on|instead|then|please|ok))*$"
)


def new_name_slots(text: str) -> dict[str, SlotValue]:
    """The assistant's new name ("ill call you sam", "your name is june now")."""
    found = _NEW_NAME.search(text.strip(" .!"))
    return {"name": found.group("name")} if found else {}


def memory_slots(text: str) -> dict[str, SlotValue]:
    """The relation asked about ("my sister"), or the topic of what was said."""
    relation = _RELATION.search(text)
    if relation:
        return {"relation": relation.group("relation")}
    topic = _MEMORY_TOPIC.search(text)
    return {"topic": topic.group("topic").strip()} if topic else {}


def person_slots(text: str) -> dict[str, SlotValue]:
    """Who a question about a person is about."""
    someone = who(text)
    return {"someone": someone} if someone else {}


_FACT_LEAD = re.compile(
    r"^(?:(?:oh|and|also|btw|fyi|ps|so|by the way|just so you know|remember|note|"
    r"dont forget|don't forget|for the record)\b[ ,:]*(?:that\b)?\s*)+"
)


def fact_slots(text: str) -> dict[str, SlotValue]:
    """What was told, without "btw" or "remember that" in front."""
    fact = _FACT_LEAD.sub("", text).strip(" ,.!")
    return {"fact": fact} if fact else {}


_FEELINGS = {
    "lonely": r"lonely|alone|lonesome|no one|nobody|isolated",
    "tired": (
        r"tired|knackered|exhausted|shattered|sleepy|worn out|drained|wiped|burnt out"
        r"|burned out|running on empty|zombie|fried"
    ),
    "unwell": r"ill|sick|unwell|poorly|headache|flu|cold|fever|pain|hurts?|migraine",
    "angry": r"angry|furious|fuming|mad|annoyed|livid|pissed|irritated|raging|vexed",
    "bored": r"bored|boring|nothing to do",
    "stressed": (
        r"stress\w*|anxious|nervous|worried|overwhelmed|panick\w*|frazzled|tense|scared"
        r"|frightened|on edge|drowning|end of my (?:rope|tether)"
    ),
    "happy": (
        r"happy|great|good|brilliant|amazing|fantastic|excited|chuffed|wonderful|lovely"
        r"|buzzing|buzzin"
    ),
    "sad": (
        r"sad|down|low|blue|upset|miserable|crying|cry|gutted|depressed|rubbish|awful|crap"
        r"|shit|meh|blah|numb|empty|flat|fed up|not ok|not okay"
    ),
}
"""A feeling's words, by the kind the persona answers (the first that fits wins); a feeling
in none of them is answered as one ("Thank you for telling me how you feel...")."""
_UNKIND = re.compile(
    r"\b(?:useless|stupid|dumb|hate|rubbish|annoying|terrible|awful|worst|idiot|shut up|"
    r"pointless|bad at|suck|sucks|crap|thick)\b"
)
_FONDNESS = re.compile(r"\b(?:love|adore|fond of|like you|best friend)\b")
_CHATTER = {
    "home": r"\b(?:i'?m back|im back|just got (?:home|in|back)|home now)\b",
    "no_sleep": r"\b(?:can'?t sleep|cant sleep|awake|insomnia)\b",
    "nobody": r"\b(?:nobody|no one) (?:to talk|talks|cares)\b",
    "miss": r"\bmiss\b",
    "laugh": r"\b(?:haha|lol|funny|lmao)\b",
    "sorry": r"\b(?:sorry|apologi[sz]e)\b",
    "new": r"\b(?:what'?s new|whats new|anything new|news)\b",
    "nothing": r"\b(?:nothing|not much|nm)\b",
}
"""Small talk's kinds, by the words that say them; anything else is an invitation to talk."""


_SAID_OF_ONESELF = re.compile(
    r"\b(?:i'?m|im|i am|i feel|i get|i got|i'?ve been|ive been|i been|i was|feeling)"
    r"(?: (?:so|very|really|a bit|a little|quite|bit|just|kind of|kinda|pretty|that|too|getting"
    r"|feeling|still|always|often|awfully|incredibly|super|soo+|lowkey|highkey|proper|well"
    r"|literally|honestly|actually|lowk|deffo|def))* (?P<felt>[a-z ]+)"
)
"""How someone says how they are: "i get a bit lonely ...", "honestly im just worn out"."""
_SAID_WITHOUT_I = re.compile(
    r"^(?:(?:so|soo+|absolutely|totally|completely|really|bit|a bit|well|proper|feeling|just"
    r"|honestly|ugh|omg|tbh|still|kinda|kind of|pretty)[\s,]+)*(?P<felt>[a-z ]+)"
)
"""How someone says how they are with the "I'm" left out: "absolutely knackered", "so sleepy
i could nod off" ("ill" at the start is "I'll", never a feeling)."""
_NO_ONE_IN_TOUCH = re.compile(
    r"\b(?:nobody|no one|noone|nobodys|nobody's|not one person)(?: has| had|s|'s)?"
    r" (?:even )?(?:texted|text|rung|rang|called|phoned|messaged|visited|been round|come round"
    r"|talked to me|spoken to me|been in touch|checked on me|asked)\b"
)
"""No one in touch ("nobodys texted me all weekend"): loneliness, though the word is not said."""
_FELT = {
    "lonely": r"lonely|lonesome|isolated",
    "tired": (
        r"tired(?! of)|knackered|exhausted|shattered|sleepy|worn out|drained|wiped out"
        r"|running on (?:fumes|empty)"
    ),
    "unwell": r"ill|unwell|poorly|sick(?! of| to death)|under the weather|feverish",
    "angry": r"angry|furious|fuming|livid|raging|annoyed",
    "bored": r"bored",
    "stressed": (
        r"stressed|stressing|anxious|nervous|worried|worrying|overwhelmed|panicking|frazzled"
        r"|on edge|freaking out|scared|terrified|frightened|dreading"
    ),
    "sad": r"sad|upset|miserable|gutted|depressed|heartbroken",
}
"""The feelings read from the words just after "I'm", "I feel", "I get" (only words that
say a feeling in any sentence: not "cold", "down", "great")."""


def felt_in(text: str) -> str | None:
    """The feeling a line says the user has, when it says it plainly of themselves ("i get
    a bit lonely in the afternoons"); ``None`` otherwise."""
    folded = text.casefold()
    if _NO_ONE_IN_TOUCH.search(folded):
        return "lonely"
    said = _SAID_OF_ONESELF.search(folded) or _SAID_WITHOUT_I.match(folded)
    if said is None:
        return None
    for feeling, words in _FELT.items():
        if re.match(rf"(?:{words})\b", said["felt"]) and not said["felt"].startswith("ill "):
            return feeling
    return None


_WORRY_SAID = re.compile(
    r"^(?:\W*(?:but|and|so|ok|um|honestly)\W+)*what if\b(?! (?:we|i|you) (?:go|do|try|get|have)\b)"
)
"""A worry put as "what if ...": never a question for the assistant."""
_PROUD_SAID = re.compile(
    r"(?<!not )(?<!never )\bproud (?:of (?:myself|me|him|her|them|us|my|our)\b|(?:mum|mam|mom|dad"
    r"|nan|parent|grandma|grandad) moment\b)"
)
"""Pride in what one did or what one's own did ("really proud of myself", "proud mum moment")."""
_BAD_DAY_SAID = re.compile(
    r"^(?:\W*(?:got|had|some|more)\s+)*bad news\b"
    r"|\b(?:rubbish|awful|horrible|terrible|crap|crappy|shit|shitty|bad|worst|rough|tough"
    r"|nightmare|dreadful|miserable)\s+(?:day|week|shift|morning|night)\b"
    r"|\b(?:today|tonight|day|week|shift|morning|night)\b.{0,20}\b(?:was|has been|been)\b.{0,20}"
    r"\b(?:(?:an? )?(?:\w+ )?(?:disaster|nightmare)|awful|horrible|terrible|rubbish|hell)\b"
    r"|\bday from hell\b"
)
"""A bad day said in so many words ("rubbish day tbh", "today was a disaster")."""
_NOT_BAD = re.compile(r"\b(?:not|wasnt|wasn't|isnt|isn't|never)(?: a| too| that| so)?\s+\w*$")
"""A bad day said not to be one ("not a bad day actually")."""


def kind_said_in(text: str) -> str | None:
    """The kind of news a line says in so many words, whatever the model made of it: a
    worry ("what if i fail again") or a bad day ("rubbish day tbh"); ``None`` otherwise."""
    folded = text.casefold()
    if _WORRY_SAID.search(folded):
        return "chat.share_worry"
    if _PROUD_SAID.search(folded):
        return GOOD_NEWS
    bad_day = _BAD_DAY_SAID.search(folded)
    if bad_day is None or _NOT_BAD.search(folded[: bad_day.start() + 1]):
        return None
    return "chat.share_bad_day"


def feeling_slots(text: str) -> dict[str, SlotValue]:
    """How the user feels, as one of the kinds the persona answers."""
    for feeling, words in _FEELINGS.items():
        if re.search(rf"\b(?:{words})\b", text):
            return {"feeling": feeling}
    return {"feeling": "other"}


def kind_words_slots(text: str) -> dict[str, SlotValue]:
    """Praise, fondness or an unkind word to the assistant."""
    if _UNKIND.search(text):
        return {"said": "unkind"}
    return {"said": "love" if _FONDNESS.search(text) else "praise"}


def chatter_slots(text: str) -> dict[str, SlotValue]:
    """What kind of small talk it is."""
    kind = next((kind for kind, words in _CHATTER.items() if re.search(words, text)), "talk")
    return {"said": kind}


FINDERS: dict[str, Finder] = {
    "chat.feeling": feeling_slots,
    "chat.kind_words": kind_words_slots,
    "chat.chatter": chatter_slots,
    "memory.remember": fact_slots,
    "reminder.set": reminder_slots,
    "alarm.set": moment_slots,
    "mail.compose": mail_slots,
    "mail.reply": mail_slots,
    "mail.search": mail_slots,
    "mail.read": lambda text: {k: v for k, v in mail_slots(text).items() if k == "contact"},
    "files.find": files_slots,
    "files.organise": tidying_slots,
    "files.duplicates": tidying_slots,
    "reminder.move": moment_slots,
    "files.open": open_slots,
    "identity.user_name": name_slots,
    "identity.rename": new_name_slots,
    "memory.recall": memory_slots,
    "memory.search": memory_slots,
    "memory.person": person_slots,
}
"""How each intent's slots are found; an intent not here takes none from the words."""
