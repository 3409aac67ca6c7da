"""What a line tells: facts read clause by clause from a chatty sentence.

"hey so I never told you my name, its Maya" -> the user's name is Maya; "we have two kids, Leo
and Isla" -> two children, named; "Leo is 7 and Isla is 4" -> their ages. The line is cut into
clauses (``clauses``), and each clause is read with a few patterns into (subject, relation,
value). What one clause leaves open, the next may finish: "two kids" then "Leo" and "Isla"; "my
name" then "its Maya"; "he" is the last one talked about.

A fact read loosely (the age of someone never named, a name that might be a word, a value that
an "and" may have cut short) is not ``sure``: it is asked about before it is kept.
"""

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import cache

from assistant.given_names import is_given_name
from assistant.memory.clauses import Clause, clauses
from assistant.memory.facts import (
    AGE,
    ALLERGY,
    BIRTHDAY,
    COUNTS,
    FAVOURITE,
    HOME,
    HOMETOWN,
    JOB,
    ME,
    NAME,
    NICKNAME,
    PETS,
    WORKPLACE,
    Fact,
)
from assistant.memory.words import (
    KID,
    KIDS,
    NOT_NAMES,
    NUMBER,
    PET,
    RELATION,
    SAID_BARE,
    SAID_PETS,
    SIDE_WORD,
    YEARS,
    birthday,
    kept_as,
    leading_name,
    mended,
    name_in,
    number,
    pet_kept,
    someone_of_mine,
    unprefixed,
    value_in,
)

IM = r"(?:i'?m|i am|im)"
"""'I am', typed any way."""
WE = r"(?:we|i|me and \w+)"
"""Who has the children or the pets: "we", "I", "me and Tom"."""
HAVE = r"(?: have| have got|'ve got| ve got|ve got|'ve| ve|ve| got| own| also have| had)"
"""After "we" or "I": "we have", "we've got", "ive got"."""
CALLED = r"(?:called|named|name'?s|whose name is|who'?s called|by the name of)"
"""What comes before a name: "a cat called Pickle"."""
NOT_A_JOB = frozenset(
    ["bit", "little", "lot", "fan", "big", "huge", "real", "total", "complete", "very", "tad"]
    + ["mess", "wreck", "mum", "mom", "dad", "mother", "father", "parent", "grandparent"]
    + ["night", "morning", "person", "people", "early", "late", "massive", "proud", "happy"]
    + ["grandma", "grandmother", "grandad", "grandpa", "granny", "nan", "baby", "leap", "kid"]
    + ["aries", "taurus", "gemini", "cancer", "leo", "virgo", "libra", "scorpio", "pisces"]
)
"""Words that start "I'm a bit tired" or "I'm a mum of two" rather than "I'm a nurse"."""
JOB_ENDINGS = (
    *("er", "or", "ist", "ian", "ant", "ent", "eer", "nurse", "chef", "vet", "medic"),
    *("midwife", "carer", "surgeon", "cleaner", "gp", "dentist", "cook", "barista"),
)
"""How most names of jobs end: what someone else "is" is taken for a job only then."""
MAX_VALUE_WORDS = 6
"""A longer value is more likely a sentence than a fact: it is asked about."""
MAX_AGE = 120
"""An age past this is a number that is not an age."""
PLACES = frozenset([HOME, HOMETOWN, WORKPLACE])
"""Relations whose value is a place, given its capitals when typed without."""
SOMEONE_BEFORE = {"he": "(he, before)", "she": "(she, before)"}
"""The subject of "he's 7" said on its own: whoever the line before was about (the skill
finds out who; see ``assistant.skills.telling``)."""
PRONOUNS = frozenset(["he", "she", "they", "it", "him", "her"])
"""Words that stand for the last one talked about."""


@dataclass(frozen=True)
class Told:
    """A fact read from a line, and whether it was read surely enough to keep unasked."""

    fact: Fact
    """The fact (no turn, no time yet)."""
    sure: bool = True
    """False when it should be asked about first ("Shall I remember that Leo is 7?")."""
    in_passing: bool = False
    """True for a fact said on the way to something else ("my friend Betty has passed"): kept
    from a line that tells facts, but it does not make a line one."""


def tells_facts(told: list[Told]) -> bool:
    """Whether ``told`` holds a fact the line was said for (not only ones said in passing)."""
    return any(not t.in_passing for t in told)


@dataclass
class _Line:
    """What the clauses read so far leave for the next ones."""

    known: frozenset[str]
    """Names known before the line (casefolded): the age of a known name is sure."""
    named: list[str] = field(default_factory=list)
    """Names said in this line, in order."""
    last: str = ""
    """Whom the last fact was about, for "he", "she", "it"."""
    more: Callable[[Clause], list[Told]] | None = None
    """What a bare clause after the last one adds ("two kids" + "Isla")."""
    name_asked: bool = False
    """True once "my name" was said without the name ("I never told you my name")."""
    listed: list[str] = field(default_factory=list)
    """The names of the children or pets listed in this line, for "they're 7 and 4"."""
    ages: list[int] = field(default_factory=list)
    """The ages said for them ("they're 7 and 4"), given out when the line ends."""
    kids: str = ""
    """The children said to be had in this line ("child", "daughter"), if any."""
    wanted: int = 0
    """How many children were said to be named ("three kids"): "susan david and michael"
    is then three names, not "Susan David"."""

    def knows(self, name: str) -> bool:
        """Whether ``name`` was known before or said earlier in the line."""
        folded = name.casefold()
        return folded in self.known or folded in (n.casefold() for n in self.named)


Reader = Callable[[re.Match[str], _Line], list[Told] | None]
"""Reads the facts of a matched clause; ``None`` when the clause is not such a fact after all."""


def facts_told(line: str, known_names: Collection[str] = ()) -> list[Told]:
    """Every fact ``line`` tells, in order; ``known_names`` are people and pets already known."""
    state = _Line(frozenset(name.casefold() for name in known_names))
    line = mended(line)
    found = _introduction(line) + _named_in_passing(line, state) + _children_aged(line, state)
    for clause in clauses(line):
        read = _read(clause, state)
        if read is None:
            read = _continued(clause, state, found)
            _mentioned(clause, state)
        else:
            _note(read, state)
        found.extend(read + _with_someone(clause, state))
    return _once_each(_a_name_a_word(found, state) + _their_ages_given(state))


