"""What to suggest when a sentence is not understood: the nearest thing the assistant can
do, said the way it understands it; and whether a sentence is about the user's own life, which
is listened to rather than answered with a suggestion."""

import re
from itertools import dropwhile

SUGGESTED = {
    "system.time": "what time is it",
    "system.date": "what's the date today",
    "system.help": "what can you do",
    "system.undo": "undo that",
    "system.sleep": "go to sleep",
    "timer.set": "set a timer for 10 minutes",
    "timer.cancel": "cancel the timer",
    "alarm.set": "wake me up at 7",
    "reminder.set": "remind me to call mum at 6",
    "reminder.list": "what are my reminders",
    "reminder.cancel": "cancel my reminder",
    "mail.check": "check my mail",
    "mail.read": "read my new mail",
    "mail.next": "next email",
    "mail.search": "find mail from Amy",
    "mail.triage": "tidy up my inbox",
    "mail.compose": "write an email to Amy",
    "mail.reply": "reply to this email",
    "files.find": "find the file called budget",
    "files.organise": "tidy my downloads folder",
    "files.duplicates": "find duplicate files in downloads",
    "files.move": "move the pdfs into documents",
    "files.recent": "what did I download today",
    "files.open": "open the file called budget",
    "identity.name": "what's your name",
    "identity.user_name": "my name is Sam",
    "memory.remember": "remember that the spare key is under the pot",
    "memory.ask": "when is my birthday",
    "memory.search": "what did we talk about yesterday",
    "memory.forget": "forget what I told you about the contract",
    "memory.person": "who is Amy",
    "chat.joke": "tell me a joke",
}
"""For each intent worth suggesting, one sentence the templates understand as it."""
FALLBACK_SUGGESTION = "what can you do"

_WORD = re.compile(r"[a-z']+")


def _word_set(words: str) -> frozenset[str]:
    """The words of ``words``, split at spaces (a long list reads better as one string)."""
    return frozenset(words.split())


_FIRST_PERSON = _word_set(
    "i im i'm ive i've id i'd ill i'll my mine myself me we we're were weve we've our ours "
    "us ourselves"
)
"""The words of someone speaking of themselves ("were" and "ill" only as typed for "we're"
and "I'll"; "we were" and "I'm ill" are first-person anyway)."""
_OPENERS = _word_set(
    "ok okay so well oh and but hey hi honestly ugh um uh er erm anyway yeah yes no nah lol haha "
    "right just"
)
"""Words a line may start with before what it is about."""
_LEAD_INS = _word_set("wow omg ah aw aww finally only already also still literally honestly")
"""Words before a verb whose "I" was left out: "finally finished the shed"."""
_PAST = _word_set(
    "went got had made did saw came took gave found left lost bought brought thought caught "
    "taught felt kept slept met ran sat spent told sold sent won wrote ate drank fell forgot "
    "heard knew paid rode drove flew swam sang broke woke spoke stood understood began "
    "fed built back"
)
"""Verbs in the past that do not end in "ed"."""
_DONE_WHAT = _word_set("a an some loads lots")
"""What follows "did" when it tells what was done ("did a big shop"), not asks ("did you")."""
_NOT_DONE = _word_set("didnt didn't couldnt couldn't wasnt wasn't havent haven't hadnt hadn't")
"""What was not done, said without its "I": "didnt sleep a wink"."""
_NOT_PAST = _word_set("need feed bed shed red wed seed speed bleed breed embed proceed succeed")
"""Words ending in "ed" that are no past."""
_FEELINGS = _word_set(
    "feel feeling feelin felt tired exhausted knackered shattered sleepy sad upset miserable "
    "lonely alone stressed anxious worried nervous scared terrified frightened bored angry "
    "annoyed furious fuming frustrated poorly unwell heartbroken awful terrible horrible "
    "horrendous nightmare disaster sucked sucks rubbish fed frazzled fried exhausting worst "
    "gutted devastated overwhelmed depressed crying cried hurts hurting grieving proud excited "
    "thrilled buzzing ecstatic relieved embarrassed ashamed guilty jealous homesick rough meh "
    "blah"
)
"""Words of how someone feels: a line with one ("so tired", "bored af") is about them, even
with no "I" in it."""
_THEIR_PEOPLE = _word_set(
    "mum mums mom moms mam mammy mummy dad dads daddy nan nana nanna gran granny grandma "
    "grandad grandads grandpa grandson granddaughter grandkids son sons daughter daughters "
    "wife husband hubby partner boyfriend girlfriend fiance fiancee brother sister sis bro "
    "kids kiddo toddler baby cousin auntie aunt uncle nephew niece bestie stepdad stepmum "
    "died passed funeral diagnosed cancer"
)
"""The people of someone's life, and what befalls them: "dad got bad news from the hospital"
is about the user's life, with no "I" or "my" in it."""
_REQUESTS = _word_set(
    "what whats what's when whens where wheres who whos why how hows which is are am can "
    "could would will do does did have has should shall may please call play turn text send "
    "show tell give find open set book order put get make read search look check switch "
    "start stop add remove delete take buy remind help let change move email write "
    "translate convert cancel wake sort tidy clean pause skip invite share sync print "
    "schedule block clear create install update download upload save lock unlock record "
    "watch listen order reply forward mute unmute dim raise lower increase decrease rename "
    "shuffle repeat resume continue do ring whatsapp shut sing rap lets let's spell define "
    "calculate count roll flip pick choose recommend suggest teach explain describe remember "
    "facetime skype video post dial message"
)
"""First words of a question or a request: such a line asks for something, even with "my"
in it ("call my mum", "what's my name")."""
_ASKING = re.compile(
    r"\b(?:can|could|would|will|won't|wont) (?:you|u|ya)\b|\b(?:you|u) could\b"
    r"|\b(?:please|pls|plz)\b|\?\s*$"
    r"|^(?:\W*\w+\W+){0,2}?(?:i'd|id|i would|i should) (?:like|love)\b"
)
"""A request anywhere in the line: "can you ...", "... please", a question mark at the end,
"I'd like ..." (but not "I want ...", which is as often about a life as a request)."""


