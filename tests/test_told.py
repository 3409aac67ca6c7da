"""The readers of told facts and of questions about them, line by line (no database)."""

from pathlib import Path

import pytest

from assistant.memory.asked import KIDS_AGES, KIDS_NAMES, PETS_NAMES, Question, question_in
from assistant.memory.clauses import clauses
from assistant.memory.told import facts_told, name_said, tells_facts
from assistant.skills.telling import about_facts

Read = list[tuple[str, str, str, bool]]
"""Facts as (subject, relation, value, sure)."""
TOLD: dict[str, Read] = {
    "we have two kids, Leo and Isla": [
        ("me", "children", "2", True),
        ("child", "name", "Leo", True),
        ("child", "name", "Isla", True),
    ],
    "we have 2 kids leo and isla": [
        ("me", "children", "2", True),
        ("child", "name", "Leo", True),
        ("child", "name", "Isla", True),
    ],
    "Leo is 7 and Isla is 4": [("Leo", "age", "7", True), ("Isla", "age", "4", True)],
    "leo's 7 and isla 4": [("Leo", "age", "7", True), ("Isla", "age", "4", True)],
    "we have two kids leo and isla theyre 7 and 4 lol": [
        ("me", "children", "2", True),
        ("child", "name", "Leo", True),
        ("child", "name", "Isla", True),
        ("Leo", "age", "7", True),
        ("Isla", "age", "4", True),
    ],
    "the twins are called alfie and archie, theyre 3": [
        ("child", "name", "Alfie", True),
        ("child", "name", "Archie", True),
        ("Alfie", "age", "3", True),
        ("Archie", "age", "3", True),
    ],
    "my sisters called mia shes 12": [
        ("sister", "name", "Mia", True),
        ("sister", "age", "12", True),
    ],
    "i have a son called daniel who lives in australia": [("son", "name", "Daniel", True)],
    "the babysitter is called megan": [("babysitter", "name", "Megan", True)],
    "isla is allergic to peanuts, really important": [("Isla", "allergy", "peanuts", False)],
    "im allergic to cats which sucks": [("me", "allergy", "cats", True)],
    "my birthdays on the 14th of february lol valentines baby": [
        ("me", "birthday", "14 February", True)
    ],
    "my birthday is the twelfth of october": [("me", "birthday", "12 October", True)],
    "we have a goldfish called nemo, obviously": [("goldfish", "name", "Nemo", True)],
    "My son Peter lives in Canada": [
        ("son", "name", "Peter", True),
        ("Peter", "home", "Canada", True),
    ],
    "i have two kids, ava who is 9 and noah whos 6": [
        ("me", "children", "2", True),
        ("child", "name", "Ava", True),
        ("Ava", "age", "9", True),
        ("child", "name", "Noah", True),
        ("Noah", "age", "6", True),
    ],
    "we've got 3 children - molly 12, finn 10 and rosie 5": [
        ("me", "children", "3", True),
        ("child", "name", "Molly", True),
        ("Molly", "age", "12", True),
        ("child", "name", "Finn", True),
        ("Finn", "age", "10", True),
        ("child", "name", "Rosie", True),
        ("Rosie", "age", "5", True),
    ],
    "two dogs called rex 4 and bella 2": [
        ("dog", "name", "Rex", True),
        ("Rex", "age", "4", True),
        ("dog", "name", "Bella", True),
        ("Bella", "age", "2", True),
    ],
    "i live in leeds with my partner sam and our dog biscuit": [
        ("me", "home", "Leeds", True),
        ("partner", "name", "Sam", True),
        ("dog", "name", "Biscuit", True),
    ],
    "oh and my sisters called claire she lives in york": [
        ("sister", "name", "Claire", True),
        ("sister", "home", "York", True),
    ],
    "my bestie is called zara": [("best friend", "name", "Zara", True)],
    "my doctor is dr khan": [("doctor", "name", "Dr Khan", True)],
    "my sons teacher is mrs patel": [("son's teacher", "name", "Mrs Patel", True)],
    "we had three kids, susan david and michael": [
        ("me", "children", "3", True),
        ("child", "name", "Susan", True),
        ("child", "name", "David", True),
        ("child", "name", "Michael", True),
    ],
    "we have two kids, leo smith and isla smith": [
        ("me", "children", "2", True),
        ("child", "name", "Leo Smith", True),
        ("child", "name", "Isla Smith", True),
    ],
    "my wife jean passed away two years ago": [("wife", "name", "Jean", True)],
    "hi im sam": [("me", "name", "Sam", False)],
    "im jess btw": [("me", "name", "Jess", False)],
    "im hungry lol": [],
    "lilys 4 and her brother charlie is 7": [
        ("Lily", "age", "4", False),
        ("Charlie", "age", "7", False),
    ],
    "charlie has a peanut allergy": [("Charlie", "allergy", "peanut", False)],
    "my dog max is 5 btw, hes a lab": [("dog", "name", "Max", True), ("Max", "age", "5", True)],
    "thats 4": [],
    "we've a collie called bess, she's 11": [
        ("dog", "name", "Bess", True),
        ("dog", "age", "11", True),
    ],
    "grandad's name was albert": [("grandfather", "name", "Albert", True)],
    "my mum is lovely": [],
    "my best friend kate is a nurse": [
        ("best friend", "name", "Kate", True),
        ("Kate", "job", "nurse", False),
    ],
    "my gran is 89 and still drives": [("grandmother", "age", "89", True)],
    "me and my wife sarah have two dogs": [("wife", "name", "Sarah", True)],
    "got 2 girls, maisie is 8 and poppy is 5": [
        ("me", "daughters", "2", True),
        ("daughter", "name", "Maisie", True),
        ("Maisie", "age", "8", True),
        ("daughter", "name", "Poppy", True),
        ("Poppy", "age", "5", True),
    ],
    "our cat smudge turned 10 last month": [
        ("cat", "name", "Smudge", True),
        ("Smudge", "age", "10", True),
    ],
    "we have 3 grandkids: amelia 6, harry 4 and baby george": [
        ("me", "grandchildren", "3", True),
        ("grandchild", "name", "Amelia", True),
        ("Amelia", "age", "6", True),
        ("grandchild", "name", "Harry", True),
        ("Harry", "age", "4", True),
        ("grandchild", "name", "George", True),
    ],
    "my step dad mark passed away in march": [("stepfather", "name", "Mark", True)],
    "i look after my dad, his names frank": [("father", "name", "Frank", False)],
    "my mum cried": [],
    "i went to the park with my son again": [],
    "im a teacher and my wife is a doctor": [
        ("me", "job", "teacher", True),
        ("wife", "job", "doctor", False),
    ],
    "my mum lives in leeds": [("mother", "home", "Leeds", True)],
    "my best friend is called priya and she lives in leicester": [
        ("best friend", "name", "Priya", True),
        ("best friend", "home", "Leicester", True),
    ],
    "I have three grandchildren, Oliver, Grace and little Sam": [
        ("me", "grandchildren", "3", True),
        ("grandchild", "name", "Oliver", True),
        ("grandchild", "name", "Grace", True),
        ("grandchild", "name", "Sam", True),
    ],
    "and a cat named Pickle, she's a menace lol": [("cat", "name", "Pickle", True)],
    "oh and a cat named pickle shes a menace": [("cat", "name", "Pickle", True)],
    "we have a cat, Pickle": [("cat", "name", "Pickle", True)],
    "we've got a dog called Rex": [("dog", "name", "Rex", True)],
    "ive got two kids, sam and joe": [
        ("me", "children", "2", True),
        ("child", "name", "Sam", True),
        ("child", "name", "Joe", True),
    ],
    "my birthday's on the 14th of february": [("me", "birthday", "14 February", True)],
    "my bday is feb 14": [("me", "birthday", "14 February", True)],
    "my birthday is February 14, 1990": [("me", "birthday", "14 February 1990", True)],
    "hey so I never told you my name, its Maya": [("me", "name", "Maya", True)],
    "im from galway originally": [("me", "hometown", "Galway", True)],
    "btw im allergic to penicillin": [("me", "allergy", "penicillin", True)],
    "i'm allergic to nuts and shellfish": [
        ("me", "allergy", "nuts", True),
        ("me", "allergy", "shellfish", True),
    ],
    "my husband is called tom": [("husband", "name", "Tom", True)],
    "my mum's name is Jean": [("mother", "name", "Jean", True)],
    "Tom is my husband": [("husband", "name", "Tom", True)],
    "oh and i teach year 4 at st marys": [
        ("me", "job", "year 4 teacher", True),
        ("me", "workplace", "St Marys", True),
    ],
    "I'm a nurse at the Royal": [
        ("me", "job", "nurse", True),
        ("me", "workplace", "the Royal", True),
    ],
    "I'm 34": [("me", "age", "34", True)],
    "my son is 7": [("son", "age", "7", True)],
    "my son is called Leo and he's 7": [("son", "name", "Leo", True), ("son", "age", "7", True)],
    "my favourite colour is green tbh": [("me", "favourite colour", "green", True)],
    "we live in leeds now": [("me", "home", "Leeds", True)],
    "so I'm 42, born in cork, live in london now": [
        ("me", "age", "42", True),
        ("me", "hometown", "Cork", True),
        ("me", "home", "London", True),
    ],
    "I was born in Dublin": [("me", "hometown", "Dublin", True)],
    # Read loosely: asked about before they are kept.
    "Leo is 7": [("Leo", "age", "7", False)],
    "I'm Tom": [("me", "name", "Tom", False)],
    "my husband is Tom": [("husband", "name", "Tom", False)],
    "I work at Marks and Spencer": [("me", "workplace", "Marks and Spencer", False)],
    # Not facts: feelings, news, chatter.
    "i'm a bit nervous about it though": [],
    "I'm worried about Leo, he's not sleeping": [],
    "I feel lonely tonight, tom's away": [],
    "my grandad died last week": [],
    "my dog died": [],
    "i'm tired": [],
    "i have two kids to feed": [],
    "guess what, I got the deputy head job!!!": [],
    "the head teacher shouted at me in front of the class": [],
    "it's 7 o'clock": [],
    "my dad left": [],
    "live in the moment": [],
    "my husband is a nightmare": [],
    "leo is a big fan of lego": [],
    "i was born in 1985": [],
    "previous one": [],
    "yes this one": [],
    "alarm weekdays 6.30, weekends 8": [],
    "whats my name, quick": [],
    "you know what I'm allergic to right": [],
    "im a grandma!": [],
    "I'm vegan btw": [],
}
"""Lines as people type them, and the facts in them: (subject, relation, value, sure)."""


