"""It learns people from mail, openly: against a real dovecot holding people, newsletters and
junk, a check makes the people (with addresses, how often and how lately the user writes to
them and hears from them); "who is", "when did I last write to" and "who have I not written to
in a while" are answered from that; newsletters and junk never become people; "forget Amy"
takes her for good, and she is not learned again."""

import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.config import Paths
from assistant.mail.accounts import parse_account, store_password
from assistant.mail.triage import needs_judging
from assistant.runtime.assistant import Assistant
from assistant.runtime.pipeline import Pipeline
from harness.mailservers import PASSWORD, Dovecot, needs_dovecot
from tests.conftest import FixedClock, run_cli

PEOPLE_FIXTURES = Path(__file__).parent / "fixtures" / "people"
NOT_PEOPLE = (
    "news@gardenweekly.example",
    "noreply@ci.example",
    "winner@lottery.example",
    "jenny@shoply.example",
    "kate.friendly@bulkmail.example",
    "rory@example.net",
)
"""Newsletters, notifications, junk, and the user's own address."""


def said(talk: Pipeline, text: str) -> str:
    result = talk.run_text(text)
    assert result.failed is None, result.failed
    return result.reply


@pytest.fixture
def mailbox(dovecot: Dovecot) -> Dovecot:
    """The usual fixtures, and a sister, an old friend, a shop and a junk 'friend'."""
    with dovecot.client() as client:
        for name in ("anna_hello.eml", "bob_reply.eml", "shop_offers.eml", "junk_friend.eml"):
            client.append("INBOX", (PEOPLE_FIXTURES / name).read_bytes())
        for name in ("sent_to_anna.eml", "sent_to_bob.eml"):
            client.append("Sent", (PEOPLE_FIXTURES / name).read_bytes(), [b"\\Seen"])
    return dovecot


@pytest.fixture
def companion(tmp_path: Path, keyring_file: Path, clock: FixedClock) -> Iterator[Assistant]:
    with Assistant(Paths.resolve(str(tmp_path / "home")), clock=clock, rng=random.Random(3)) as a:
        yield a


def add_account(assistant: Assistant, mailbox: Dovecot) -> None:
    store_password("home", PASSWORD)
    assistant.mail.add_account(parse_account("home", mailbox.url, "", insecure_plain=True))


def addresses(assistant: Assistant) -> set[str]:
    return {p.email for p in assistant.memory.people.all() if p.email}


@needs_dovecot
def test_people_are_learned_from_mail_and_asked_about(
    companion: Assistant, mailbox: Dovecot
) -> None:
    talk = companion.conversation()
    said(talk, "my sister's name is Anna")
    assert said(talk, "who have I not written to in a while").startswith("There's no one")
    add_account(companion, mailbox)
    said(talk, "do I have new mail")
    assert addresses(companion) == {
        "amy@example.org",
        "anna@williams.example",
        "bob.marsh@example.com",
    }  # Catherine only writes, and no filter has judged her mail yet
    assert said(talk, "who is Amy") == (
        "Amy Pond, at amy@example.org. Amy last wrote to you on Thursday (one mail in all). "
        "You last wrote to Amy on the 13th of November (one mail in all)."
    )
    assert said(talk, "who is my sister") == "Your sister's name is Anna."
    assert said(talk, "who is Anna") == (
        "Anna, your sister, at anna@williams.example. Anna last wrote to you yesterday at "
        "8:30 in the morning (one mail in all). You last wrote to Anna yesterday at 7:00 in "
        "the evening (one mail in all)."
    )
    assert said(talk, "when did I last write to my sister") == (
        "You last wrote to Anna yesterday at 7:00 in the evening (one mail in all)."
    )
    assert said(talk, "when did I last write to Bob") == (
        "You last wrote to Bob on the 2nd of August (one mail in all)."
    )
    assert said(talk, "when did I last hear from Catherine") == (
        "I don't know anyone called Catherine."
    )
    assert said(talk, "who have I not written to in a while") == (
        "You haven't written in a while to Bob Marsh (not since the 2nd of August)."
    )
    assert said(talk, "who is Garden Weekly") == "I don't know anyone called Garden Weekly."


@needs_dovecot
def test_when_lonely_it_suggests_writing_to_someone_not_written_to_lately(
    companion: Assistant, mailbox: Dovecot
) -> None:
    talk = companion.conversation()
    assert "write an email" not in said(talk, "I'm feeling lonely")
    add_account(companion, mailbox)
    said(talk, "do I have new mail")
    offer = said(talk, "I'm a bit lonely today")
    assert offer.endswith(
        'You haven\'t written to Bob for a while. Would you like to? Say "write an email to Bob".'
    )
    assert companion.memory.reminders.pending() == []
    assert said(talk, "write an email to Bob") == "What would you like to say to Bob Marsh?"


@needs_dovecot
def test_newsletters_and_junk_never_become_people(companion: Assistant, mailbox: Dovecot) -> None:
    add_account(companion, mailbox)
    said(companion.conversation(), "do I have new mail")
    export = json.dumps(companion.memory.export(), default=str)
    for address in NOT_PEOPLE:
        assert address not in addresses(companion)
        assert address not in export


