"""What a question about a told fact asks for, however it is typed.

"whats my husbands name", "whens my birthday again", "do you remember my cats name", "how old
is leo", "what are my kids called": apostrophes may be missing, and "again", "do you remember",
"remind me" may wrap the question. The answer is (subject, relation): ("husband", "name"),
("me", "birthday"), ("Leo", "age"); ``KIDS_NAMES`` and ``PETS_NAMES`` ask for several at once.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

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
    NICKNAME,
    WORKPLACE,
)
from assistant.memory.words import (
    KID,
    KIDS,
    PET,
    RELATION,
    SAID_BARE,
    SIDE_WORD,
    kept_as,
    mended,
    name_in,
    pet_kept,
    relation_kept,
    someone_of_mine,
)

KIDS_NAMES = "children's names"
"""Asks for the names of every child."""
PETS_NAMES = "pets' names"
"""Asks for the names of every pet."""
KIDS_AGES = "children's ages"
"""Asks how old every child is."""
_WRAPPERS = re.compile(
    r"^(?:(?:hey|so|ok|okay|um|uh|er|erm|hmm|oh|and|but|wait|sorry)\b[\s,]*"
    r"|(?:do|did) you (?:remember|know)\s*|(?:can|could) (?:you|u) (?:remind me|tell me)\s*"
    r"|remind me\s*|tell me\s*|i forgot\s*"
    r"|you know\s*|u know\s*|do u (?:remember|know)\s*|u remember\s*|do you recall\s*"
    r"|i wonder\s*|would you (?:kindly )?(?:remind me|tell me)\s*|i forget\s*)"
    r"|[\s,]*\b(?:again|please|pls|lol|haha|then|now|x|right|quick|do you remember"
    r"|you remember|i told you|remember|do you know|dear|if you remember|i think|originally"
    r"|tho|though|btw|again lol|ngl)$",
    re.IGNORECASE,
)
WHAT_IS = r"(?:what'?s|whats|what is|wat is|wats|what was)"
MY = r"(?:my|our)"
MY_OR_THE = r"(?:my|our|the)"
"""Whose someone is, in a question of their name ("whats the hamsters name")."""
ASKING = re.compile(r"(?:what|when|where|who|how|do|does|is|are)", re.IGNORECASE)
"""How a question starts, after a name in front of it ("robin how old am i")."""
WHEN_IS = r"(?:when'?s|whens|when is|when was)"
ABOUT_ME = {
    rf"(?:{WHEN_IS} my (?:birthday|bday|b-day|birth day|date of birth|dob)|when was i born"
    r"|my (?:birthday|dob|date of birth)|when my birthday is"
    r"|what year (?:was i|i was) born)": BIRTHDAY,
    r"(?:my name|who am i|what do you call me)": NAME,
    r"(?:my nick ?name|what do (?:people|my friends|they|everyone) call me)": NICKNAME,
    r"(?:how old am i|my age|how old i am|how old did i (?:tell you|say) i (?:was|am))": AGE,
    r"(?:what am i allergic to|what (?:are|were) my allergies|do i have any allergies"
    r"|am i allergic to anything|my allergies|what i'?m allergic to|what im allergic to)": ALLERGY,
    r"(?:where am i (?:originally )?from|where'?m i from|where im from|where i'?m from"
    r"|where do i come from"
    r"|where did i grow up|where i grew up|my home ?town)": HOMETOWN,
    r"(?:where do i live|where i live|what (?:city|town) do i live in)": HOME,
    r"(?:where do i work|who do i work for|where i work"
    r"|what school do i (?:work|teach) at)": WORKPLACE,
    r"(?:what do i do(?: for (?:a living|work))?|what i do for (?:a living|work)"
    r"|my (?:job|profession|occupation)|what do i teach)": JOB,
}
"""Questions about the user, each with the relation it asks for."""


@dataclass(frozen=True)
class Question:
    """What a question asks for."""

    subject: str
    """Whom: ``"me"``, a relation ("husband"), a pet ("cat"), or a name ("Leo")."""
    relation: str
    """What about them: name, age, birthday, ...; or ``KIDS_NAMES`` / ``PETS_NAMES``."""


def question_in(line: str) -> Question | None:
    """What ``line`` asks about a told fact; ``None`` when it asks no such thing."""
    text = _unwrapped(mended(line))
    rest = _unwrapped(text.split(" ", 1)[-1])
    return _read(text) or (_read(rest) if ASKING.match(rest) else None)


def _read(text: str) -> Question | None:
    """The question in ``text`` by the first pattern that fits it whole (a name in front,
    "robin how old am i", is tried without it by ``question_in``)."""
    for said, relation in ABOUT_ME.items():
        if re.fullmatch(rf"(?:{WHAT_IS} )?{said}", text, re.IGNORECASE):
            return Question(ME, relation)
    for pattern, reader in _compiled():
        found = pattern.fullmatch(text)
        if found:
            return reader(found)
    return None


def _unwrapped(line: str) -> str:
    """The question without "do you remember", "again", "?" and the like."""
    text = " ".join(re.sub(r"[?!.,]+", " ", line.replace("’", "'")).split())  # noqa: RUF001
    previous = None
    while text != previous:
        previous, text = text, _WRAPPERS.sub("", text).strip()
    return text


def _name_of(found: re.Match[str]) -> Question:
    """ "whats my husbands name": the relation (or every child, or a pet) asked for."""
    said = found["who"].casefold()
    if said in KIDS:
        return Question(KIDS[said], KIDS_NAMES)
    if re.fullmatch(PET, said):
        return Question(pet_kept(said), NAME)
    return Question(relation_kept(said), NAME)


def _kids(found: re.Match[str]) -> Question:
    """ "what are my kids called": every child's name."""
    return Question(KIDS[found["who"].casefold()], KIDS_NAMES)


