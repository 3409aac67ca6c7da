"""A free-form transcript as the words said: lowercase, numbers and abbreviations spelt out.

Whisper writes "Set a timer for 10 minutes." and "Mr. Quilter"; the understanding (and a letter
taken down "with the words as spoken") wants "set a timer for ten minutes" and "mister quilter",
which is also how the grammar decode writes them.
"""

import re

from assistant.spoken import ONES, TENS

SCALES = ((1_000_000_000, "billion"), (1_000_000, "million"), (1000, "thousand"))
ORDINALS = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}
ABBREVIATIONS = {"mr": "mister", "mrs": "missus", "dr": "doctor"}
DIGIT_BY_DIGIT = 5
"""Runs of this many digits or more (a postcode, an account number) are said one by one."""
_TOKEN = re.compile(r"(\d+):(\d\d)|(\d[\d,]*)(st|nd|rd|th)?|([a-z]+(?:'[a-z]+)*)\.?")


def spoken_words(text: str) -> str:
    """``text`` as lowercase words, with numbers, times and abbreviations written out."""
    lowered = text.lower().replace("-", " ").replace("%", " percent")
    return " ".join(word for match in _TOKEN.finditer(lowered) for word in _words_of(match))


def _words_of(match: re.Match[str]) -> list[str]:
    hours, minutes, digits, suffix, word = match.groups()
    if hours is not None:
        return _clock(int(hours), int(minutes))
    if digits is not None and suffix:
        return _ordinal(number_words(int(digits.replace(",", ""))))
    if digits is not None:
        return _digits_or_number(digits)
    return [ABBREVIATIONS.get(word, word)]


def _digits_or_number(digits: str) -> list[str]:
    """A code or a long run of digits ("90210", "007") digit by digit; else a number."""
    if "," not in digits and (len(digits) >= DIGIT_BY_DIGIT or digits.startswith("0")):
        return [ONES[int(digit)] for digit in digits if digit.isdigit()]
    return number_words(int(digits.replace(",", "") or 0))


def _clock(hours: int, minutes: int) -> list[str]:
    """ "5:30" as "five thirty", "5:05" as "five oh five", "5:00" as "five o'clock"."""
    if minutes == 0:
        return [*number_words(hours), "o'clock"]
    if minutes < 10:
        return [*number_words(hours), "oh", *number_words(minutes)]
    return number_words(hours) + number_words(minutes)


def number_words(number: int) -> list[str]:
    """A whole number in words: 2025 is "two thousand twenty five"."""
    if number < 20:
        return [ONES[number]]
    if number < 100:
        tens, ones = divmod(number, 10)
        return [TENS[tens]] + ([ONES[ones]] if ones else [])
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        return [ONES[hundreds], "hundred"] + (number_words(rest) if rest else [])
    for scale, name in SCALES:
        if number >= scale:
            high, rest = divmod(number, scale)
            return [*number_words(high), name] + (number_words(rest) if rest else [])
    return [str(number)]


def _ordinal(words: list[str]) -> list[str]:
    last = words[-1]
    if last in ORDINALS:
        return [*words[:-1], ORDINALS[last]]
    if last.endswith("y"):
        return [*words[:-1], last[:-1] + "ieth"]
    return [*words[:-1], last + "th"]
