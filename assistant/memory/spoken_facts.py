"""Facts said back to the user, one by one or all together, grouped."""

from assistant.memory.facts import (
    AGE,
    ALLERGY,
    BIRTHDAY,
    CHILDREN,
    COUNTS,
    FAVOURITE,
    HOME,
    HOMETOWN,
    JOB,
    ME,
    NAME,
    NICKNAME,
    NOTE,
    PETS,
    WORKPLACE,
    Fact,
)
from assistant.spoken import listed, sentence, spoken_day_and_month

RELATIONS = frozenset(
    ["sister", "brother", "mother", "father", "wife", "husband", "partner", "son", "daughter"]
    + ["boss", "friend", "best friend", "grandmother", "grandfather", "aunt", "uncle", "cousin"]
    + ["niece", "nephew", "doctor", "dentist", "neighbour", "colleague", "manager"]
    + ["girlfriend", "boyfriend", "child", "stepson", "stepdaughter", "fiancé", "fiancée"]
    + ["grandson", "granddaughter", "flatmate", "housemate", "stepfather", "stepmother"]
    + ["sister in law", "brother in law", "mother in law", "father in law"]
    + ["daughter in law", "son in law"]
)
"""Subjects said as "your sister" rather than by name."""


def with_article(noun: str) -> str:
    """ "nurse" -> "a nurse", "engineer" -> "an engineer"; left alone if it has one."""
    if noun.split()[0].casefold() in ("a", "an", "the"):
        return noun
    return f"{'an' if noun[:1].casefold() in 'aeiou' else 'a'} {noun}"


def whose(subject: str) -> str:
    """ "your sister's", "Anna's", "your"."""
    if subject == ME:
        return "your"
    if subject.casefold() in RELATIONS or subject in PETS:
        return f"your {subject}'s"
    return f"{subject}'s"


def said_back(fact: Fact) -> str:
    """A fact as a sentence to the user: "Your sister's name is Anna."."""
    return sentence(_about_you(fact) if fact.subject == ME else _about_others(fact))


def _about_you(fact: Fact) -> str:
    value, relation = fact.value, fact.relation
    phrasings = {
        NAME: f"your name is {value}",
        BIRTHDAY: f"your birthday is on {_day(value)}",
        WORKPLACE: f"you work at {value}",
        JOB: f"you're {with_article(value)}",
        HOME: f"you live in {value}",
        HOMETOWN: f"you're from {value}",
        NICKNAME: f"people call you {value}",
        ALLERGY: f"you're allergic to {value}",
        AGE: f"you're {value}",
    }
    if relation in COUNTS.values():
        return f"you have {value} {relation}"
    if relation.startswith(FAVOURITE):
        return f"your {relation} is {value}"
    return phrasings.get(relation, value)


def _about_others(fact: Fact) -> str:
    if fact.relation == BIRTHDAY:
        return f"{whose(fact.subject)} birthday is on {_day(fact.value)}"
    if fact.relation == AGE:
        return f"{who(fact.subject)} is {fact.value}"
    if fact.relation == ALLERGY:
        return f"{who(fact.subject)} is allergic to {fact.value}"
    if fact.relation in (HOME, WORKPLACE, JOB, HOMETOWN):
        return _where_or_what(fact)
    if fact.relation == NAME and fact.subject in CHILDREN:
        return f"{fact.value} is your {fact.subject}"
    if fact.subject in PETS and fact.relation == NAME and " and " in fact.value:
        return f"your {_plural(fact.subject)} are called {fact.value}"
    if fact.subject in PETS and fact.relation == NAME:
        return f"your {fact.subject} is called {fact.value}"
    return f"{whose(fact.subject)} {fact.relation} is {fact.value}"


def _plural(pet: str) -> str:
    """ "cats", "puppies", "goldfish"."""
    if pet == "goldfish":
        return pet
    return f"{pet[:-1]}ies" if pet.endswith("y") and pet != "budgie" else f"{pet}s"


def _where_or_what(fact: Fact) -> str:
    """ "your mother lives in Leeds", "Tom works at the council", "your wife is a doctor"."""
    said = {
        HOME: f"lives in {fact.value}",
        WORKPLACE: f"works at {fact.value}",
        JOB: f"is {with_article(fact.value)}",
        HOMETOWN: f"is from {fact.value}",
    }
    return f"{who(fact.subject)} {said[fact.relation]}"


def together(facts: list[Fact]) -> list[Fact]:
    """``facts`` with one person's allergies joined into one, and the names of pets of one
    kind, to be said in one sentence ("you're allergic to nuts and penicillin", "your cats
    are called Salt and Pepper")."""
    joined: list[Fact] = []
    for fact in facts:
        same = next((f for f in joined if _joins(f, fact)), None)
        if same is None:
            joined.append(fact)
            continue
        values = f"{same.value.replace(' and ', ', ')} and {fact.value}"
        joined[joined.index(same)] = Fact(fact.subject, fact.relation, values, same.turn, same.at)
    return joined


def _joins(kept: Fact, fact: Fact) -> bool:
    """Whether ``fact`` is said with ``kept``: another allergy of theirs, another pet's name."""
    joining = fact.relation == ALLERGY or (fact.relation == NAME and fact.subject in PETS)
    return joining and (kept.subject, kept.relation) == (fact.subject, fact.relation)


def who(subject: str) -> str:
    """ "your sister", "your cat", "Leo"."""
    if subject.casefold() in RELATIONS or subject in PETS:
        return f"your {subject}"
    return subject


def _day(value: str) -> str:
    try:
        return spoken_day_and_month(value)
    except (ValueError, IndexError):
        return value


def all_said_back(facts: list[Fact]) -> str:
    """Everything known, grouped: about the user, their people, their pets, and notes."""
    about_you = [f for f in facts if f.subject == ME and f.relation != NOTE]
    pets = [f for f in facts if f.subject in PETS]
    notes = [f for f in facts if f.relation == NOTE]
    people = [f for f in facts if f not in (*about_you, *pets, *notes)]
    groups = [
        ("About you", about_you),
        ("Your people", people),
        ("Your pets", pets),
        ("You also told me", notes),
    ]
    return " ".join(f"{title}: {_group(group)}." for title, group in groups if group)


def _group(facts: list[Fact]) -> str:
    children = [f for f in facts if f.subject in CHILDREN and f.relation == NAME]
    rest = together([f for f in facts if f not in children])
    clauses = [f.value if f.relation == NOTE else _lowered(said_back(f)) for f in rest]
    if len(children) > 1:
        clauses.insert(0, children_said(children))
    else:
        clauses[:0] = [_lowered(said_back(f)) for f in children]
    return listed([clause.rstrip(".") for clause in clauses])


def children_said(children: list[Fact]) -> str:
    """ "your children are Leo and Isla", "your sons are Sam and Joe", "Leo is your son"."""
    if len(children) == 1:
        return said_back(children[0]).rstrip(".")
    kinds = {f.subject for f in children}
    kind = {"son": "sons", "daughter": "daughters"}.get(next(iter(kinds)), "children")
    kind = kind if len(kinds) == 1 else "children"
    return f"your {kind} are {listed([f.value for f in children])}"


def _lowered(clause: str) -> str:
    """ "Your name is Rory" -> "your name is Rory"; a name at the start stays as it is."""
    return clause[:1].lower() + clause[1:] if clause.startswith("You") else clause
