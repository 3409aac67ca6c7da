"""memory.*: facts the user tells it, asked back in ordinary words, and what was said when."""

import re
from datetime import timedelta

from assistant.files.periods import period
from assistant.memory.asked import question_in
from assistant.memory.clauses import without_chatter
from assistant.memory.conversation import topic_terms
from assistant.memory.facts import (
    AGE,
    ALLERGY,
    BIRTHDAY,
    FAVOURITE,
    HOME,
    HOMETOWN,
    JOB,
    ME,
    NAME,
    NOTE,
    PETS,
    WORKPLACE,
    Fact,
    Learned,
)
from assistant.memory.feelings import BAD_DAY, GOOD_NEWS, LOSS, WORRY
from assistant.memory.spoken_facts import all_said_back, said_back, whose
from assistant.memory.told import Told, facts_told, tells_facts
from assistant.persona.identity import tidy_name
from assistant.skills.contract import Outcome, Registry, Request
from assistant.skills.people import who_is
from assistant.skills.telling import (
    answer,
    answer_from_notes,
    ask_to_keep,
    keep_told,
    known_names,
)
from assistant.spoken import (
    day_and_month,
    listed,
    quoted,
    second_person,
    sentence,
    spoken_day_and_month,
    spoken_when,
)
from assistant.store.database import TurnRecord

SKILLS = Registry()
"""The intents this module handles, with what each does."""

MAX_FACT_CHARS = 300
MOMENTS_SAID = 3
NOT_A_JOB = frozenset(
    ["bit", "little", "lot", "fan", "big", "huge", "real", "total", "complete", "very", "tad"]
)
"""Words that start "I'm a bit tired" rather than "I'm a nurse"."""
YEAR = re.compile(r"[\s,]+((?:19|20)\d\d)\s*$")
"""A year at the end of a date of birth ("3 May 1990")."""
SIMPLE_FACTS = {"job": JOB, "home": HOME, "hometown": HOMETOWN, "allergen": ALLERGY}
"""Slots whose words are the value of a fact about the user."""


@SKILLS.handles("memory.remember")
def remember(request: Request) -> Outcome:
    """Keep a fact: about the user, a person in their life, or a pet; or a note. Every fact in
    a chatty line is read ("we have two kids, Leo and Isla"); one read loosely is asked about."""
    said = request.slot("fact") or request.context.words
    told = facts_told(said, known_names(request)) if said else []
    if told and not tells_facts(told):
        told.append(Told(Fact(ME, NOTE, _as_note(said)), sure=False))
    if told:
        return keep_told(request, told, trusted=_from_a_template(request))
    if not request.slots and said:
        return ask_to_keep(request, [Fact(ME, NOTE, _as_note(said))])
    fact = _fact_from(request)
    if isinstance(fact, str):
        return Outcome(fact)
    services = request.services
    learned = services.memory.facts.learn(fact, services.clock.now())
    return Outcome(_learned_reply(learned), done=f"remembered {fact.relation} of {fact.subject}")


def _from_a_template(request: Request) -> bool:
    """Whether the line matched a template that names its parts ("my {relation} is called
    {person}", "remember that {fact}"): then what it read is kept without asking. Slots that
    are just the whole line (as the learned step may send) do not count."""
    said = request.context.words.strip(" .!?").casefold()
    return any(str(value).strip(" .!?").casefold() != said for value in request.slots.values())


def _as_note(said: str) -> str:
    """A line kept as said, to the user: "my son Peter lives in Canada" -> "your son ..."."""
    return second_person(without_chatter(said)).strip(" .!?")


def _fact_from(request: Request) -> Fact | str:
    """The fact in the sentence, or a sentence saying why it cannot be kept."""
    turn = request.context.turn_row
    if request.slot("date"):
        return _birthday(request, turn)
    if request.slot("relation"):
        return _named(request.slot("relation"), request.slot("person"), turn)
    if request.slot("pet"):
        return _named(request.slot("pet"), request.slot("pet_name"), turn)
    if request.slot("favourite_thing"):
        relation = FAVOURITE + request.slot("favourite_thing")
        return _about_me(relation, request.slot("favourite_value"), turn)
    for slot, relation in SIMPLE_FACTS.items():
        if request.slot(slot):
            return _simple(relation, request.slot(slot), turn)
    relation, said = (WORKPLACE, "workplace") if request.slot("workplace") else (NOTE, "fact")
    return _about_me(relation, second_person(request.slot(said)), turn)