def _once_each(found: list[Told]) -> list[Told]:
    """Each fact once ("im jess btw" says her name by two patterns), as told for itself
    rather than in passing when it was both."""
    once: dict[Fact, Told] = {}
    for told in found:
        if told.fact not in once or once[told.fact].in_passing:
            once[told.fact] = told
    return list(once.values())


def _a_name_a_word(found: list[Told], state: _Line) -> list[Told]:
    """ "we had three kids, susan david and michael": three names, not "Susan David" (when
    each name of two words as two makes as many as were said)."""
    names = [t for t in found if t.fact.relation == NAME and t.fact.subject in KIDS.values()]
    split = sum(len(t.fact.value.split()) for t in names)
    if not names or len(names) >= state.wanted or split != state.wanted:
        return found
    return [one for told in found for one in (_each_word(told) if told in names else [told])]


def _each_word(told: Told) -> list[Told]:
    """A child's name of two words as two children's names."""
    fact = told.fact
    return [Told(Fact(fact.subject, NAME, word), told.sure) for word in fact.value.split()]


def _mentioned(clause: Clause, state: _Line) -> None:
    """ "i look after my dad", "i have an older sister", "i got a new kitten last week": the
    one talked of, for a "his" or "her" next."""
    found = (
        MENTIONED.search(clause.text)
        or SOMEONE_HAD.search(clause.text)
        or SOMEONE_IS_DOING.search(clause.text)
    )
    if found is not None:
        state.last = kept_as(found["relation"])


def _with_someone(clause: Clause, state: _Line) -> list[Told]:
    """ "i live in leeds with my partner sam": the partner's name, said in passing."""
    found = WITH_SOMEONE.search(clause.text)
    read = _relation_name(found, state) if found else None
    return [Told(t.fact, t.sure, in_passing=True) for t in read] if read else []


@cache
def _compiled() -> list[tuple[re.Pattern[str], Reader]]:
    """The patterns, compiled the first time a line is read."""
    return [(re.compile(text, flags), reader) for (text, flags), reader in _PATTERNS]


def _named_in_passing(line: str, state: _Line) -> list[Told]:
    """ "my husband pete and i ...", "my wife jean passed away": the name, in passing."""
    found = SOMEONE_DOING.search(line) or _me_and_someone(line)
    read = _relation_name(found, state) if found else None
    return [Told(t.fact, t.sure, in_passing=True) for t in read] if read else []


def _me_and_someone(line: str) -> re.Match[str] | None:
    """ "me and my girlfriend chloe ...": only a first name people are given, or one written
    with its capital ("me and my mum went" names no one)."""
    found = ME_AND_SOMEONE.search(line)
    name = found["name"] if found else ""
    return found if name[:1].isupper() or is_given_name(name) else None


def _introduction(line: str) -> list[Told]:
    """ "im tom btw", "hi its maya here": a name said in passing, asked about first."""
    said = INTRODUCTION.match(line.replace("’", "'"))  # noqa: RUF001 (a curly quote)
    name = name_in(said["name"]) if said else None
    return [Told(Fact(ME, NAME, name), sure=False)] if name else []


A_TITLE = r"(?:mr|mrs|ms|miss|dr)\.?\s+"
TITLE = rf"(?:{A_TITLE})?"
NAME_SAID = [
    re.compile(rf"\b(?:{pattern})\s+(?P<name>{TITLE}[\w-]+(?: [\w-]+)?)(?![\w'])", re.I)
    for pattern in (
        r"my name(?:'s| is|s)|name'?s|names|call me|calls? me|go by|call myself",
        r"i'?m|i am|im|it'?s|its|this is",
    )
]
"""Where a name is said in a line that gives it, strongest first: "u can call me jules",
"the names rory", "ok so im dan"."""


def name_said(line: str) -> str | None:
    """The user's name in a line known to give it, read more loosely than ``facts_told``
    does (for ``identity.user_name``); ``None`` when no name is found."""
    for pattern in NAME_SAID:
        for found in pattern.finditer(line.replace("’", "'")):  # noqa: RUF001 (a curly quote)
            name = leading_name(found["name"])
            if name and "'" not in name:
                return name
    return None


def _read(clause: Clause, state: _Line) -> list[Told] | None:
    """The facts in one clause by the first pattern that fits; ``None`` when none does."""
    for pattern, reader in _compiled():
        found = pattern.match(clause.text)
        read = reader(found, state) if found else None
        if read is not None:
            return read
    return None


def _note(read: list[Told], state: _Line) -> None:
    """The last one talked about, for a "he" or "she" in the next clause."""
    if read:
        state.last = read[-1].fact.subject


def _continued(clause: Clause, state: _Line, found: list[Told]) -> list[Told]:
    """A clause no pattern fits: the next of a list ("and Isla"), the end of a value cut short
    by "and" ("Marks and Spencer", asked about), or chatter ("she's a menace")."""
    if state.more is not None:
        more = state.more(clause)
        if more:
            named = [t.fact.value for t in more if t.fact.relation == NAME]
            state.last = named[-1] if named else state.last  # "alfie, hes 6"
            return more
    if found and clause.joined_by in ("and", "&") and _could_end_a_value(clause, found[-1]):
        cut = found.pop().fact
        whole = Fact(cut.subject, cut.relation, f"{cut.value} and {clause.text}")
        return [Told(whole, sure=False)]
    state.more = None
    return []


def _could_end_a_value(clause: Clause, last: Told) -> bool:
    """ "Spencer" after "I work at Marks": a word or two, no pronoun, no verb-like start."""
    words = [w.casefold() for w in clause.words]
    return (
        last.fact.relation in (WORKPLACE, HOME, HOMETOWN, JOB)
        or last.fact.relation.startswith(FAVOURITE)
    ) and (len(words) <= 2 and not set(words) & (PRONOUNS | {"i", "we", "my", "is", "am"}))


def _value(relation: str, said: str) -> str:
    """A value as kept: trimmed, the run-on after it cut off; a place typed all in small
    letters gets its capitals."""
    said = value_in(said).strip(" .,'\"")
    words = said.split()
    if relation not in PLACES or not said.islower() or not words or len(words) > 3:
        return said
    return said if words[0] in ("a", "an", "the") else said.title()


def _mine(relation: str, said: str, sure: bool = True, whose: str = ME) -> list[Told]:
    """A fact with ``said`` as its value (the user's, or ``whose``); none when empty or chatter."""
    value = _value(relation, said)
    if not value or value.casefold() in NOT_NAMES:
        return []
    return [Told(Fact(whose, relation, value), sure and len(value.split()) <= MAX_VALUE_WORDS)]


