"""What does not change a sentence's meaning, taken out before it is matched.

Two steps, each kept apart so the exact templates are tried on the sentence as written first:

- ``tidy``: emoji, symbols, stray punctuation, hesitations ("um"), and hyphens between words;
- ``unwrapped``: the assistant's name anywhere, and the polite or indirect wrapper around a
  request ("could you tell me ...", "I'd like to know ...", "... for me please").
"""

import re
import unicodedata

_FILLERS = re.compile(r"\b(?:um+|uh+|uhm+|erm+|er|hmm+|mm+)\b[,.]?\s*", re.IGNORECASE)
_WORD_HYPHEN = re.compile(r"(?<=[A-Za-z])-(?=[A-Za-z])")
_STRAY_PUNCTUATION = re.compile(r"(?<![\w])[,.;:!?]+|[,;!?]+|[.:]+(?=\s|$)")
_BEFORE_NFKC = str.maketrans({"’": "'", "‘": "'", "½": " 1/2", "¼": " 1/4", "¾": " 3/4"})
_KEPT_SYMBOLS = frozenset("'@/._:-+&")

_SLIPS = (
    (re.compile(r"\b(a|set|new|any|my|no) remainder(s?)\b", re.IGNORECASE), r"\1 reminder\2"),
    (re.compile(r"\breminer(s?)\b", re.IGNORECASE), r"reminder\1"),
    (re.compile(r"\b(can|could|will|would|do|are|have|thank) u\b", re.IGNORECASE), r"\1 you"),
    (re.compile(r"\b(?:whats|wats|wots)\b", re.IGNORECASE), "what's"),
    (re.compile(r"\bwhens\b", re.IGNORECASE), "when's"),
    (re.compile(r"\bwhos\b", re.IGNORECASE), "who's"),
    (re.compile(r"\bwheres\b", re.IGNORECASE), "where's"),
    (re.compile(r"\bmetion(s|ed|ing)?\b", re.IGNORECASE), r"mention\1"),
    (
        re.compile(r"\b(check|open|see) by (inbox|mailbox|e?mails?)\b", re.IGNORECASE),
        r"\1 my \2",
    ),
)
"""Common slips of the keyboard, mended only where nothing else can be meant: "can u", "set a
remainder" (but "the remainder of the day" is left alone), "metion", "check by inbox"."""

_OPENERS = (
    r"(?:hey|hi|hello|hiya|ok|okay|so|well|oh|right|alright|now)(?: there)?",
    r"(?:and|also|and also|oh and|plus)",
    r"(?:please|kindly|just)",
    r"(?:(?:can|could|would|will) you(?: please)?(?: kindly)?(?: (?:just|help me|go and))?)",
    r"(?:(?:can|could|may) i(?: please)?(?: ask you to)?)",
    r"(?:i(?:'d| would) like(?: you)? to(?: know)?|i want(?: you)? to(?: know)?|i need to know)",
    r"(?:i need you to)",
    r"(?:i(?:'d| would) like|i want|i need)(?= (?:a|an|the|my)\b)",
    r"(?:(?:do|did) you know|(?:please )?(?:tell|show|give) me|let me know|let's see)",
    r"(?:i was wondering|i wonder|any idea|(?:do )?you know)",
    r"(?:(?:check|check and see|see|find out|look and see)\s+)?(?:if|whether)",
)
_OPENER = re.compile(rf"^(?:{'|'.join(_OPENERS)})\b[,]?\s+", re.IGNORECASE)
_CLOSER = re.compile(
    r"[,]?\s+(?:please|for me|thanks|thank you|if you can|if you could|if possible|now please|"
    r"right away|thx|pls)$",
    re.IGNORECASE,
)


def tidy(text: str) -> str:
    """``text`` without emoji, hesitations, stray punctuation or extra spaces; words kept as
    written (casing too, for names)."""
    normal = unicodedata.normalize("NFKC", text.translate(_BEFORE_NFKC)).replace("⁄", "/")
    kept = "".join(char if _is_kept(char) else " " for char in normal)
    kept = _WORD_HYPHEN.sub(" ", kept)
    kept = _FILLERS.sub(" ", kept)
    kept = _STRAY_PUNCTUATION.sub(" ", kept)
    return mended(" ".join(kept.split()))


def mended(text: str) -> str:
    """``text`` with common slips of the keyboard mended ("set a remainder", "metion")."""
    for slip, meant in _SLIPS:
        text = slip.sub(meant, text)
    return text


def _is_kept(char: str) -> bool:
    return char.isalnum() or char.isspace() or char in _KEPT_SYMBOLS or char in ",;!?"


def unwrapped(text: str, name: str = "") -> str:
    """``text`` without the assistant's name and without polite or indirect wrappers."""
    words = _without_name(text, name) if name else text
    previous = None
    while words != previous:
        previous = words
        words = _CLOSER.sub("", _OPENER.sub("", words)).strip()
    return words


def _without_name(text: str, name: str) -> str:
    pattern = re.compile(rf"(?:\b(?:hey|hi|ok|okay)\s+)?\b{re.escape(name)}\b[,]?", re.IGNORECASE)
    rest = " ".join(pattern.sub(" ", text).split())
    return rest or text
