"""Who the user writes to and hears from, as the header cache of the accounts they added shows
it: by address, with the name they go by, the account, and the dates of the mails each way.
Newsletters, notifications and junk senders are left out, and so is anyone who only writes to
the user until their mail has been judged not junk.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from assistant.mail.cache import Cached, MailCache
from assistant.mail.triage import JUNK, NEWSLETTER, classify, judged_clean
from assistant.store.database import MemoryStore


@dataclass
class Correspondent:
    """What the header cache says about one address."""

    address: str
    """The address, lower case."""
    name: str = ""
    """The name they go by, from the mail's From."""
    account: str = ""
    """The account the mail is in."""
    sent: list[str] = field(default_factory=list)
    """Dates (ISO 8601) of the mails the user sent them."""
    received: list[str] = field(default_factory=list)
    """Dates (ISO 8601) of the mails they sent the user."""


def cached_correspondents(store: MemoryStore) -> dict[str, Correspondent]:
    """Who the user writes to and hears from, in the cached mail of every account they added."""
    messages = _cached_mail(store)
    own = {m.sender_address.casefold() for m in messages if _is_sent(m)}
    return correspondents(messages, own)


def _cached_mail(store: MemoryStore) -> list[Cached]:
    cache = MailCache(store)
    with store.transaction() as db:
        folders = list(db.query("select distinct account, folder from mail_messages"))
    return [m for row in folders for m in cache.messages(str(row["account"]), str(row["folder"]))]


def correspondents(messages: Iterable[Cached], own: set[str]) -> dict[str, Correspondent]:
    """Who the user writes to and hears from, by address, leaving out newsletters and junk.

    Someone who only writes to the user counts once their mail was judged and not found junk
    (by the user, by a clean-up's SpamAssassin, or by an upstream filter): until then they may
    be junk that no filter caught.
    """
    messages = list(messages)
    found: dict[str, Correspondent] = {}
    for message in filter(_is_sent, messages):
        for address in message.to:
            _one(found, address, message.account, own).sent.append(message.date)
    for message in messages:
        if not _is_sent(message) and _is_from_someone(message, set(found)):
            who = _one(found, message.sender_address, message.account, own)
            who.received.append(message.date)
            who.name = who.name or message.sender_name
    found.pop("", None)
    for address in own:
        found.pop(address, None)
    return found


def _is_sent(message: Cached) -> bool:
    return "sent" in message.folder.casefold()


def _is_from_someone(message: Cached, written_to: set[str]) -> bool:
    """Whether ``message`` shows a person writing: someone the user wrote to, or a sender
    judged not junk, and neither a newsletter nor junk."""
    if classify(message, set()) in (JUNK, NEWSLETTER):
        return False
    return message.sender_address.casefold() in written_to or judged_clean(message)


def _one(
    found: dict[str, Correspondent], address: str, account: str, own: set[str]
) -> Correspondent:
    address = address.casefold()
    return found.setdefault(address, Correspondent(address, account=account))