def _as_is(said: str) -> str:
    """``said`` without the quotes and stops around it."""
    return said.strip(" .,'\"")


# The user ------------------------------------------------------------------------------------


def _my_name(found: re.Match[str], state: _Line) -> list[Told] | None:
    """ "my name is Maya", "call me Maya"; "I'm Tom" is read loosely."""
    name = name_in(found["name"])
    return [Told(Fact(ME, NAME, name), sure=_strict(found))] if name else None


def _nickname(found: re.Match[str], state: _Line) -> list[Told] | None:
    """ "everyone calls me jonno": what the user is called by others."""
    name = leading_name(found["name"] or found["name2"])
    return [Told(Fact(ME, NICKNAME, name))] if name else None


def _given_name(found: re.Match[str], state: _Line) -> list[Told] | None:
    """ "im sam": read loosely, and only for a first name people are given."""
    name = name_in(found["name"])
    return [Told(Fact(ME, NAME, name), sure=False)] if name and is_given_name(name) else None


def _strict(found: re.Match[str]) -> bool:
    """Whether the pattern that matched is a strict one (a loose one has a ``loose`` group)."""
    return "loose" not in found.groupdict()


def _name_mentioned(found: re.Match[str], state: _Line) -> list[Told]:
    """ "I never told you my name": the name comes next ("its Maya", or just "Maya")."""
    state.name_asked = True
    state.more = lambda clause: _bare_name(clause, state)
    return []


def _bare_name(clause: Clause, state: _Line) -> list[Told]:
    """ "its Maya" (or just "Maya") after "I never told you my name"."""
    said = re.sub(r"^(?:it'?s|its|it is|it was)\s+", "", clause.text, flags=re.IGNORECASE)
    name = name_in(said)
    state.more = None
    return [Told(Fact(ME, NAME, name))] if name and state.name_asked else []


def _my_age(found: re.Match[str], state: _Line) -> list[Told] | None:
    """ "I'm 41", "I just turned 30"."""
    age = number(found["age"])
    return [Told(Fact(ME, AGE, str(age)))] if age is not None and age <= MAX_AGE else None


def _my_birthday(found: re.Match[str], state: _Line) -> list[Told] | None:
    """ "my birthday's on the 14th of february", "I was born on 3 May 1990"."""
    day = birthday(found["date"])
    return [Told(Fact(ME, BIRTHDAY, day))] if day else None


def _teach(found: re.Match[str], state: _Line) -> list[Told]:
    """ "I teach year 4 at St Marys" -> a year 4 teacher, working at St Marys."""
    what = _as_is(found["what"] or "")
    job = f"{what} teacher" if what else "teacher"
    where = _mine(WORKPLACE, found["where"]) if found["where"] else []
    return [Told(Fact(ME, JOB, job), len(job.split()) <= MAX_VALUE_WORDS), *where]


def _job(found: re.Match[str], state: _Line) -> list[Told] | None:
    """ "I'm a nurse at the Royal": the job, and where when said."""
    job = _as_is(found["job"])
    if not job or job.split()[0].casefold() in NOT_A_JOB:
        return None
    where = _mine(WORKPLACE, found["where"]) if found["where"] else []
    return [Told(Fact(ME, JOB, job), len(job.split()) <= MAX_VALUE_WORDS - 2), *where]


def _simple(relation: str) -> Reader:
    """A reader that keeps the ``value`` group as the user's ``relation``."""

    def read(found: re.Match[str], state: _Line) -> list[Told]:
        read = _mine(relation, found["value"])
        if relation == ALLERGY:
            state.more = lambda clause: _another_allergy(clause, ME)
        return read

    return read


def _and_also(relation: str) -> Reader:
    """A reader for a clause with no "I" ("born in cork, live in london"), taken only after
    a fact about the user in the same line."""

    def read(found: re.Match[str], state: _Line) -> list[Told] | None:
        return _mine(relation, found["value"]) if state.last == ME else None

    return read


def _another_allergy(clause: Clause, whose: str) -> list[Told]:
    """ "and shellfish" after "allergic to nuts": a word or two, none of them chatter."""
    words = [word.casefold() for word in clause.words]
    if len(words) > 2 or set(words) & NOT_NAMES:
        return []
    return _mine(ALLERGY, clause.text, whose=whose)


def _favourite(found: re.Match[str], state: _Line) -> list[Told]:
    """ "my favourite colour is green"."""
    return _mine(FAVOURITE + found["thing"].casefold(), found["value"])


# Their people and pets -----------------------------------------------------------------------


def _children(found: re.Match[str], state: _Line) -> list[Told] | None:
    """ "we have two kids, Leo and Isla": how many, and each name (the ones after too)."""
    subject = KIDS[found["kind"].casefold()]
    said = found.groupdict().get("count") or ""
    how_many = 1 if said.casefold() in ("a", "an") else number(said)
    state.wanted = how_many or 0
    state.kids = subject
    named = _names(found["names"] or "", subject, state)
    if found["names"] and not named:
        return None
    state.more = lambda clause: _names(clause.text, subject, state, only_names=True)
    if how_many is None or how_many < 2:
        return named
    return [Told(Fact(ME, COUNTS[subject], str(how_many))), *named]


def _kids_are(found: re.Match[str], state: _Line) -> list[Told] | None:
    """ "the kids are lily and max": each a name people are given, or none is read."""
    parts = re.split(r"\s*(?:,|\band\b|&)\s*", found["names"].strip())
    if not all(part and is_given_name(part) and len(part.split()) == 1 for part in parts):
        return None
    return _their_names(found, state)


def _one_of_them(found: re.Match[str], state: _Line) -> list[Told] | None:
    """ "the youngest is daisy", after "i have four grandchildren": that child's name."""
    name = name_in(found["name"])
    if name is None or not (state.kids or state.known):
        return None
    state.named.append(name)
    return [Told(Fact(state.kids or "child", NAME, name), sure=is_given_name(name))]


def _their_names(found: re.Match[str], state: _Line) -> list[Told] | None:
    """ "our cats names are salt and pepper": each name, kept under the child or the pet
    (the names after the next "and" too)."""
    subject = kept_as(found["kind"])
    if found["kind"].casefold() in KIDS:
        state.kids = subject
    state.more = lambda clause: _names(clause.text, subject, state, only_names=True)
    return _names(found["names"], subject, state, only_names=True) or None


