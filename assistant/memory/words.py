"""The words facts are told and asked in: relations, children, pets, numbers, dates, names.

Shared by the reader of told facts (``told``) and of questions (``asked``), so both know the
same people and pets by the same words.
"""

import re
from functools import cache, lru_cache

from assistant.memory.facts import PETS
from assistant.memory.spoken_facts import RELATIONS
from assistant.spoken import day_and_month, tidy_name

SAID_RELATIONS = {
    "mum": "mother",
    "mom": "mother",
    "mam": "mother",
    "mummy": "mother",
    "dad": "father",
    "daddy": "father",
    "grandma": "grandmother",
    "granny": "grandmother",
    "gran": "grandmother",
    "nan": "grandmother",
    "nana": "grandmother",
    "grandad": "grandfather",
    "grandpa": "grandfather",
    "neighbor": "neighbour",
    "hubby": "husband",
    "missus": "wife",
    "wifey": "wife",
    "bro": "brother",
    "sis": "sister",
    "other half": "partner",
    "better half": "partner",
    "auntie": "aunt",
    "aunty": "aunt",
    "bf": "boyfriend",
    "bff": "best friend",
    "bestie": "best friend",
    "best mate": "best friend",
    "mate": "friend",
    "gf": "girlfriend",
    "fiance": "fiancé",
    "fiancee": "fiancée",
    "stepson": "stepson",
    "sister-in-law": "sister in law",
    "brother-in-law": "brother in law",
    "mother-in-law": "mother in law",
    "father-in-law": "father in law",
    "daughter-in-law": "daughter in law",
    "son-in-law": "son in law",
    "stepdad": "stepfather",
    "step dad": "stepfather",
    "step father": "stepfather",
    "stepmum": "stepmother",
    "step mum": "stepmother",
    "stepmom": "stepmother",
    "step mom": "stepmother",
    "step mother": "stepmother",
    "stepdaughter": "stepdaughter",
}
"""Relations as said, and as kept: "mum" is kept as "mother"."""
KIDS = {
    "grandchildren": "grandchild",
    "grandkids": "grandchild",
    "grandchild": "grandchild",
    "grandson": "grandson",
    "grandsons": "grandson",
    "granddaughter": "granddaughter",
    "granddaughters": "granddaughter",
    "kids": "child",
    "children": "child",
    "kid": "child",
    "child": "child",
    "baby": "child",
    "twins": "child",
    "eldest": "child",
    "youngest": "child",
    "lad": "son",
    "lass": "daughter",
    "boys": "son",
    "boy": "son",
    "sons": "son",
    "son": "son",
    "girls": "daughter",
    "girl": "daughter",
    "daughters": "daughter",
    "daughter": "daughter",
}
"""Children as said, and the subject they are kept under."""
SAID_PETS = {
    "bunny": "rabbit",
    "doggy": "dog",
    "doggo": "dog",
    "kitty": "cat",
    "pup": "puppy",
    **{
        breed: "dog"
        for breed in [
            "labrador",
            "lab",
            "collie",
            "spaniel",
            "terrier",
            "poodle",
            "beagle",
            "pug",
            "husky",
            "dachshund",
            "greyhound",
            "whippet",
            "lurcher",
            "staffie",
            "cockapoo",
            "cavapoo",
            "retriever",
            "labradoodle",
            "corgi",
            "boxer",
            "sheepdog",
            "westie",
            "jackrussell",
            "schnauzer",
            "chihuahua",
        ]
    },
}
"""Pets as said, when they are kept under another word (a dog's breed is a dog)."""
"""Pets as said, when they are kept under another word."""
NUMBERS = {
    word: number
    for number, word in enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
        + ["eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"]
        + ["eighteen", "nineteen", "twenty"]
    )
}
_NOT_NAMES = (
    "i me you u ur he she it we they him her them this that there here what who which everything"
    " nothing something anything everyone someone life work home today tomorrow tonight"
    " yesterday mine yours ours theirs his hers its all both each one the a an my your our"
    " their not no yes so very really just also too well fine good ok okay great sure"
    " tired sad happy lonely bored sick ill busy back away out off on in up down late early"
    " sorry here now then still to for with at of and but or is are was were has have had be"
    " been when where why how from about into over after before because if died dead gone"
    " asleep awake lovely nice cute annoying poorly doing going getting dont don't ask"
    " obviously actually honestly seriously literally basically totally apparently luckily"
    " anyway vegan vegetarian pregnant diabetic single married divorced retired new fine"
    " english irish scottish welsh british american free ready stuck lost done starving right"
    " left quick please thanks by lol um uh er spelled pronounced without middle name"
    " hes shes theyre youre ive id ill were wasnt isnt cant wont dont didnt whos whose aged"
    " again lately sometimes always often never recently usually finally suddenly eventually"
    " nearly only almost even probably definitely ever already moody grumpy cranky hyper meh"
    " blah r"
)
NOT_NAMES = frozenset(_NOT_NAMES.split()) | frozenset(NUMBERS)
"""Words that stand where a name could, but are not one."""