def _simple(relation: str, value: str, turn: int | None) -> Fact | str:
    if relation == JOB and value.split()[0].casefold() in NOT_A_JOB:
        return "Is that so? Tell me more."
    return _about_me(relation, value, turn)


def _named(subject: str, said: str, turn: int | None) -> Fact | str:
    name = tidy_name(said)
    if name is None:
        return "That doesn't sound like a name to me. Could you say just the name?"
    return Fact(subject, NAME, name, turn)


def _birthday(request: Request, turn: int | None) -> Fact | str:
    said = request.slot("date")
    year = YEAR.search(said)
    day = day_and_month(YEAR.sub("", said))
    if day is None:
        return 'I didn\'t catch a date there. You could say "the 3rd of May".'
    return Fact(_whom(request) or ME, BIRTHDAY, f"{day} {year.group(1)}" if year else day, turn)


def _whom(request: Request) -> str:
    """The person a sentence is about: "sister" for "my sister", "Anna" for "Anna"."""
    if request.slot("relation"):
        return request.slot("relation")
    said = request.slot("someone").strip()
    if said.casefold().startswith("my "):
        return said[3:].strip().casefold()
    return tidy_name(said) or said


def _about_me(relation: str, value: str, turn: int | None) -> Fact | str:
    value = value.strip(" .")
    if not value:
        return "What should I remember?"
    if len(value) > MAX_FACT_CHARS:
        return "That's a lot to keep as one thing. Could you put it in a sentence?"
    return Fact(ME, relation, value, turn)


def _learned_reply(learned: Learned) -> str:
    fact = learned.fact
    if learned.already_known:
        return f"I know. {said_back(fact)}"
    if learned.replaced is not None:
        before, now = _value_as_said(fact, learned.replaced), _value_as_said(fact, fact.value)
        return f"I had {before}; I'll remember {now} now."
    if fact.relation == NOTE:
        return f"I'll remember that {fact.value}."
    return f"Got it. {said_back(fact)}"


def _value_as_said(fact: Fact, value: str) -> str:
    return spoken_day_and_month(value) if fact.relation == BIRTHDAY else value


@SKILLS.handles("memory.recall")
def recall(request: Request) -> Outcome:
    """Answer from the facts: a person's name, or everything known, grouped."""
    facts = request.services.memory.facts
    relation = request.slot("relation")
    if relation:
        fact = facts.get(relation, NAME)
        return Outcome(said_back(fact) if fact else f"You haven't told me your {relation}'s name.")
    topic = request.slot("topic")
    question = question_in(request.context.words) if topic else None
    if question is not None:
        return answer(request, question)
    if topic and topic.casefold() not in ("me", "myself"):
        return _recall_topic(request, topic)
    known = facts.all()
    if not known:
        return Outcome("You haven't told me anything about yourself yet.")
    return Outcome(all_said_back(known))


def _recall_topic(request: Request, topic: str) -> Outcome:
    known = request.services.memory.facts.matching(topic_terms(topic))
    current = [fact for fact in known if fact in request.services.memory.facts.all()]
    if not current:
        return _recall_person(request, topic)
    return Outcome(" ".join(said_back(fact) for fact in current))


def _recall_person(request: Request, topic: str) -> Outcome:
    """Someone known only from mail ("do you remember Amy"), or nothing."""
    found = request.services.memory.people.named(topic)
    if found:
        return Outcome(who_is(found[0], request.services.clock.now()))
    return Outcome(f"You haven't told me anything about {second_person(topic)}.")


ASKED = {
    "job": (JOB, "what you do"),
    "home": (HOME, "where you live"),
    "hometown": (HOMETOWN, "where you're from"),
    "workplace": (WORKPLACE, "where you work"),
    "allergy": (ALLERGY, "about any allergies"),
    "birthday": (BIRTHDAY, "your birthday"),
    "age": (AGE, "your age"),
}
"""What a question asks for: the relation, and how to say it was never told."""


@SKILLS.handles("memory.ask")
def ask(request: Request) -> Outcome:
    """Answer a question about a fact in ordinary words ("where do I work")."""
    question = question_in(request.context.words)
    if question is not None:
        return answer(request, question)
    if not _names_the_fact(request):
        return answer_from_notes(request)
    facts = request.services.memory.facts
    subject, relation, untold = _asked(request)
    if relation == "pets":
        found = [f for f in facts.all() if f.subject in PETS]
    else:
        found = [f for f in facts.all() if (f.subject, f.relation) == (subject, relation)]
        found = found or _by_name(request, subject, relation)
    if not found:
        return Outcome(f"You haven't told me {untold}.")
    return Outcome(" ".join(said_back(f) for f in found))