@pytest.mark.parametrize(("line", "expected"), TOLD.items())
def test_every_fact_in_a_line_is_read(line: str, expected: Read) -> None:
    known = ["Leo", "Isla"] if line.startswith(("Leo is 7 and", "leo's")) else []
    told = facts_told(line, known)
    assert [(t.fact.subject, t.fact.relation, t.fact.value, t.sure) for t in told] == expected


def test_a_known_name_makes_an_age_sure() -> None:
    assert [t.sure for t in facts_told("Leo is 7", ["leo"])] == [True]
    assert [t.sure for t in facts_told("Leo is 7", [])] == [False]


def test_a_line_is_cut_into_clauses_without_chatter() -> None:
    cut = clauses("hey so I never told you my name, its Maya lol")
    assert [(c.text, c.joined_by) for c in cut] == [
        ("I never told you my name", "so"),
        ("its Maya", ","),
    ]
    assert [c.text for c in clauses("I went to St. Marys, and Dr. Jones was there")] == [
        "I went to St. Marys",
        "Dr. Jones was there",
    ]


ASKED: dict[str, Question | None] = {
    "whats my name": Question("me", "name"),
    "whens my birthday": Question("me", "birthday"),
    "when's my birthday again?": Question("me", "birthday"),
    "whats my husbands name": Question("husband", "name"),
    "remind me whats my husbands name": Question("husband", "name"),
    "how old is leo": Question("Leo", "age"),
    "how old's isla now": Question("Isla", "age"),
    "how old is my son": Question("son", "age"),
    "how old am i": Question("me", "age"),
    "what am i allergic to again": Question("me", "allergy"),
    "what are my kids called": Question("child", KIDS_NAMES),
    "what are my kids names": Question("child", KIDS_NAMES),
    "do you remember my cats name": Question("cat", "name"),
    "what is my dog called": Question("dog", "name"),
    "do i have any pets": Question("", PETS_NAMES),
    "where am i from": Question("me", "hometown"),
    "do you remember where im from": Question("me", "hometown"),
    "what do i do for work": Question("me", "job"),
    "when is Anna's birthday": Question("Anna", "birthday"),
    "whats my mums name": Question("mother", "name"),
    "what's my favourite colour": Question("me", "favourite colour"),
    "how old are you": None,
    "whats the time": None,
    "what's the weather like": None,
    "remind me to call mum": None,
    "whens ur birthday": None,
    "forget my name": None,
    "robin how old am i": Question("me", "age"),
    "Could you remind me when my birthday is": Question("me", "birthday"),
    "I wonder, do you remember where I grew up": Question("me", "hometown"),
    "Would you kindly remind me how old my cat is": Question("cat", "age"),
    "uh how old are the kids again": Question("child", KIDS_AGES),
    "What's our dog called?": Question("dog", "name"),
    "what is my partner allergic to": Question("partner", "allergy"),
    "whats my dob": Question("me", "birthday"),
    "where does my mum live": Question("mother", "home"),
    "where does tom work": Question("Tom", "workplace"),
    "what does my wife do for a living": Question("wife", "job"),
    "can you remind me how old leo is": Question("Leo", "age"),
    "do you know what my husbands name is": Question("husband", "name"),
}
"""Questions as people type them, and what each asks for."""