RELATION = "(?:" + "|".join(sorted({*RELATIONS, *SAID_RELATIONS}, key=len, reverse=True)) + ")"
"""A relation, as a pattern."""
KID = "(?:" + "|".join(sorted(KIDS, key=len, reverse=True)) + ")"
PET = (
    "(?:"
    + "|".join(sorted({*PETS, *SAID_PETS, *(f"{p}s" for p in PETS)}, key=len, reverse=True))
    + ")"
)
SIDE_WORDS = ("little", "big", "older", "younger", "baby", "eldest", "youngest", "oldest", "twin")
"""Words before a relation that do not change whom it is kept as: "my little brother"."""
SIDE_WORD = rf"(?:(?:{'|'.join(SIDE_WORDS)}|late) )?"
"""A side word (or "late", as in "my late husband") as a pattern, with its space."""
NUMBER = rf"(?:\d{{1,3}}|{'|'.join(NUMBERS)})"
YEARS = r"(?:\s+(?:years?|yrs?|yo|y/o)(?:\s+old)?|\s+now|\s+today|\s+this year)?"
"""What may follow an age: "7 years old", "7 now"."""


_SAID_BARE = "mum mom mam mummy dad daddy nan nana nanna gran granny grandma grandad grandpa"
SAID_BARE = frozenset(_SAID_BARE.split())
"""Relations said without "my", as a name is ("mum lives in whitby", "dads a taxi driver")."""


def relation_kept(said: str) -> str:
    """ "mum" -> "mother", "Husband" -> "husband"; "sons teacher" -> "son's teacher"."""
    word = said.casefold()
    whose, _, whom = word.partition(" ")
    if whom and whose.endswith("s") and _someone_of_mine(whose.removesuffix("s")):
        return f"{relation_kept(whose.removesuffix('s'))}'s {whom}"
    return SAID_RELATIONS.get(word, word)


def _someone_of_mine(word: str) -> bool:
    """Whether ``word`` is a relation or a child ("son", "mum")."""
    return word in KIDS or word in SAID_RELATIONS or word in RELATIONS


def without_side_word(said: str) -> str:
    """ "oldest friend" -> "friend", "little brother" -> "brother"; anything else as said."""
    first, _, rest = said.strip().partition(" ")
    return rest if rest and first.casefold() in SIDE_WORDS else said.strip()


def someone_of_mine(said: str) -> str | None:
    """Whom "my son", "our other half" or "my little brother" means, as kept ("son",
    "partner", "brother"); ``None`` when the words after "my", "our" or "the" are no relation,
    child or pet."""
    first, _, rest = said.casefold().strip().partition(" ")
    someone = without_side_word(rest)
    if first not in ("my", "our", "the") or not re.fullmatch(f"{RELATION}|{KID}|{PET}", someone):
        return None
    return kept_as(someone)


def kept_as(said: str) -> str:
    """Whom "son", "mum" or "collie" is kept as: "son", "mother", "dog"."""
    word = said.casefold()
    if word in KIDS:
        return KIDS[word]
    return pet_kept(word) if re.fullmatch(PET, word) else relation_kept(word)


def pet_kept(said: str) -> str:
    """ "bunny" -> "rabbit", "cats" -> "cat"."""
    word = said.casefold()
    word = SAID_PETS.get(word, word)
    return word[:-1] if word not in PETS and word.endswith("s") else word


def number(said: str) -> int | None:
    """ "7" or "seven" -> 7; ``None`` for anything else."""
    word = said.casefold()
    return int(word) if word.isdigit() else NUMBERS.get(word)


def name_in(said: str) -> str | None:
    """A name in ``said`` ("leo" -> "Leo"), or ``None`` when the words cannot be one."""
    words = said.strip(" .,'").split()
    if not words or len(words) > 2 or any(_not_a_name(w) for w in words):
        return None
    if any(w.casefold() in KIDS or w.casefold() in PETS for w in words):
        return None
    if len(words) == 1 and words[0].casefold().endswith("ing"):
        return None
    return tidy_name(" ".join(words))