def _children_aged(line: str, state: _Line) -> list[Told]:
    """ "our twins leo and max are 8": each named, each that age (or each their own, in
    order: "my boys jack and harry are 10 and 12")."""
    found = KIDS_AGED.search(line)
    if found is None:
        return []
    subject = KIDS[found["kind"].casefold()]
    named = _names(found["names"], subject, state, only_names=True)
    ages = [number(said) for said in re.split(r",? and |, | & ", found["ages"])]
    ages = ages * len(named) if len(ages) == 1 else ages
    if len(named) < 2 or len(ages) != len(named) or None in ages:
        return []
    aged = zip(named, ages, strict=True)
    return [*named, *(Told(Fact(t.fact.value, AGE, str(age))) for t, age in aged)]


def _names(said: str, subject: str, state: _Line, only_names: bool = False) -> list[Told]:
    """Each name in "Leo", "Leo and Isla", "Leo, Isla" kept under ``subject``; a clause of its
    own (``only_names``) must be names and nothing else ("shes a menace" is none)."""
    read = (lambda part: name_in(unprefixed(part))) if only_names else leading_name
    said = re.sub(rf"^(?:{CALLED}|:|-+)\s*", "", said.strip(), flags=re.IGNORECASE)
    found: list[Told] = []
    for part in re.split(r"\s*(?:,|\band\b|&)\s*", said):
        aged = NAME_AND_AGE.fullmatch(part)
        name = read(aged["name"] if aged else part)
        if part and name is None:
            return found
        if name:
            state.named.append(name)
            state.listed.append(name)
            found.append(Told(Fact(subject, NAME, name)))
            found.extend(_aged(name, aged))
    return found


def _aged(name: str, aged: re.Match[str] | None) -> list[Told]:
    """The age said with a name in a list ("molly 12", "ava who is 9"), if one was."""
    age = number(aged["age"]) if aged else None
    return [Told(Fact(name, AGE, str(age)))] if age is not None and age <= MAX_AGE else []


def _their_ages(found: re.Match[str], state: _Line) -> list[Told] | None:
    """ "they're 7 and 4" after "Leo and Isla": an age each, in order (given out at the end of
    the line, when it is known how many were said); "they're 3" for twins: both 3."""
    age = number(found["age"])
    if not state.listed or age is None:
        return None
    state.ages.append(age)
    state.more = lambda clause: _another_age(clause, state)
    return []


def _another_age(clause: Clause, state: _Line) -> list[Told]:
    """ "and 4" after "they're 7"."""
    age = number(clause.text.split()[0]) if len(clause.words) <= 3 else None
    if age is not None:
        state.ages.append(age)
    return []


def _their_ages_given(state: _Line) -> list[Told]:
    """The ages said with "they're", one a listed name in order (one age for all)."""
    ages = state.ages * len(state.listed) if len(state.ages) == 1 else state.ages
    if len(ages) != len(state.listed):
        return []
    return [Told(Fact(name, AGE, str(age))) for name, age in zip(state.listed, ages, strict=True)]


def _pet(found: re.Match[str], state: _Line) -> list[Told] | None:
    """ "a cat named Pickle", "we have a dog" then "Biscuit"."""
    pet = pet_kept(found["pet"])
    if found["bare"] and (number(found["count"]) or 0) < 2:
        return None
    said = found["names"] or found["bare"] or ""
    named = _names(said, pet, state, only_names=bool(found["bare"]))
    if said and not named:
        return None
    state.more = lambda clause: _names(clause.text, pet, state, only_names=True)
    if not named:
        state.last = pet  # "we just got a kitten, we called him ziggy"
    return named[:1] + [told for told in named[1:2] if told.fact.relation == AGE]


def _relation_name(found: re.Match[str], state: _Line) -> list[Told] | None:
    """ "my husband is called Tom" (sure), "my husband is Tom" (asked)."""
    name = leading_name(found["name"])
    if name is None:
        return None
    state.named.append(name)
    subject = kept_as(found["relation"])  # "mum" -> "mother", "rabbits" -> "rabbit"
    aged = NAME_AND_AGE.fullmatch(found["name"].strip(" .,!"))  # "called sam who's 14"
    return [Told(Fact(subject, NAME, name), sure=_strict(found)), *_aged(name, aged)]


def _someone_named(found: re.Match[str], state: _Line) -> list[Told] | None:
    """ "our dog biscuit" as a clause of its own, in a line that already told something ("we
    live in leeds with ... and our dog biscuit"): alone, "my mum cried" would be a name."""
    return _relation_name(found, state) if state.last and name_in(found["name"]) else None


def _relation_given(found: re.Match[str], state: _Line) -> list[Told] | None:
    """ "my sister in law is jenny": asked about, for a first name people are given."""
    name = name_in(found["name"])
    return _relation_name(found, state) if name and is_given_name(name) else None


def _their_name(found: re.Match[str], state: _Line) -> list[Told] | None:
    """ "her name is Sarah", "he's called Tom": whoever was talked of just before (asked
    about first)."""
    name = leading_name(found["name"] or found["name2"] or found["name3"])
    if name is None:
        return None
    state.named.append(name)
    if state.last and state.last != ME:  # "i look after my dad, his names frank"
        return [Told(Fact(state.last, NAME, name), sure=False)]
    if found["name3"]:
        return None  # "we named him after his grandad" with no one said before
    pronoun = "she" if found["her"] or found["she"] or found["she2"] else "he"
    return [Told(Fact(SOMEONE_BEFORE[pronoun], NAME, name), sure=False)]


def _their_allergy(found: re.Match[str], state: _Line) -> list[Told] | None:
    """ "Isla is allergic to peanuts"."""
    whom = _whom(found["who"], state)
    value = _value(ALLERGY, found["value"])
    if whom is None or whom[0] == ME or not value:
        return None
    subject, sure = whom
    state.more = lambda clause: _another_allergy(clause, subject)
    return [Told(Fact(subject, ALLERGY, value), sure)]