@pytest.mark.parametrize(("line", "expected"), ASKED.items())
def test_a_question_is_read_however_it_is_typed(line: str, expected: Question | None) -> None:
    assert question_in(line) == expected


def test_a_person_introduced_with_a_fact_is_named_too() -> None:
    told = facts_told("my daughter Isla just turned 5")
    assert [(t.fact.subject, t.fact.relation, t.fact.value, t.sure) for t in told] == [
        ("daughter", "name", "Isla", True),
        ("Isla", "age", "5", True),
    ]


def test_a_name_said_in_passing_is_asked_about() -> None:
    told = facts_told("im tom btw")
    assert [(t.fact.relation, t.fact.value, t.sure) for t in told] == [("name", "Tom", False)]


NAMES_GIVEN = {
    "u can call me jules": "Jules",
    "the names rory": "Rory",
    "ok so im dan": "Dan",
    "uh im tom by the way": "Tom",
    "so yeah im leo's dad um im chris": "Chris",
    "I'd like you to call me Mr Jenkins, if you would": "Mr Jenkins",
    "my mates call me smudge so u can too": "Smudge",
    "i am ezra lol": "Ezra",
    "im not sure": None,
}
"""Lines known to give the user's name (the learned step placed them), and the name."""


@pytest.mark.parametrize(("line", "expected"), NAMES_GIVEN.items())
def test_a_name_is_found_in_a_line_that_gives_it(line: str, expected: str | None) -> None:
    assert name_said(line) == expected