RUN_ON = re.compile(
    r"\s+(?:who|which|that|and|but|so|we|i|he|she|they|hes|shes|theyre|he's|she's|they're"
    r"|lol|haha|btw|dont|don't|from|in|at|with|since)\b.*$",
    re.IGNORECASE,
)
"""Where a name said in a run-on line ends: "daniel who lives in australia"."""


VALUE_END = re.compile(
    r"\s+(?:which|who|that|but|because|since|lol|haha|um|uh|er|last (?:year|week|month)"
    r"|in (?:19|20)\d\d|on (?:mon|tues|wednes|thurs|fri|satur|sun)days?|as an?|as|from|with"
    r"|for \w+ years?|really|please|tho|though|mostly|usually|been|on (?:her|his|their|my) own"
    r")\b.*$",
    re.IGNORECASE,
)
VALUE_LEAD = re.compile(r"^(?:literally|probably|definitely|def|obviously|actually)\s+", re.I)
"""Words before a value that are not part of it: "literally lilac"."""
"""Where a value said in a run-on line ends: "cats which sucks", "greggs on saturdays"."""


def value_in(said: str) -> str:
    """``said`` without the run-on after the value ("the hospital um in the pharmacy")."""
    return VALUE_END.sub("", VALUE_LEAD.sub("", said.strip()))


def unprefixed(said: str) -> str:
    """ "little Sam" -> "Sam": the words before a name that are not part of it."""
    return re.sub(r"^(?:(?:little|baby|our|my|um|uh|er)\s+)+", "", said.strip(), flags=re.I)


def leading_name(said: str) -> str | None:
    """The name at the start of ``said``, the run-on after it cut off ("ethan we been
    together 6 months" -> "Ethan"); ``None`` when it does not start with a name."""
    said = unprefixed(said)
    words = said.split()
    first = name_in(words[0]) if len(words) > 1 and words[1].casefold() in NOT_NAMES else None
    return name_in(said) or name_in(RUN_ON.sub("", said)) or first


def _not_a_name(word: str) -> bool:
    """ "she", "she's", "really": words that stand where a name could."""
    folded = word.casefold()
    return folded in NOT_NAMES or folded.split("'")[0] in NOT_NAMES


YEAR = re.compile(r"[\s,]+((?:19|20)\d\d)\s*$")
"""A year at the end of a date of birth ("3 May 1990")."""


def birthday(said: str) -> str | None:
    """A date of birth as kept ("3 May", "3 May 1990"); ``None`` when it is not a day."""
    said = re.sub(r"^(?:(?:on|is|in|falls on|'s)\s+)+", "", said.strip(), flags=re.IGNORECASE)
    said = _with_digits(said)
    words = said.split()
    for end in range(len(words), 0, -1):
        found = _day_of(" ".join(words[:end]))
        if found is not None:
            return found
    return None


def _day_of(said: str) -> str | None:
    """ "14th of February 1990" -> "14 February 1990"; ``None`` when not a day."""
    year = YEAR.search(said)
    day = day_and_month(YEAR.sub("", said)) or _parsed_day(YEAR.sub("", said))
    if day is None:
        return None
    return f"{day} {year.group(1)}" if year else day


def _with_digits(said: str) -> str:
    """ "the twelfth of october" -> "the 12th of october"."""
    from text_to_num import alpha2digit  # noqa: PLC0415  (loaded on first use)

    said = str(alpha2digit(said, "en"))  # "twenty first" first, then a "first" alone
    for word, ordinal in (("first", "1st"), ("second", "2nd"), ("third", "3rd")):
        said = re.sub(rf"\b{word}\b", ordinal, said, flags=re.IGNORECASE)
    return said


def _parsed_day(said: str) -> str | None:
    """ "feb 14", "14/02", "14th feb" -> "14 February", through dateparser."""
    parsed = _dateparser()(said)
    return f"{parsed.day} {parsed.strftime('%B')}" if parsed is not None else None


@cache
def _dateparser():  # type: ignore[no-untyped-def]
    """dateparser's parse, set for a day of the year, loaded on first need (it is slow)."""
    import dateparser  # noqa: PLC0415  (loaded on first use)

    settings = {"REQUIRE_PARTS": ["day", "month"], "DATE_ORDER": "DMY"}
    return lambda said: dateparser.parse(said, languages=["en"], settings=settings)


