"""Sorting mail into people, newsletters and junk, from the headers alone.

- People: anyone the user has written to, or whose address the assistant knows from memory.
  Mail from them is always kept, even when it looks like a newsletter or a filter calls it junk.
- Junk: what the user said of the message ("that's junk", "that's not junk"), over any filter;
  else the upstream spam filter's verdict (``X-Spam-Flag: YES``, ``X-Spam-Status: Yes``, or
  five or more stars of ``X-Spam-Level``); where there is none, bogofilter's ("yes bogofilter
  0.99": over its cut-off), or, without bogofilter, SpamAssassin's with a score of at least
  ``JUNK_SCORE``.
- Newsletters and notifications: ``List-Unsubscribe``, ``List-Id``, ``Precedence: bulk`` (or
  list, junk), ``Auto-Submitted`` other than ``no``, or a no-reply sender.
- Anything else is kept.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.mail.cache import Cached
from assistant.mail.spam import USER_SAID, VERDICT_HEADER

PERSON, NEWSLETTER, JUNK, OTHER = "person", "newsletter", "junk", "other"
_NO_REPLY = re.compile(r"^(no-?reply|do-?not-?reply|notifications?|newsletters?|mailer-daemon)\b")


JUNK_SCORE = 5.0
"""SpamAssassin's score from which mail is junk (its own default)."""
_UPSTREAM = ("x-spam-flag", "x-spam-status", "x-spam-level")


def classify(message: Cached, people: set[str]) -> str:
    """The category of ``message``, given the addresses of the user's people."""
    if message.sender_address in people:
        return PERSON
    if _is_junk(message.headers):
        return JUNK
    if _is_bulk(message.headers, message.sender_address):
        return NEWSLETTER
    return OTHER


def _is_junk(headers: dict[str, str]) -> bool:
    verdict = headers.get(VERDICT_HEADER, "")
    said, _, by = verdict.partition(" ")
    if by == USER_SAID:
        return said == "yes"
    return _is_spam(headers) or _judged_spam(verdict)


def _is_spam(headers: dict[str, str]) -> bool:
    flag = headers.get("x-spam-flag", "").strip().lower()
    status = headers.get("x-spam-status", "").strip().lower()
    stars = headers.get("x-spam-level", "").count("*")
    return flag == "yes" or status.startswith("yes") or stars >= 5


def _judged_spam(verdict: str) -> bool:
    said, _, score = verdict.partition(" ")
    try:
        return said == "yes" and float(score) >= JUNK_SCORE
    except ValueError:
        return said == "yes"


def needs_judging(message: Cached, people: set[str]) -> bool:
    """Whether the junk filter should judge ``message``: not from the user's people, and
    judged by no filter yet. Mailing-list mail is judged too (spam reaches lists); what is
    not junk there is still archived as a list."""
    return not _judged(message.headers) and message.sender_address not in people


def judged_clean(message: Cached) -> bool:
    """Whether the user, a junk filter or an upstream filter has judged ``message``, and not
    as junk."""
    return _judged(message.headers) and not _is_junk(message.headers)


def _judged(headers: dict[str, str]) -> bool:
    """Whether any filter, or the user, has given a verdict on a message with ``headers``."""
    return bool(headers.get(VERDICT_HEADER)) or any(h in headers for h in _UPSTREAM)


def _is_bulk(headers: dict[str, str], sender: str) -> bool:
    precedence = headers.get("precedence", "").strip().lower()
    automatic = headers.get("auto-submitted", "").strip().lower()
    return (
        bool(headers.get("list-unsubscribe") or headers.get("list-id"))
        or precedence in ("bulk", "list", "junk")
        or automatic not in ("", "no")
        or bool(_NO_REPLY.match(sender.partition("@")[0]))
    )


@dataclass(frozen=True)
class TriagePlan:
    """What cleaning up would do: newsletters archived, junk to the Trash, the rest kept."""

    archive: list[Cached]
    trash: list[Cached]
    keep_people: list[Cached]
    keep_other: list[Cached]

    @property
    def empty(self) -> bool:
        return not self.archive and not self.trash


def plan_triage(inbox: Iterable[Cached], people: set[str]) -> TriagePlan:
    """Sort ``inbox`` into what to archive, trash and keep."""
    groups: dict[str, list[Cached]] = {PERSON: [], NEWSLETTER: [], JUNK: [], OTHER: []}
    for message in inbox:
        groups[classify(message, people)].append(message)
    return TriagePlan(groups[NEWSLETTER], groups[JUNK], groups[PERSON], groups[OTHER])