def test_a_name_said_in_passing_does_not_make_a_line_one_that_tells_facts() -> None:
    assert not tells_facts(facts_told("my friend Betty has passed"))
    assert tells_facts(facts_told("my friend is called Betty"))


CORPUS = Path(__file__).parent.parent / "assistant" / "intents" / "corpus" / "en"
FACT_INTENTS = ("memory.remember", "memory.ask", "memory.recall", "identity.")
"""The corpus files whose lines tell or ask facts (the others must not be taken for them)."""


def corpus_lines(prefix: str = "") -> dict[str, list[str]]:
    """The corpus's lines, file by file (the intent or topic it stands for)."""
    return {
        path.stem: [line.strip() for line in path.read_text().splitlines() if _a_line(line)]
        for path in sorted(CORPUS.glob(f"{prefix}*.txt"))
    }


def _a_line(line: str) -> bool:
    return bool(line.strip()) and not line.startswith("#")


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the corpus of natural sentences is not here")
def test_lines_of_the_corpus_that_tell_no_fact_are_not_taken_for_facts() -> None:
    others = [
        line
        for name, lines in corpus_lines().items()
        if not name.startswith(FACT_INTENTS)
        for line in lines
    ]
    taken = [line for line in others if about_facts(line, None) is not None]
    assert len(others) > 1000
    assert len(taken) <= 0.002 * len(others), taken


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the corpus of natural sentences is not here")
def test_many_lines_of_the_corpus_that_tell_or_ask_facts_are_read() -> None:
    read = {
        name: sum(about_facts(line, None) is not None for line in lines) / len(lines)
        for name, lines in corpus_lines("memory.").items()
        if name in ("memory.remember", "memory.ask", "memory.recall")
    }
    assert min(read.values()) >= READ_FLOOR, read


READ_FLOOR = 0.28
"""The least share of each intent's lines read as a fact (measured 0.297 for memory.ask on
2026-12-07, after seventy more loosely worded questions were written for the learned step;
0.3 before)."""