def _theirs(relation: str) -> Reader:
    """A reader for where someone lives or works, or what they do ("my mum lives in Leeds",
    "tom works at the council", "my wife is a doctor": a job is asked about first)."""

    def read(found: re.Match[str], state: _Line) -> list[Told] | None:
        introduced = _introduced(found["who"], state)
        whom = _whom(found["who"], state)
        value = _value(relation, found["value"])
        if whom is None or whom[0] == ME or not value or value.split()[0] in NOT_A_JOB:
            return None
        if relation == JOB and not _sounds_like_a_job(value, found["who"], whom[0]):
            return None
        sure = whom[1] and relation != JOB and len(value.split()) <= MAX_VALUE_WORDS
        where = found.groupdict().get("where")
        at = [Told(Fact(whom[0], WORKPLACE, _value(WORKPLACE, where)), sure)] if where else []
        return [*introduced, Told(Fact(whom[0], relation, value), sure), *at]

    return read


def _theirs_too(relation: str, pattern: str) -> Reader:
    """A reader for a clause with no one named ("... and lives in bristol"), about whoever
    the clause before was about (not the user: "live in leeds" is read as the user's): read
    again by ``pattern`` with them said before its ``said`` group."""
    theirs = _theirs(relation)

    def read(found: re.Match[str], state: _Line) -> list[Told] | None:
        if not state.last or state.last == ME or state.last in SOMEONE_BEFORE.values():
            return None
        who = state.last if state.last[:1].isupper() else f"my {state.last}"
        text, flags = _pattern(pattern)
        again = re.match(text, f"{who} {found['said']}", flags)
        return theirs(again, state) if again else None

    return read


def _sounds_like_a_job(value: str, said: str, subject: str) -> bool:
    """ "a doctor", "a teacher", "an accountant"; not "a menace", not a pet's, not "she's"."""
    if subject in PETS or said.casefold() in PRONOUNS:
        return False
    return value.split()[-1].casefold().endswith(JOB_ENDINGS)


def _in_passing(found: re.Match[str], state: _Line) -> list[Told] | None:
    """ "My son Peter lives in Canada": Peter is the son's name, said in passing."""
    read = _relation_name(found, state)
    return [Told(t.fact, t.sure, in_passing=True) for t in read] if read else None


def _partner(found: re.Match[str], state: _Line) -> list[Told]:
    """ "I'm married to Tom"."""
    name = name_in(found["name"])
    return [Told(Fact("partner", NAME, name))] if name else []


def _age(found: re.Match[str], state: _Line) -> list[Told] | None:
    """ "Leo is 7", "my son is 7", "he's 7", "isla just turned 4"."""
    age = number(found["age"])
    introduced = _introduced(found["who"], state)
    whom = _whom(found["who"], state)
    if age is None or age > MAX_AGE or whom is None:
        return None
    subject, sure = whom
    if not sure and found.groupdict().get("is") == "s" and not _given_age(subject, found):
        return None  # "leos 7" only for a Leo known or "lilys 4": "previous one" is no age
    state.more = lambda clause: _more_ages(clause, state)
    listed = _one_of_the_children(subject, state) if not sure else []
    return [*introduced, *listed, Told(Fact(subject, AGE, str(age)), sure or bool(listed))]


def _one_of_the_children(name: str, state: _Line) -> list[Told]:
    """ "maisie is 8" just after "got 2 girls": one of them, named (while fewer are named
    than were said)."""
    if not state.kids or len(state.listed) >= state.wanted or name_in(name) != name:
        return []
    state.listed.append(name)
    state.named.append(name)
    return [Told(Fact(state.kids, NAME, name))]


def _given_age(subject: str, found: re.Match[str]) -> bool:
    """ "lilys 4": a first name and an age in figures (not "this one", "previous one")."""
    return found["age"].isdigit() and is_given_name(subject)


def _introduced(said: str, state: _Line) -> list[Told]:
    """ "my daughter Isla": her name, kept as the daughter's (and known from then on)."""
    found = re.fullmatch(rf"(?:my|our) (?P<who>{KID}|{RELATION}|{PET}) (?P<name>\w+)", said, re.I)
    name = name_in(found["name"]) if found else None
    if found is None or name is None:
        return []
    state.named.append(name)
    return [Told(Fact(kept_as(found["who"]), NAME, name))]


def _more_ages(clause: Clause, state: _Line) -> list[Told]:
    """ "and Isla 4" after "Leo is 7"."""
    found = re.match(rf"^(?P<who>\w+) (?P<age>{NUMBER}){YEARS}$", clause.text, re.IGNORECASE)
    return (_age(found, state) or []) if found else []


def _whom(said: str, state: _Line) -> tuple[str, bool] | None:
    """Whom "my son", "Leo", "the cat" or "he" means, and whether that is sure."""
    words = said.casefold().split()
    if words[0] in PRONOUNS and len(words) == 1:
        if state.last and state.last != ME:
            return state.last, True
        return (SOMEONE_BEFORE[words[0]], False) if words[0] in SOMEONE_BEFORE else None
    mine = someone_of_mine(said)  # "my son", "my other half", "my little brother"
    if mine is not None or (words[0] in ("my", "our", "the") and len(words) == 2):
        return (mine, True) if mine is not None else None
    if words[0] in ("my", "our", "her", "his", "their") and len(words) >= 3:
        return _named(said.split()[-1], state) if _someone_of(words[1:-1]) else None
    if len(words) == 1 and words[0] in SAID_BARE:
        return kept_as(words[0]), True
    return _named(said, state) if len(words) == 1 else None


def _someone_of(words: list[str]) -> bool:
    """Whether ``words`` say someone ("best friend", "little brother", "son"), before a name."""
    said = " ".join(words)
    return re.fullmatch(rf"{OLDER}(?:{RELATION}|{KID}|{PET})", said, re.IGNORECASE) is not None


def _named(said: str, state: _Line) -> tuple[str, bool] | None:
    """A name, and whether it is known (then its facts are sure)."""
    name = name_in(said)
    if name is None:
        return None
    return name, state.knows(name)


def _their_birthday(found: re.Match[str], state: _Line) -> list[Told] | None:
    """ "Isla's birthday is 3 March", "my daughter Isla was born on ..."."""
    day = birthday(found["date"])
    introduced = _introduced(found["who"], state)
    whom = _whom(found["who"], state)
    if day is None or whom is None:
        return None
    return [*introduced, Told(Fact(whom[0], BIRTHDAY, day), whom[1])]


NAME_AND_AGE = re.compile(
    rf"(?P<name>[\w'-]+),?\s+(?:(?:who'?s|who is|whos|is|aged|age|at)\s+)?(?P<age>{NUMBER}){YEARS}",
    re.IGNORECASE,
)
"""A child or pet in a list with an age: "molly 12", "ava who is 9", "noah aged 6"."""