@needs_dovecot
def test_forgetting_someone_learned_from_mail_is_for_good(
    companion: Assistant, mailbox: Dovecot
) -> None:
    add_account(companion, mailbox)
    talk = companion.conversation()
    said(talk, "do I have new mail")
    said(talk, "who is Amy")
    assert said(talk, "forget Amy").startswith("I'd forget Amy Pond")
    assert said(talk, "yes") == "Done. It's gone from my memory, for good."
    said(talk, "do I have new mail")
    assert "amy@example.org" not in addresses(companion)
    export = json.dumps(companion.memory.export(), default=str).casefold()
    assert "amy" not in export
    assert said(talk, "who is Amy") == "I don't know anyone called Amy."


@needs_dovecot
def test_removing_the_account_takes_the_people_learned_from_it(
    tmp_path: Path, keyring_file: Path, mailbox: Dovecot
) -> None:
    home = str(tmp_path / "home")
    with Assistant(Paths.resolve(home)) as assistant:
        add_account(assistant, mailbox)
        said(assistant.conversation(), "my sister's name is Anna")
        said(assistant.conversation(), "do I have new mail")
        assert "amy@example.org" in addresses(assistant)
    assert run_cli("mail", "remove", "home", "--data-dir", home).returncode == 0
    with Assistant(Paths.resolve(home)) as assistant:
        assert [p.name for p in assistant.memory.people.all()] == ["Anna"]


def test_nothing_is_learned_without_an_account(companion: Assistant) -> None:
    assert companion.memory.people.learn_from_mail() == 0
    assert companion.memory.people.all() == []


def append(dovecot: Dovecot, *names: str) -> Dovecot:
    """``dovecot`` with the people fixtures ``names`` in its INBOX."""
    with dovecot.client() as client:
        for name in names:
            client.append("INBOX", (PEOPLE_FIXTURES / name).read_bytes())
    return dovecot


def sister_named_and_a_stranger_signs_as_her(companion: Assistant, dovecot: Dovecot) -> Pipeline:
    """The user names their sister Anna; then mail comes from a stranger signing "Anna Lee"."""
    talk = companion.conversation()
    said(talk, "my sister's name is Anna")
    add_account(companion, append(dovecot, "anna_phish.eml"))
    said(talk, "do I have new mail")
    return talk


@needs_dovecot
def test_a_forged_display_name_never_takes_over_a_named_person(
    companion: Assistant, dovecot: Dovecot
) -> None:
    talk = sister_named_and_a_stranger_signs_as_her(companion, dovecot)
    assert said(talk, "who is Anna") == (
        "Anna, your sister. Mail came from Anna Lee at anna.phish@evil.example, but a name on a "
        "mail can be anyone's. Is that your sister's address?"
    )
    said(talk, "no")
    assert said(talk, "who is my sister") == "Your sister's name is Anna."
    assert "anna.phish@evil.example" not in addresses(companion)
    assert "anna.phish@evil.example" not in companion.mail.people()
    phish = next(m for m in companion.mail.inbox() if m.sender_name == "Anna Lee")
    assert needs_judging(phish, companion.mail.people())


@needs_dovecot
def test_an_address_the_user_confirms_is_kept_and_undo_lets_it_go(
    companion: Assistant, dovecot: Dovecot
) -> None:
    talk = sister_named_and_a_stranger_signs_as_her(companion, dovecot)
    assert said(talk, "who is Anna").endswith("Is that your sister's address?")
    assert said(talk, "yes") == "Okay, anna.phish@evil.example is your sister's address."
    said(talk, "do I have new mail")
    assert said(talk, "who is Anna") == "Anna, your sister, at anna.phish@evil.example."
    assert "anna.phish@evil.example" in companion.mail.people()
    assert said(talk, "undo") == (
        "The last change I can undo is keeping anna.phish@evil.example as your sister's "
        "address. Shall I undo it?"
    )
    assert said(talk, "yes").startswith("I've let go of anna.phish@evil.example")
    assert "anna.phish@evil.example" not in addresses(companion)


@needs_dovecot
def test_a_named_person_gains_only_an_address_the_user_wrote_to(
    companion: Assistant, mailbox: Dovecot
) -> None:
    talk = companion.conversation()
    said(talk, "my sister's name is Anna")
    add_account(companion, append(mailbox, "anna_phish.eml", "anna_phish.eml"))
    said(talk, "do I have new mail")
    assert said(talk, "who is Anna").startswith("Anna, your sister, at anna@williams.example.")
    assert "anna.phish@evil.example" not in companion.mail.people()


@needs_dovecot
def test_only_people_written_to_or_named_are_suggested(
    companion: Assistant, mailbox: Dovecot
) -> None:
    add_account(companion, append(mailbox, "bank_phish.eml", "landlord_rent.eml"))
    talk = companion.conversation()
    said(talk, "do I have new mail")
    assert said(talk, "who have I not written to in a while") == (
        "You haven't written in a while to Bob Marsh (not since the 2nd of August)."
    )
    assert said(talk, "I feel lonely").endswith('Say "write an email to Bob".')
    assert said(talk, "who is Account Security") == ("I don't know anyone called Account Security.")
    export = json.dumps(companion.memory.export(), default=str)
    assert "security@bank-verify.example" not in export
    said(talk, "read the one from Gerald")
    said(talk, "that's not junk")
    said(talk, "do I have new mail")
    assert said(talk, "when did I last hear from Gerald").startswith("Gerald last wrote to you")
    assert said(talk, "who have I not written to in a while") == (
        "You haven't written in a while to Bob Marsh (not since the 2nd of August)."
    )
