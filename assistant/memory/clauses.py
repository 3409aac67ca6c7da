"""A chatty line cut into clauses, with the chatter taken off each.

"hey so I never told you my name, its Maya lol" -> "I never told you my name", "its Maya".
A line is cut at full stops, commas, semicolons and the words that join clauses ("and", "but",
"so", "plus", "btw", "oh and"), and before a "she's", "her name is" or "we named her" that
runs on without a comma (as speech comes); each clause keeps the word that joined it to the
one before, so a reader can tell "Leo and Isla" (a list) from "Leo. Isla" (two sentences).
"""

import re
from dataclasses import dataclass

_JOINER = re.compile(
    r"\s*((?<!\bst)(?<!\bmr)(?<!\bmrs)(?<!\bdr)(?<!\bms)[.;!?]+(?=\s|$)|,(?!\s*(?:19|20)\d\d\b)|&"
    r"|\s(?:and|but|so|plus|btw|oh and|and also|ugh|omg|lol|haha)\s"
    r"|\s(?=(?:he|she|they|it)(?:'s|'re| is| are)\s|(?:hes|shes|theyre)\s)"
    r"|\s(?=(?:he|she|they) (?:lives|live|works|work|has|have|was|were|turned|turns)\s)"
    r"|\s(?=(?:weve|we've|ive|i've) (?:been|known)\s|i (?:turned|just turned|was born)\s)"
    r"|\s(?=(?:her|his|their) names?(?:'s| is| was)?\s|(?:we|i) (?:named|called) (?:her|him|it)\s))"
    r"\s*",
    re.IGNORECASE,
)
_CHATTER_BEFORE = re.compile(
    r"^(?:hey|hi|hiya|hello|so|oh|ah|well|also|anyway|anyways|um+|uh+|er+|erm|btw|by the way"
    r"|and|ok|okay|yeah|yes|right|tbh|honestly|fyi|just so you know|oh yeah|plus|but"
    r"|you know what|guess what|fun fact|oh wait|wait|actually|sorry|oops|no wait|also|omg"
    r"|lol|haha)"
    r"\b[\s,:-]*",
    re.IGNORECASE,
)
_CHATTER_AFTER = re.compile(
    r"[\s,:-]*\b(?:lol|lmao|rofl|haha+|hehe+|ha|tbh|btw|by the way|fyi|x+|xo+|originally"
    r"|actually|though|tho|obvs|obviously|innit|ngl|tbf|too|as well|now|these days|ok|okay|lol+"
    r"|always has been|always have"
    r"|can (?:u|you) believe it|believe it or not|would you believe|if you can believe it"
    r"|cant believe it|can't believe it|send help)$",
    re.IGNORECASE,
)
_SYMBOLS = re.compile(r"[^\w\s'\-./,;!?&:]")
_BORN_AND_BRED = re.compile(r"[\s,]*\bborn and (?:bred|raised)\b(?!\s+in\b)", re.IGNORECASE)
"""Said after a place ("from hull, born and bred"): no clause of its own."""
_BORN_AND_BRED_IN = re.compile(r"\bborn and (?:bred|raised) in\b", re.IGNORECASE)
"""Before a place ("born and raised in york"): where one was born, one clause."""


@dataclass(frozen=True)
class Clause:
    """One clause of a line, without its chatter."""

    text: str
    """The words, as written (casing kept, for names)."""
    joined_by: str = ""
    """What joined it to the clause before: "and", ",", "." or "" for the first."""

    @property
    def words(self) -> list[str]:
        """The clause's words."""
        return self.text.split()


def clauses(line: str) -> list[Clause]:
    """The clauses of ``line`` in order, chatter taken off; empty clauses dropped."""
    pieces = _JOINER.split(_APPOSITION.sub(r"\g<who> \g<name> \g<verb>", _plain(line)))
    found: list[Clause] = []
    joiner = ""
    for index, piece in enumerate(pieces):
        if index % 2:
            joiner = piece.strip().casefold()
            continue
        text = without_chatter(piece)
        if text:
            found.append(Clause(text, joiner))
    return found


_APPOSITION = re.compile(
    r"\b(?P<who>(?:my|our) [a-z]+(?: [a-z]+)?), (?P<name>[A-Za-z][\w'-]*), "
    r"(?P<verb>is|was|has|lives|works|turned|just turned)\b",
    re.IGNORECASE,
)
"""A name put between commas ("my eldest, mia, is 17"): read as one clause."""


def without_chatter(text: str) -> str:
    """``text`` without the chatter before and after it ("oh and", "lol", "btw")."""
    previous = None
    text = text.strip(" ,.-:")
    while text != previous:
        previous = text
        text = _CHATTER_AFTER.sub("", _CHATTER_BEFORE.sub("", text)).strip(" ,.-:")
    return text


def _plain(line: str) -> str:
    """Curly quotes made straight; emoji and symbols taken out."""
    straight = line.replace("’", "'").replace("‘", "'")  # noqa: RUF001 (the curly quotes)
    plain = _BORN_AND_BRED_IN.sub("i was born in", _SYMBOLS.sub(" ", straight))
    return " ".join(_BORN_AND_BRED.sub("", plain).split())
