"""Facts told in chatty lines, kept; and questions about them, however typed, answered.

Used by ``memory.remember`` and ``memory.ask`` (``assistant.skills.memory``) and, before the
guess, by the pipeline: a line no template understood surely that asks about a told fact, or
tells one, is taken as such (``about_facts``).

A fact read surely is kept at once; one read loosely is asked about ("Shall I remember that
Leo is 7?"). A yes keeps it; anything else lets the question lapse, as a plan does.
"""

import re
from datetime import datetime, timedelta

from assistant.intents.understanding import Understanding
from assistant.memory.asked import KIDS_AGES, KIDS_NAMES, PETS_NAMES, Question, question_in
from assistant.memory.everything import Memory
from assistant.memory.facts import (
    AGE,
    ALLERGY,
    BIRTHDAY,
    CHILD_COUNT,
    CHILDREN,
    COUNTS,
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
from assistant.memory.spoken_facts import children_said, said_back, together, who
from assistant.memory.told import SOMEONE_BEFORE, Told, facts_told, tells_facts
from assistant.memory.words import YEAR
from assistant.skills.contract import Outcome, PendingAction, Request
from assistant.spoken import listed, sentence, spoken_day_and_month

REMEMBER = "memory.remember"
ASK = "memory.ask"
REMIND = "reminder.set"
"""Its template takes "remind me whats my husbands name" for a reminder: it is a question."""
DAYS_A_YEAR = 365.25
NOT_HER = frozenset(
    ["son", "husband", "brother", "father", "boyfriend", "grandson", "nephew", "uncle"]
    + ["grandfather", "stepson"]
)
"""Whom "he" may mean but "she" may not."""
NOT_HIM = frozenset(
    ["daughter", "wife", "sister", "mother", "girlfriend", "granddaughter", "niece", "aunt"]
    + ["grandmother", "stepdaughter"]
)
"""Whom "she" may mean but "he" may not."""
LATELY = timedelta(minutes=15)
"""How long "he" or "she" on its own still means whoever the last fact was about."""
_QUESTION_WORDS = (
    "where what when who how which did do does i you your my our we us me say said tell told"
    " was were is are again remember keep kept put the a an of in on at to it that there"
    " please know can could would will have has had be been"
)
QUESTION_WORDS = frozenset(_QUESTION_WORDS.split())
"""Words of a question that say nothing about what it asks for."""
UNTOLD = {"hometown": "home town", "allergy": "allergies", "age": "age"}
"""How a relation is named in "You haven't told me your ..."."""
UNTOLD_WHERE = {
    HOME: ("where you live", "where {who} lives"),
    WORKPLACE: ("where you work", "where {who} works"),
    JOB: ("what you do", "what {who} does"),
    HOMETOWN: ("where you're from", "where {who} is from"),
    ALLERGY: ("about any allergies", "about any allergies {who} has"),
}
"""What was never told about the user, and about someone else."""


def about_facts(words: str, understanding: Understanding | None) -> Understanding | None:
    """``understanding``, unless no template was sure of the line (the learned step's placing
    included) and it asks about or tells a fact: then it is ``memory.ask`` or
    ``memory.remember``, the skill reading the words. ("remind me whats my husbands name" is a
    question too, though a template takes it for a reminder; so is one a template fits only by
    its shape.)"""
    asks = question_in(words) is not None
    if asks and understanding is not None and _another_thing_by_shape(understanding):
        return Understanding(ASK)
    if _taken_whole(understanding):
        return understanding
    if asks:
        return Understanding(ASK)
    if tells_facts(facts_told(words)):
        return Understanding(REMEMBER)
    return understanding


def _taken_whole(understanding: Understanding | None) -> bool:
    """Whether a template was sure of the whole line (conversation it fits only in part,
    "hiya, names deborah btw", still tells a fact)."""
    if understanding is None or not understanding.sure or understanding.learned:
        return False
    return not (understanding.loose and understanding.intent.startswith("chat."))


def _another_thing_by_shape(understanding: Understanding) -> bool:
    """Whether a template took a question about a fact for something else: a reminder, or
    anything but memory by its shape alone ("where is my partner from" is not a file called
    "partner from")."""
    by_shape = understanding.loose and not understanding.intent.startswith("memory.")
    return understanding.intent == REMIND or by_shape


def known_names(request: Request) -> list[str]:
    """The people and pets already named: the age of one of them is read surely."""
    return names_known(request.services.memory)


def names_known(memory: Memory) -> list[str]:
    """The names of the people and pets the user told of (their own too)."""
    return [fact.value for fact in memory.facts.of(NAME)] + [n for n, _ in memory.facts.people()]


def names_someone_known(words: str, memory: Memory) -> bool:
    """Whether ``words`` name someone the user told of ("isla's teacher said she's the kindest
    kid in the class", after "we have two kids, leo and isla"): a line about them is about the
    user's life too."""
    said = set(re.findall(r"[a-z]+", words.casefold().replace("'s ", " ")))
    said |= {word.removesuffix("s") for word in said}  # "maisies coach", typed
    return any(name.split()[0].casefold() in said for name in names_known(memory) if name)


def keep_told(request: Request, told: list[Told], trusted: bool = False) -> Outcome:
    """Keep the facts read surely (all of them when ``trusted``, the line having matched a
    template); ask about the others."""
    turn = request.context.turn_row
    told = _about_the_one_before(request, told)
    if not told:
        return Outcome("Who do you mean? Tell me their name too, and I'll remember it.")
    sure = [_at_turn(t.fact, turn) for t in told if t.sure or trusted]
    unsure = [_at_turn(t.fact, turn) for t in told if not (t.sure or trusted)]
    reply = learned_reply(request, [_learn(request, fact) for fact in sure]) if sure else ""
    if not unsure:
        return Outcome(reply, done=_done(sure))
    plan = _asked_first(request, unsure)
    return Outcome(f"{reply} {plan.summary}".strip(), done=_done(sure), plan=plan)


def _about_the_one_before(request: Request, told: list[Told]) -> list[Told]:
    """ "he's 7" on its own: about whoever the last fact told, minutes ago, was about (asked
    about first); dropped when there is no one."""
    before = {said: pronoun for pronoun, said in SOMEONE_BEFORE.items()}
    pronoun = next((before[t.fact.subject] for t in told if t.fact.subject in before), "")
    if not pronoun:
        return told
    last = _last_talked_about(request, NOT_HER if pronoun == "she" else NOT_HIM)
    return [
        Told(Fact(last, t.fact.relation, t.fact.value), sure=False)
        if t.fact.subject in before
        else t
        for t in told
        if last or t.fact.subject not in before
    ]


def _last_talked_about(request: Request, not_meant: frozenset[str]) -> str:
    """Whom the newest fact learned in the last few minutes is about (not the user, and not
    one ``not_meant``: "she" is no son)."""
    since = request.services.clock.now() - LATELY
    recent = [
        f
        for f in _current(request)
        if f.subject not in (ME, *not_meant) and f.at and datetime.fromisoformat(f.at) >= since
    ]
    return recent[-1].subject if recent else ""


def ask_to_keep(request: Request, facts: list[Fact]) -> Outcome:
    """Ask whether to keep ``facts``; kept only on a yes."""
    plan = _asked_first(request, facts)
    return Outcome(plan.summary, plan=plan)


def _asked_first(request: Request, facts: list[Fact]) -> PendingAction:
    """The question whose yes keeps ``facts`` ("Shall I remember that Leo is 7?")."""
    question = f"Shall I remember that {listed([_clause(f) for f in facts])}?"

    def keep(_progress: object) -> Outcome:
        learned = [_learn(request, fact) for fact in facts]
        return Outcome(learned_reply(request, learned), done=_done(facts))

    return PendingAction(REMEMBER, question, tuple(said_back(f) for f in facts), keep)


def keep_names_in_passing(request: Request) -> None:
    """Keep, without a word about it, the names said in passing in a line that shares
    something ("my wife jean passed away": your wife's name is Jean), so that they can be
    asked back; nothing else of the line is read as a fact."""
    words = request.context.words
    told = facts_told(words, known_names(request)) if words else []
    for each in told:
        if each.in_passing and each.sure and each.fact.relation == NAME:
            _learn(request, _at_turn(each.fact, request.context.turn_row))


def _at_turn(fact: Fact, turn: int | None) -> Fact:
    """``fact`` pointing back to the turn it was told in."""
    return Fact(fact.subject, fact.relation, fact.value, turn)


def _learn(request: Request, fact: Fact) -> Learned:
    """Keep ``fact`` now."""
    return request.services.memory.facts.learn(fact, request.services.clock.now())


def _done(facts: list[Fact]) -> str:
    """What was kept, for the event that says so."""
    if not facts:
        return ""
    return "remembered " + ", ".join(f"{f.relation} of {f.subject}" for f in facts)


def _clause(fact: Fact) -> str:
    """A fact as said back, without its capital and full stop, to go inside a sentence."""
    if fact.relation == NOTE:
        return fact.value
    said = said_back(fact).rstrip(".")
    return said[:1].lower() + said[1:] if said.startswith("You") else said


def learned_reply(request: Request, learned: list[Learned]) -> str:
    """What was kept, said back: new facts after "Got it.", changes and repeats each in turn;
    the children named together ("Your children are Leo and Isla")."""
    new = [item.fact for item in learned if item.replaced is None and not item.already_known]
    others = [_changed(request, item) for item in learned if item.fact not in new]
    said = [*_new_said(request, new), *others]
    return " ".join(said)


def _new_said(request: Request, facts: list[Fact]) -> list[str]:
    """ "Nice to meet you, Maya." for a name; "Got it. ..." for facts; "I'll remember that
    ..." for notes (and for facts after a name)."""
    name = [f for f in facts if (f.subject, f.relation) == (ME, NAME)]
    notes = [f for f in facts if f.relation == NOTE]
    rest = [f for f in facts if f not in (*name, *notes)]
    said = [request.services.say("nice_to_meet", user=name[-1].value)] if name else []
    if rest:
        plain = sentence(_clauses(rest))
        said.append(f"I'll remember that {_clauses(rest)}." if name else f"Got it. {plain}")
    if notes:
        said.append(f"I'll remember that {_clauses(notes)}.")
    return said


def _clauses(facts: list[Fact]) -> str:
    """``facts`` said in one sentence, the children's names together."""
    children = [f for f in facts if f.subject in CHILDREN and f.relation == NAME]
    if children:
        facts = [f for f in facts if f not in children and f.relation not in COUNTS.values()]
    parts = [_clause(f) for f in together(facts)]
    if children:
        parts.insert(0, children_said(children))
    return listed(parts)


def _changed(request: Request, learned: Learned) -> str:
    """A fact that replaced another ("I had Tom; I'll remember Tim now.") or was known."""
    fact = learned.fact
    if learned.already_known:
        return f"I know. {said_back(fact)}"
    before, now = (_as_said(fact, v) for v in (learned.replaced or "", fact.value))
    if (fact.subject, fact.relation) == (ME, NAME):
        return f"I had {before}; I'll call you {now} now."
    return f"I had {before}; I'll remember {now} now."


def _as_said(fact: Fact, value: str) -> str:
    """A value as said back (a birthday as "the 3rd of May")."""
    try:
        return spoken_day_and_month(value) if fact.relation == "birthday" else value
    except (ValueError, IndexError):
        return value


# Asking back ---------------------------------------------------------------------------------


def answer(request: Request, question: Question) -> Outcome:
    """The answer to ``question`` from the facts, or what was never told."""
    if question.relation == KIDS_NAMES:
        return Outcome(_children_answer(request, question.subject))
    if question.relation == KIDS_AGES:
        return Outcome(_children_ages(request, question.subject))
    if question.relation == PETS_NAMES:
        return _listed_answer(request, [f for f in _current(request) if f.subject in PETS])
    found = _found(request, question.subject, question.relation)
    now = request.services.clock.now()
    if question.relation == AGE and found:
        return Outcome(" ".join(_age_said(f, now) for f in found))
    if question.relation == AGE:
        born = [f for f in _found(request, question.subject, BIRTHDAY) if YEAR.search(f.value)]
        if born:
            return Outcome(_age_from_birthday(born[-1], now))
    return _listed_answer(request, found, question)


def _listed_answer(
    request: Request, found: list[Fact], question: Question | None = None
) -> Outcome:
    """The facts found, said back; or what was never told."""
    if found:
        return Outcome(" ".join(said_back(f) for f in together(found)))
    if question is None:
        return Outcome("You haven't told me about any pets.")
    return Outcome(f"You haven't told me {_untold(question)}.")


def answer_from_notes(request: Request) -> Outcome:
    """A question no reader understood ("where's the spare key"), answered from the notes
    that share the most of its words."""
    wanted = _content_words(request.context.words)
    notes = [f for f in _current(request) if f.relation == NOTE]
    scored = [(len(wanted & _content_words(f.value)), f) for f in notes]
    best = max((score for score, _ in scored), default=0)
    if best == 0:
        return Outcome("I don't think you've told me that.")
    return Outcome(" ".join(sentence(f.value) for score, f in scored if score == best))


def _content_words(text: str) -> set[str]:
    """The words that carry a question's or note's meaning, each without a plural "s"."""
    words = re.findall(r"[a-z0-9]+", text.casefold())
    return {w.removesuffix("s") for w in words if w not in QUESTION_WORDS and len(w) > 1}


def _current(request: Request) -> list[Fact]:
    """Every fact known now."""
    return request.services.memory.facts.all()


def _found(request: Request, subject: str, relation: str) -> list[Fact]:
    """The facts about ``subject`` (or whoever it names: "son" for "Leo", and back)."""
    facts = _current(request)
    wanted = {subject.casefold()} | _other_names(facts, subject)
    if subject.endswith("s"):
        wanted.add(subject[:-1].casefold())
    found = [f for f in facts if f.subject.casefold() in wanted and f.relation == relation]
    young = YOUNG_OF.get(subject.casefold())
    return found or ([f for f in facts if (f.subject, f.relation) == (young, relation)])


YOUNG_OF = {"dog": "puppy", "cat": "kitten"}
"""A pet asked about by its kind, told of as a young one: "whats the dogs name" after "a
cockapoo puppy called bramble"."""


def _other_names(facts: list[Fact], subject: str) -> set[str]:
    """The other ways ``subject`` is known: "Leo" for "son", "son" for "Leo"."""
    named = [f for f in facts if f.relation == NAME and f.subject != ME]
    folded = subject.casefold()
    return {
        (f.value if f.subject.casefold() == folded else f.subject).casefold()
        for f in named
        if folded in (f.subject.casefold(), f.value.casefold())
    }


def _untold(question: Question) -> str:
    """What was never told, as in "You haven't told me where your mother lives"."""
    mine = question.subject == ME
    if question.relation in UNTOLD_WHERE:
        said = UNTOLD_WHERE[question.relation]
        return said[0] if mine else said[1].format(who=who(question.subject))
    whom = "your" if mine else _whose(question.subject)
    return f"{whom} {UNTOLD.get(question.relation, question.relation)}"


def _whose(subject: str) -> str:
    """ "your mother's", "Leo's", "James'"."""
    said = who(subject)
    return f"{said}'" if said.endswith("s") else f"{said}'s"


CHILDREN_ASKED = {
    "child": frozenset(["child", "son", "daughter"]),
    "grandchild": frozenset(["grandchild", "grandson", "granddaughter"]),
}
"""Whom "my kids" and "my grandkids" ask about (any other word, "my sons", only its own)."""


def _children_named(request: Request, asked: str) -> list[Fact]:
    """The names of the children ``asked`` about ("child": sons and daughters too, not
    grandchildren)."""
    wanted = CHILDREN_ASKED.get(asked, frozenset([asked]) & CHILDREN or CHILDREN)
    return [f for f in _current(request) if f.subject in wanted and f.relation == NAME]


def _children_answer(request: Request, asked: str) -> str:
    """The children's names, or how many there are, or that none were told."""
    facts = _current(request)
    children = _children_named(request, asked)
    if children:
        return sentence(children_said(children))
    count = [f for f in facts if (f.subject, f.relation) == (ME, CHILD_COUNT)]
    if count:
        return f"You told me you have {count[-1].value} children, but not their names."
    return "You haven't told me about any children."


def _children_ages(request: Request, asked: str) -> str:
    """Each child's age, as told and grown since; or which ones it was never told."""
    children = _children_named(request, asked)
    if not children:
        return _children_answer(request, asked)
    now = request.services.clock.now()
    said = []
    for child in children:
        ages = _found(request, child.value, AGE)
        said.append(
            _age_said(ages[-1], now) if ages else f"You haven't told me {child.value}'s age."
        )
    return " ".join(said)


def _age_from_birthday(fact: Fact, now: datetime) -> str:
    """ "You're 36 (born on the 3rd of May 1990)." from a birthday told with its year."""
    born = datetime.strptime(fact.value, "%d %B %Y")
    had_birthday = (now.month, now.day) >= (born.month, born.day)
    age = now.year - born.year - (0 if had_birthday else 1)
    said = said_back(Fact(fact.subject, AGE, str(age))).rstrip(".")
    return f"{said} (born on {spoken_day_and_month(fact.value)})."


def _age_said(fact: Fact, now: datetime) -> str:
    """ "Leo is 7." when told this year; "Leo was 7 when you told me, in March 2025, so
    about 8 now." when told longer ago. Ages are kept as told, with the day."""
    told = datetime.fromisoformat(fact.at)
    years = int((now - told).days // DAYS_A_YEAR)
    said = said_back(fact)
    if years < 1 or not fact.value.isdigit():
        return said
    was = said.rstrip(".").replace(" is ", " was ", 1).replace("You're", "You were", 1)
    return f"{was} when you told me, in {told:%B %Y}, so about {int(fact.value) + years} now."