def _pattern(text: str) -> tuple[str, int]:
    """A whole clause that fits ``text``, in any case (compiled on first use)."""
    return f"^(?:{text})$", re.IGNORECASE


INTRODUCTION = re.compile(
    r"^(?:(?:hi|hey|hello|oh|so|and)[\s,]+)*(?:i'?m|i am|it'?s|its|this is) (?P<name>[a-z]+)"
    r"(?:[\s,]+(?:btw|by the way)\b|\s+here$)",
    re.IGNORECASE,
)
"""A name said in passing: "im tom btw"."""
MY = r"(?:my|our)"
OLDER = SIDE_WORD
"""A word before a relation that does not change it: "my little brother", "my late husband"."""
NOT_SOMEONE = r"(?!(?:still|now|also|just|currently|actually|then)\b)"
"""Words that follow someone rather than name them ("my dad still lives ...")."""
WHO = (
    rf"(?P<who>(?:(?:{MY}|her|his|their) {OLDER}|the )?(?:(?:{KID} |{RELATION} |{PET} )?"
    rf"{NOT_SOMEONE}\w[\w-]*|{RELATION}))"
)
TURNED_WHEN = r"(?: (?:last|in|on|this) \w+| yesterday| today)?"
"""When an age was turned: "i turned 78 in march"."""
CALLED_BY_OTHERS = (
    r"(?:everyone|everybody|people|they all|my (?:mates|friends|family)|most people"
    r"|(?:my )?friends) (?:calls?|call) me (?P<name>[\w' -]+?)"
    r"|my nick ?name(?:'?s| is) (?P<name2>[\w' -]+?)"
)
"""What others call the user: "everyone calls me jonno", "my nickname is jonno"."""
MY_NAME = r"(?:my )?name(?:'?s| is)(?: actually| now)? (?P<name>[\w' -]+?)"
CALL_ME = r"(?:you can |please )?call me (?P<name>[\w' -]+?)(?: from now on)?"
MY_BIRTHDAY = r"(?:my )?(?:birthday|bday|b-day|b'day|birth day)(?:'?s| is| falls)? (?P<date>.+)"
TEACH = r"i teach(?: (?P<what>.+?))??(?: (?:at|in) (?P<where>.+))?"
JOB_AT = r" an? (?P<job>[\w' -]+?)(?: (?:at|in|for) (?P<where>.+))?"
WORK_AT = (
    r"i (?:work|am working|'?m working)(?: part time| full time| nights| days)? (?:at|for|in)"
    r" (?P<value>.+)"
)
FROM = (
    rf"(?:{IM} (?:originally )?from|i (?:come|came) from|i grew up in|originally from"
    r"|born and raised in) (?P<value>.+)"
)
BORN_IN = r"born (?:and raised |and bred )?in (?P<value>[^\d]+)"
"""Where the user was born: a place, not a year ("born in 1990" is no place)."""
LIVE_IN = r"(?:i|we) (?:live in|now live in|'ve moved to|moved to|have moved to) (?P<value>.+)"
ALLERGIC = rf"(?:{IM} allergic to|i have (?:an? )?allerg(?:y|ies) to|allergic to) (?P<value>.+)"
AN_ALLERGY = r"i(?: have|'ve got|ve got) an? (?P<value>[\w -]+?) allergy"
FAVOURITE_IS = (
    r"(?:my )?(?:favou?rite|fave?) (?P<thing>\w+(?: show| team)?)(?: is|'s| s) (?P<value>.+)"
)
WE_HAVE_KIDS = (
    rf"(?:{WE}{HAVE}|got|have got|have) (?P<count>{NUMBER}|an?) {OLDER}(?P<kind>{KID}):?"
    rf"(?: {CALLED})?(?: (?P<names>.+))?"
)
KIDS_ARE = rf"(?:the|my|our) (?P<kind>{KID}|{PET}) (?:are|r) (?P<names>.+)"
"""Children or pets named after they were said to be had: "the kids are lily and max" (only
names people are given: "the kids are excited" names no one)."""
ONE_OF_THEM = (
    r"(?:the|my|our) (?P<which>youngest|eldest|oldest|middle one|baby|little one|first|second)"
    r"(?: one)?(?:'?s| is) (?P<name>[\w'-]+)"
)
"""One of the children just said to be had, named: "the youngest is daisy"."""
THEIR_NAMES = (
    rf"(?:the|my|our) (?P<kind>{KID}|{PET})(?:'?s? names (?:are|r)| (?:are|r) (?:called|named))"
    r" (?P<names>.+)"
)
"""Children or pets named as such: "our cats names are salt and pepper"."""
KIND_OF_PET = (
    "|".join(breed for breed, kind in SAID_PETS.items() if kind == "dog")
    + "|"
    + (
        "springer|cocker|border|golden|german|french|english|irish|bull|jack|cavalier|shih"
        "|miniature|mini|toy|yorkshire|staffordshire|bernese|cairn|basset|bichon|persian|siamese"
        "|bengal|ragdoll|tabby|ginger|black|white|grey|tortoiseshell|tuxedo|fluffy|chocolate"
    )
)
"""Words of a pet's kind said before it: a dog's breed before "puppy", "springer" before
"spaniel", "ginger" before "cat"."""
FONDLY = rf"(?:(?:new|little|lovely|gorgeous|rescue|old|sweet|baby|tiny|big|{KIND_OF_PET}) )*"
"""Words said fondly before a pet or a relation ("a new kitten", "a rescue greyhound"), or
of its kind ("a springer spaniel", "a ginger cat")."""
GOT = r"(?: adopted| rescued| bought| got| just got| took in| have adopted| have just got)"
"""How a pet came: "we adopted a greyhound"."""
PET_IS_A = rf"{MY} (?P<kind>{PET}) (?:is|'s|s) an? {FONDLY}(?:{PET} )?{CALLED} (?P<names>.+)"
"""A pet and its kind, then its name: "our dog is a spaniel called alfie"."""
KIDS_AGED = re.compile(
    rf"\b{MY} {OLDER}(?P<kind>{KID}),? (?P<names>[\w' ,&-]+?),? (?:are|r)(?: both| now)?"
    rf" (?P<ages>{NUMBER}(?:(?:,| and| &) {NUMBER})*){YEARS}(?:$|[ ,.!])",
    re.IGNORECASE,
)
"""Children named with their ages, across clauses: "our twins leo and max are 8", "my boys
jack and harry are 10 and 12"."""
PET_CALLED = (
    rf"(?:(?:{WE}(?:{HAVE}|{GOT})|have|got|have got|adopted) )?"
    rf"(?P<count>{NUMBER}|an?|the|my|our) {FONDLY}(?P<pet>{PET})"
    rf"(?: {CALLED} (?P<names>.+)| (?P<bare>[\w' -]+))?"
)
"""A pet, and its name: "a cat named Pickle"; after two or more, the names need no "called"
("i have two cats milo and luna", as speech comes)."""
S = r"(?:'s|s(?<!\bis))"
"""The "'s" of "my sister's", typed with or without its apostrophe (but not "is")."""
NAME_IS = rf"(?:{S} name (?:is|was)|{S} name's| (?:is|was) (?:called|named)| name is|{S} called)"
RELATION_CALLED = rf"(?:{MY} )?{OLDER}(?P<relation>{RELATION}|{PET}|{KID}){NAME_IS} (?P<name>.+)"
ANYONE_CALLED = rf"(?:{MY}|the) (?P<relation>[a-z]+(?: [a-z]+)?){NAME_IS} (?P<name>.+)"
"""Anyone the user names with "called": "the babysitter is called Megan"."""
HAVE_RELATION = rf"{WE}{HAVE} an? {OLDER}(?P<relation>{RELATION}) {CALLED} (?P<name>.+)"
INTRODUCED = (
    rf"^(?i:{MY} {OLDER}(?P<relation>{RELATION}|{KID})) (?P<name>(?:(?:Mr|Mrs|Ms|Miss|Dr)\.? )?"
    r"[A-Z][a-z]+)\b.*$"
)
"""Someone named in passing, with a capital: "My son Peter lives in Canada"."""
THEIR_ALLERGY = rf"{WHO}(?: is|'s|s(?<!\bis)) allergic to (?P<value>.+)"
THEIR_AN_ALLERGY = rf"{WHO} (?:has|has got|'s got|s got|got) an? (?P<value>[\w -]+?) allergy"
LIVES = r"(?:still |now )?(?P<said>(?:lives|live)(?: [\w']+){0,4}? in (?P<value>.+))"
"""Where someone lives, with a few words between: "lives on her own in bristol"."""
THEIR_HOME = rf"{WHO} {LIVES}"
THEIR_HOMETOWN = rf"{WHO}(?: is|'s|s(?<!\bis)) (?P<said>(?:originally )?from (?P<value>.+))"
"""Where someone is from: "my wifes from poland originally"."""
WORKS = r"(?:still |now )?(?P<said>(?:works|work) (?:at|for|in) (?P<value>.+))"
"""Where someone works: "works at the council"."""
THEIR_WORK = rf"{WHO} {WORKS}"
THEIR_JOB = rf"{WHO}(?: is|'s|s(?<!\bis)){JOB_AT.replace('job', 'value')}"
IS_MY = rf"(?P<name>[\w'-]+(?: [\w'-]+)?) is my (?P<relation>{RELATION}|{KID})"
AGE_IS = (
    rf"{WHO}(?P<is> is|'s|s(?<!\bis)| just turned| turned| has just turned) (?P<age>{NUMBER})"
    rf"{YEARS}(?: (?:last|this) (?:week|month|year)| yesterday| today)?"
)
BIRTHDAY_IS = (
    rf"(?:it'?s |its )?{WHO}'?s (?:birthday|bday|b-day)(?:'?s| is| falls)?(?: on)? (?P<date>.+)"
)
RELATION_IS_NAME = rf"^(?i:my (?P<relation>{RELATION}) (?:is|'s)) (?P<loose>)(?P<name>[A-Z][a-z]+)$"
NAME_MENTIONED = (
    r"(?!(?:what|whats|what's|who|how|do|does|did|can|could|would|will|say|tell|remember"
    r"|you)\b).*\bmy name\b.*"
)
"""Saying "my name" (not asking it): the name may come in the next clause."""
ONE_KID = (
    "(?:"
    + "|".join(k for k in KIDS if KIDS[k] == k or k in ("kid", "boy", "girl", "lad", "lass"))
    + ")"
)
"""A child, said as one ("my son", not "my sons")."""
SOMEONE = rf"{MY} {OLDER}(?P<relation>{RELATION}|{ONE_KID}|{PET})(?!s\b)"
WITH_SOMEONE = re.compile(
    rf"\bwith {SOMEONE} (?P<name>[\w'-]+)(?: (?:last|this|next) \w+| today| yesterday)?$",
    re.IGNORECASE,
)
"""Someone named at the end of a clause, in passing: "... with my partner sam"."""
MENTIONED = re.compile(rf"\b{SOMEONE}\b", re.IGNORECASE)
"""Someone of the user's said anywhere in a clause ("i look after my dad")."""
SOMEONE_HAD = re.compile(
    r"\b(?:have|'ve|ve|got|had|adopted|rescued|bought|getting) (?:an?|another) "
    rf"{FONDLY}{OLDER}(?P<relation>{RELATION}|{ONE_KID}|{PET})(?!s\b)\b",
    re.IGNORECASE,
)
"""Someone of the user's said to be had ("i have an older sister", "we got a rescue dog"): a
"her name is" next is theirs."""
SOMEONE_DOING = re.compile(
    rf"\b{SOMEONE} (?P<name>[\w'-]+) (?:and (?:i|me)|passed|died|lives|lived|works|worked"
    r"|loves|loved|has|had|have|is|was|turned|turns|got|went|came|moved|rang|called|phoned|texted"
    r"|visited|left|started|finished|said|says|told)\b",
    re.IGNORECASE,
)
"""Someone named in passing before what they did: "my husband pete and i have been married",
"my wife jean passed away"."""
SOMEONE_IS_DOING = re.compile(
    rf"\b{MY} {OLDER}(?P<relation>{RELATION}|{ONE_KID}|{PET})'?s"
    r" (?:\w+ing|here|home|back|away|over)\b",
    re.IGNORECASE,
)
"""Someone said to be doing something ("my mums coming to help"): a "she" next is them."""
A_KID = rf"(?P<count>an?|another) {OLDER}(?P<kind>{ONE_KID})(?: {CALLED})?(?: (?P<names>.+))?"
"""One more child, the "we have" said before: "and a son, alfie"."""
ME_AND_SOMEONE = re.compile(rf"\b(?:me|i) and {SOMEONE} (?P<name>[\w'-]+)\b", re.IGNORECASE)
"""Someone named in passing after "me and": "me and my girlfriend chloe ..."."""
SOMEONE_NAMED = rf"{SOMEONE} (?P<name>{TITLE}[\w'-]+)"
"""A clause that is only someone and a name: "our dog biscuit", "my husband pete"."""
TITLED = rf"(?:{MY}|the) (?P<relation>[a-z]+(?: [a-z]+)?) (?:is|'s|s) (?P<name>{A_TITLE}[\w'-]+)"
"""Anyone named with a title: "my doctor is dr khan", "my sons teacher is mrs patel"."""
I_AM_NAME = r"^(?:[Ii]'?m|I am|[Ii]m) (?P<name>[A-Z][a-z]+)(?P<loose>)$"
RELATION_IS_GIVEN = rf"my (?P<relation>{RELATION}) (?:is|'s) (?P<name>[a-z]+)(?P<loose>)"
"""A name in small letters after "my sister in law is": asked about, and only for a first
name people are given ("my mum is lovely" is no name)."""
I_AM_GIVEN = r"(?:i'?m|i am|im|this is) (?P<name>[a-z]+)(?P<loose>)"
"""A name typed in small letters after "im": taken (and asked about) only when it is a first
name people are given ("hi im sam"; not "im hungry")."""
THEIR_NAME = (
    r"(?:(?P<her>her)|his) name(?:'?s| is| was) (?P<name>.+)"
    r"|(?:(?P<she>she)|he)(?:'?s| is)? (?:called|named) (?P<name2>.+)"
    r"|(?:we|i)(?: have| 've| ve|'ve)? (?:named|called|call) (?:(?P<she2>her)|him|it) (?P<name3>.+)"
)
"""A name for whoever was just talked of: "her names sarah" after "my daughter lives in
Australia"."""
"""A name written with its capital, after "I'm" or "my husband is": read loosely."""
_PATTERNS: list[tuple[tuple[str, int], Reader]] = [
    (_pattern(CALLED_BY_OTHERS), _nickname),
    (_pattern(MY_NAME), _my_name),
    (_pattern(CALL_ME), _my_name),
    (_pattern(rf"{IM} called (?P<name>[\w' -]+?)"), _my_name),
    ((I_AM_NAME, 0), _my_name),
    (_pattern(I_AM_GIVEN), _given_name),
    (_pattern(NAME_MENTIONED), _name_mentioned),
    (_pattern(rf"{IM} (?P<age>{NUMBER}){YEARS}"), _my_age),
    (_pattern(rf"{IM} (?P<age>\d{{1,3}}){YEARS} (?:with|and|but|so|going on|nearly) .+"), _my_age),
    (_pattern(rf"i (?:just )?turned (?P<age>\d{{1,3}}|\w+){TURNED_WHEN}"), _my_age),
    (_pattern(MY_BIRTHDAY), _my_birthday),
    (_pattern(r"i was born (?P<date>.+)"), _my_birthday),
    (_pattern(TEACH), _teach),
    (_pattern(rf"(?:{IM}|(?:i )?w(?:o)?rk as|i'?m working as){JOB_AT}"), _job),
    (_pattern(r"my (?:job|profession|occupation) is (?:an? )?(?P<job>.+?)(?P<where>)"), _job),
    (_pattern(WORK_AT), _simple(WORKPLACE)),
    (_pattern(FROM), _simple(HOMETOWN)),
    (_pattern(LIVE_IN), _simple(HOME)),
    (_pattern(r"(?:now )?live in (?P<value>[^\d]+)"), _and_also(HOME)),
    (_pattern(rf"i was {BORN_IN}"), _simple(HOMETOWN)),
    (_pattern(BORN_IN), _and_also(HOMETOWN)),
    (_pattern(ALLERGIC), _simple(ALLERGY)),
    (_pattern(AN_ALLERGY), _simple(ALLERGY)),
    (_pattern(FAVOURITE_IS), _favourite),
    (_pattern(WE_HAVE_KIDS), _children),
    (_pattern(A_KID), _children),
    (_pattern(THEIR_NAMES), _their_names),
    (_pattern(ONE_OF_THEM), _one_of_them),
    (_pattern(PET_IS_A), _their_names),
    (_pattern(KIDS_ARE), _kids_are),
    (_pattern(rf"(?:{MY}|the) (?P<kind>{KID}) (?:are|is|'s|s) {CALLED} (?P<names>.+)"), _children),
    (_pattern(rf"(?:{MY} (?P<kind>{KID}) are) (?P<names>.+)"), _children),
    (_pattern(PET_CALLED), _pet),
    (_pattern(RELATION_CALLED), _relation_name),
    (_pattern(IS_MY), _relation_name),
    (_pattern(HAVE_RELATION), _relation_name),
    (_pattern(THEIR_ALLERGY), _their_allergy),
    (_pattern(THEIR_AN_ALLERGY), _their_allergy),
    (_pattern(THEIR_HOME), _theirs(HOME)),
    (_pattern(THEIR_HOMETOWN), _theirs(HOMETOWN)),
    (_pattern(LIVES), _theirs_too(HOME, THEIR_HOME)),
    (_pattern(THEIR_WORK), _theirs(WORKPLACE)),
    (_pattern(WORKS), _theirs_too(WORKPLACE, THEIR_WORK)),
    (_pattern(THEIR_JOB), _theirs(JOB)),
    (_pattern(rf"{IM} married to (?P<name>[\w' -]+)"), _partner),
    (_pattern(rf"(?:they'?re|they are|theyre)(?: both)? (?P<age>{NUMBER}){YEARS}"), _their_ages),
    (_pattern(AGE_IS), _age),
    (_pattern(BIRTHDAY_IS), _their_birthday),
    (_pattern(rf"{WHO} was born (?P<date>.+)"), _their_birthday),
    ((RELATION_IS_NAME, 0), _relation_name),
    (_pattern(RELATION_IS_GIVEN), _relation_given),
    ((INTRODUCED, 0), _in_passing),
    (_pattern(ANYONE_CALLED), _relation_name),
    (_pattern(TITLED), _relation_name),
    (_pattern(SOMEONE_NAMED), _someone_named),
    (_pattern(THEIR_NAME), _their_name),
]
"""Each pattern a clause may fit, tried in order, with what it tells."""