MENDED_AFTER = re.compile(r"\b(my|our|the|his|her|their|ur|your)\s+([a-z]{5,})\b", re.IGNORECASE)
"""A word after "my" or "our" that may be a relation typed with a slip ("my huband")."""
_REAL_WORDS_NEARBY = (
    "aunts bertie bitten bother chill finance fiances foggy fried funny gather hobby house"
    " manage managed misses noodle oldest other paddy poole poppy rather sunny toodle tummy"
    " wifes worse sitter fiend parents parent cousins nephews nieces hours horses mothers"
    " brothers sisters fathers daughters friends uncles partners kitten kittens grandma grandpa"
    " ollie daisy sister brother mother father"
)
REAL_WORDS_NEARBY = frozenset(_REAL_WORDS_NEARBY.split())
"""Words one slip from a relation or a pet that are words of their own ("my other", "my
house"): never mended."""


FACT_WORDS = frozenset(["allergic", "allergy", "allergies", "birthday", "favourite", "favorite"])
"""Words facts are told with, mended anywhere when typed with one slip ("alergic",
"brithday")."""
A_LONG_WORD = re.compile(r"\b[a-z]{6,}\b", re.IGNORECASE)


SHORT_SLIPS = ((re.compile(r"\b(?:wokr|wrok|wrk|owrk)(s?)\b", re.IGNORECASE), r"work\1"),)
"""Short words facts are told with, typed with a common slip ("i wokr at")."""


def mended(text: str) -> str:
    """``text`` with a relation typed with one slip after "my" mended ("my huband" -> "my
    husband", "my neices name" -> "my nieces name"), and a word facts are told with ("im
    alergic", "her brithday", "i wokr at")."""
    for slip, word in SHORT_SLIPS:
        text = slip.sub(word, text)
    return A_LONG_WORD.sub(_mended_fact_word, MENDED_AFTER.sub(_mended_word, text))


def _mended_fact_word(found: re.Match[str]) -> str:
    """The word, or the one of ``FACT_WORDS`` it is one slip from."""
    return _fact_word_near(found[0].casefold()) or found[0]


@lru_cache(maxsize=4096)
def _fact_word_near(word: str) -> str | None:
    """The one of ``FACT_WORDS`` ``word`` is a slip from; ``None`` for none (or for one)."""
    if word in FACT_WORDS or word.removesuffix("s") in FACT_WORDS:
        return None
    near = [fact_word for fact_word in FACT_WORDS if _one_slip(word, fact_word)]
    return near[0] if len(near) == 1 else None


def _mended_word(found: re.Match[str]) -> str:
    """The match with its word mended, when it is one slip from a relation or a pet."""
    word = found[2].casefold()
    if word in REAL_WORDS_NEARBY or word in _targets() or word.removesuffix("s") in _targets():
        return found[0]
    stem, ending = (word[:-1], "s") if word.endswith("s") else (word, "")
    for candidate in (word, stem) if ending else (word,):
        near = _one_slip_from(candidate)
        if near is not None:
            return f"{found[1]} {near}{ending if candidate == stem else ''}"
    return found[0]


@lru_cache(maxsize=4096)
def _one_slip_from(word: str) -> str | None:
    """The one relation or pet ``word`` is a slip from (a letter missing, extra, wrong or
    swapped), or ``None`` when there is none or more than one."""
    if word in REAL_WORDS_NEARBY or word in _targets():
        return None
    near = [target for target in _targets() if _one_slip(word, target)]
    return near[0] if len(near) == 1 else None


@cache
def _targets() -> frozenset[str]:
    """The relations, children and pets a slip is mended to (single words of five letters or
    more: shorter ones are too near other words)."""
    words = {*RELATIONS, *SAID_RELATIONS, *KIDS, *PETS, *SAID_PETS}
    return frozenset(w for w in words if " " not in w and "-" not in w and len(w) >= 5)


def _one_slip(typed: str, word: str) -> bool:
    """Whether ``typed`` is ``word`` with one letter missing, extra, wrong, or two swapped."""
    if typed == word or abs(len(typed) - len(word)) > 1:
        return False
    if len(typed) == len(word):
        apart = [i for i, (a, b) in enumerate(zip(typed, word, strict=True)) if a != b]
        swapped = len(apart) == 2 and apart[1] == apart[0] + 1
        return len(apart) == 1 or (swapped and typed[apart[0]] == word[apart[1]])
    short, long = sorted((typed, word), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