QUESTION_SLOTS = ("asked", "favourite_thing", "pet", "someone", "relation")
"""The slots with which a template names what is asked."""


def _names_the_fact(request: Request) -> bool:
    return any(request.slot(name) for name in QUESTION_SLOTS)


def _asked(request: Request) -> tuple[str, str, str]:
    """Whom and what is asked about, and how to say it was never told."""
    asked = request.slot("asked")
    if asked in ASKED:
        relation, untold = ASKED[asked]
        return ME, relation, untold
    if asked == "pets":
        return ME, "pets", "about any pets"
    if request.slot("favourite_thing"):
        thing = request.slot("favourite_thing")
        return ME, FAVOURITE + thing, f"your favourite {thing}"
    if request.slot("pet"):
        return request.slot("pet"), NAME, f"your {request.slot('pet')}'s name"
    whom = _whom(request)
    return whom, BIRTHDAY, f"{whose(whom)} birthday"


def _by_name(request: Request, subject: str, relation: str) -> list[Fact]:
    """The fact under the other way of naming the person: "sister" for "Anna" and back."""
    facts = request.services.memory.facts
    names = {f.subject.casefold(): f.value for f in facts.of(NAME)}
    relations = {value.casefold(): subject for subject, value in names.items()}
    other = names.get(subject.casefold()) or relations.get(subject.casefold())
    fact = facts.get(other, relation) if other else None
    return [fact] if fact else []


@SKILLS.handles("memory.search")
def search(request: Request) -> Outcome:
    """The moments that mention a topic, or what was said on a day; newest first, briefly."""
    services = request.services
    now = services.clock.now()
    when = request.slot("date")
    if request.slot("felt"):
        return Outcome(_felt_then(request, request.slot("felt"), when))
    if when:
        start, end = period(when, now)
        said = services.memory.conversations.between(start, end, MOMENTS_SAID)
        if not said:
            return Outcome(f"I have nothing from {when}.")
        return Outcome(f"{when[0].upper()}{when[1:]} you said {_list_said(said)}.")
    topic = request.slot("topic")
    if not topic:
        return Outcome('What about? You could ask "what did I say about the garden".')
    said = services.memory.conversations.search(topic, MOMENTS_SAID)
    if not said:
        return Outcome(f"I don't remember you mentioning {second_person(topic)}.")
    moments = [f"{spoken_when(turn.moment, now)} you said {quoted(turn.text)}" for turn in said]
    return Outcome(sentence("; before that, ".join(moments)))


FELT_KINDS = {
    "worry": frozenset({WORRY, "stressed", "worried", "anxious", "nervous", "scared"}),
    "hard": frozenset({BAD_DAY, LOSS, "sad", "stressed", "lonely", "angry", "unwell", "tired"}),
    "glad": frozenset({GOOD_NEWS, "happy", "excited", "proud", "grateful"}),
}
"""What each way of asking ("what was I worried about") looks for among feelings and news."""
ANY_FEELING = "any"
"""How "how was I feeling" asks: every feeling and piece of news."""
FELT_LOOKBACK = timedelta(days=7)
"""How far back "what was I worried about" looks when no day is said."""
FELT_SAID = 3
"""At most this many feelings or pieces of news are said back."""


def _felt_then(request: Request, kind: str, when: str) -> str:
    """What the user said they felt, or shared, ``when`` (or in the last week), of ``kind``
    ("worry", "hard", "glad"; "any" for all): "Yesterday at 9 in the evening you were worried
    about Leo."."""
    now = request.services.clock.now()
    start, end = period(when, now) if when else (now - FELT_LOOKBACK, now)
    felt = [f for f in request.services.memory.feelings.all() if start <= f.at < end]
    wanted = felt if kind == ANY_FEELING else [f for f in felt if f.feeling in FELT_KINDS[kind]]
    if not wanted and kind == ANY_FEELING:
        return f"You didn't tell me how you felt {when or 'this past week'}."
    if not wanted:
        return f"You didn't tell me of anything like that {when or 'this past week'}."
    said = [f"{spoken_when(f.at, now)} {_as_felt(f.said, f.feeling)}" for f in wanted[-FELT_SAID:]]
    return sentence("; ".join(said))


def _as_felt(said: str, feeling: str) -> str:
    """ "you were worried about leo" as kept, or "you said you felt lonely"."""
    return said if said else f"you said you felt {feeling}"


def _list_said(turns: list[TurnRecord]) -> str:
    return listed([quoted(turn.text) for turn in turns])