def _kids_ages(found: re.Match[str]) -> Question:
    """ "how old are the kids": every child's age."""
    return Question(KIDS[found["who"].casefold()], KIDS_AGES)


def _pets(found: re.Match[str]) -> Question:
    """ "what pets do i have": every pet's name."""
    return Question("", PETS_NAMES)


def _about(relation: str) -> "Reader":
    """A reader for a question about someone's ``relation`` (their age, their birthday)."""

    def read(found: re.Match[str]) -> Question | None:
        whom = _whom(found["who"])
        return Question(whom, relation) if whom else None

    return read


def _whom(said: str) -> str | None:
    """Whom "my son", "the cat" or "Leo" means; ``None`` when it is no one."""
    words = said.casefold().split()
    if words[0] in ("my", "our", "the") and len(words) == 2:
        return kept_as(words[1])
    if len(words) == 2 and re.fullmatch(RELATION, words[0]):
        return name_in(words[1])  # "auntie jan"
    if len(words) == 1 and words[0] in SAID_BARE:
        return kept_as(words[0])  # "how old is grandad"
    return someone_of_mine(said) or (name_in(said) if len(words) == 1 else None)


def _favourite(found: re.Match[str]) -> Question:
    """ "whats my favourite colour"."""
    return Question(ME, FAVOURITE + found["thing"].casefold())


WHO = (
    rf"(?P<who>(?:(?:my |our |the ){SIDE_WORD})?(?:{RELATION}|{PET}|{KID}|[\w-]+?)"
    rf"|{RELATION} [\w-]+)"
)
MINE = rf"{SIDE_WORD}(?P<who>{RELATION}|{PET}|{KID})"
Reader = Callable[[re.Match[str]], Question | None]
NAME_OF = (
    rf"(?:{WHAT_IS}|what (?:are|were)) (?:the names? of )?{MY_OR_THE} {MINE}"
    r"(?: called| named|'?s? names?)?"
)
KIDS_CALLED = rf"what(?: are| were|'?s) (?:my|the) (?P<who>{KID})(?:'?s)? (?:called|named|names)"
PETS = (
    r"(?:what (?:pets|animals) do (?:i|we) have|do (?:i|we) have (?:a|any) pets?"
    r"|what are my pets called|what are my pets'? names|my pets'? names)"
)
_ABOUT_OTHERS: list[tuple[str, Reader]] = [
    (rf"(?:{WHAT_IS} )?{MY_OR_THE} {MINE}'?s? (?:name|names)", _name_of),
    (NAME_OF, _name_of),
    (rf"(?:who'?s|who is|whos|who are|who were) {MY} {MINE}", _name_of),
    (KIDS_CALLED, _kids),
    (r"how many (?P<who>kids|children) do (?:i|we) have", _kids),
    (r"do (?:i|we) have (?:any )?(?P<who>kids|children)", _kids),
    (PETS, _pets),
    (rf"how old(?: is|'s| s) {WHO}(?: now)?", _about(AGE)),
    (rf"how old are (?:my|the|our) (?P<who>{KID})", _kids_ages),
    (rf"(?:what are|whats|what's) (?:my|the|our) (?P<who>{KID})(?:'?s)? ages?", _kids_ages),
    (rf"(?:what (?:is|'s)|whats) {WHO} allergic to", _about(ALLERGY)),
    (rf"(?:is|are) {WHO} allergic to (?:anything|something)", _about(ALLERGY)),
    (rf"what (?:is|are) {WHO}'?s? allergies", _about(ALLERGY)),
    (rf"(?:{WHEN_IS} )?{WHO}'?s? (?:birthday|bday|b-day)", _about(BIRTHDAY)),
    (rf"how old {WHO} is(?: now)?", _about(AGE)),
    (rf"when {WHO}'?s? (?:birthday|bday) is", _about(BIRTHDAY)),
    (rf"what my {MINE}'?s? names? (?:is|are)", _name_of),
    (rf"what my {MINE} (?:is|are) called", _name_of),
    (rf"when (?:was|is) {WHO} born", _about(BIRTHDAY)),
    (rf"where (?:does|do) {WHO} live(?: now)?", _about(HOME)),
    (rf"(?:where'?s|wheres|where is) {WHO} live(?: now)?", _about(HOME)),
    (rf"where (?:is|was|'?s) {WHO} (?:from|originally from)", _about(HOMETOWN)),
    (rf"where (?:does|did) {WHO} come from", _about(HOMETOWN)),
    (rf"where (?:does|do) {WHO} work", _about(WORKPLACE)),
    (rf"who (?:does|do) {WHO} work for", _about(WORKPLACE)),
    (rf"what (?:does|do) {WHO} do(?: for (?:a living|work))?", _about(JOB)),
    (rf"{WHAT_IS} my (?:favou?rite|fave?) (?P<thing>\w+(?: show| team)?)", _favourite),
    (r"what (?P<thing>\w+(?: show| team)?) do i like (?:best|most)", _favourite),
]


@cache
def _compiled() -> list[tuple[re.Pattern[str], Reader]]:
    """The questions about others, compiled the first time a line is read."""
    return [(re.compile(pattern, re.IGNORECASE), reader) for pattern, reader in _ABOUT_OTHERS]