def suggestion_for(intent: str | None) -> str:
    """What to suggest for the nearest intent (or, with none near, "what can you do")."""
    return SUGGESTED.get(intent or "", FALLBACK_SUGGESTION)


def about_themselves(line: str) -> bool:
    """Whether ``line`` is the user speaking of themselves ("my grandad died", "the head
    shouted at me", "so tired"), rather than asking for something ("call my mum", "what's my
    name")."""
    personal = _FIRST_PERSON | _FEELINGS | _THEIR_PEOPLE
    if asks_for_something(line):
        return False
    return bool(personal.intersection(_words(line))) or _said_without_i(_words(line))


def _said_without_i(words: list[str]) -> bool:
    """Whether the line starts, after "just" or "wow", with a verb in the past or a "didn't",
    its "I" left out as people type and talk: "made a lasagne for tea", "just got back from
    walking the dog", "wow didnt realise it was that late"."""
    said = list(dropwhile(lambda word: word in _OPENERS or word in _LEAD_INS, words))
    first = said[0] if len(said) > 1 else ""
    if first == "did" and said[1] in _DONE_WHAT:
        return True  # "did a big shop at aldi", not "did you ..."
    if first in _REQUESTS or first in _NOT_PAST:
        return False
    return first in _PAST or first in _NOT_DONE or (len(first) > 4 and first.endswith("ed"))


def asks_for_something(line: str) -> bool:
    """Whether ``line`` is a question or a request: its first word, after "ok", "so",
    "guess what" and the like, starts one ("what ...", "call ..."), or it asks anywhere
    ("... can you ...", "... please", "I'd like ...")."""
    words = _words(line)
    if words[:2] == ["guess", "what"]:
        words = words[2:]
    if words[:2] == ["what", "if"]:
        return False  # a worry ("what if I mess it up"), not a question for the assistant
    if _ASKING.search(line.casefold().replace("’", "'")):
        return True
    said = list(dropwhile(lambda word: word in _OPENERS, words))
    if said[:2] in (["what", "a"], ["what", "an"]):
        return False  # a cry ("ugh what a day"), not a question
    if len(said) > 1 and said[0] == "did" and said[1] in _DONE_WHAT:
        return False  # what was done ("did a big shop"), not a question ("did you ...")
    return (said[0] if said else "") in _REQUESTS


def _words(line: str) -> list[str]:
    return _WORD.findall(line.casefold().replace("’", "'"))
