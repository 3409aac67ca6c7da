"""Mail by voice: what's new, reading one by one, cleaning up with undo, and letters by dictation.

The conversation keeps its place: the list last told ("you have three new emails"), which one is
being read, and the draft being written. Moving mail is planned, read back and done on yes, and
can be undone; a letter is read back and sent only on yes.
"""

from dataclasses import dataclass, field, replace
from datetime import datetime

from assistant.intents.choosing import Option, chosen
from assistant.mail.accounts import MailError
from assistant.mail.cache import Cached
from assistant.mail.send import Draft, build_message, send
from assistant.mail.service import ARCHIVE, TRASH, MailService, Moved, new_batch
from assistant.skills.contract import (
    Awaiting,
    Dictation,
    Outcome,
    PendingAction,
    ProgressReport,
    Registry,
    Request,
    UndoRecord,
)
from assistant.spoken import counted, spoken_when

SKILLS = Registry()
"""The intents this module handles, with what each does."""

DICTATE = "mail.dictate"
TRIAGE = "mail.triage"
GROUP_SLOT = "which"
"""The slot of "delete the junk mail" (its values come from the ``mail_group`` list)."""
TOLD_AT_MOST = 3


@dataclass
class Reading:
    """Where the conversation is in the user's mail."""

    messages: list[Cached] = field(default_factory=list)
    """The list last told or searched."""
    index: int = -1
    """The one being read; -1 before the first."""
    draft: Draft | None = None
    draft_account: str = ""

    @property
    def current(self) -> Cached | None:
        return self.messages[self.index] if 0 <= self.index < len(self.messages) else None


def reading(request: Request) -> Reading:
    return request.context.kept(Reading)


def _who(message: Cached) -> str:
    return message.sender_name or message.sender_address or "someone"


def _about(message: Cached) -> str:
    return f"about {message.subject}" if message.subject else "with no subject"


@SKILLS.handles("mail.check")
def check(request: Request) -> Outcome:
    """Check every inbox and say who wrote."""
    found = request.services.mail.check()
    state = reading(request)
    state.messages, state.index = found.unread, -1
    problems = " ".join(found.problems)
    if not found.unread:
        return Outcome(" ".join(filter(None, ("No new mail.", problems))))
    told = "; ".join(f"from {_who(m)}, {_about(m)}" for m in found.unread[:TOLD_AT_MOST])
    more = found.unread_count - min(len(found.unread), TOLD_AT_MOST)
    rest = f"; and {counted(more, 'more', 'more')}" if more > 0 else ""
    heading = f"You have {counted(found.unread_count, 'unread email', 'unread emails')}"
    return Outcome(" ".join(filter(None, (f"{heading}: {told}{rest}.", problems))))


def _from(request: Request, contact: str) -> list[Cached]:
    """Mail from ``contact``: in the list being read, or else anywhere in the inboxes."""
    wanted = contact.lower()

    def sent_by(message: Cached) -> bool:
        return wanted in message.sender_name.lower() or wanted in message.sender_address.lower()

    listed = [m for m in reading(request).messages if sent_by(m)]
    return listed or [m for m in request.services.mail.inbox() if sent_by(m)]


@SKILLS.handles("mail.read")
def read(request: Request) -> Outcome:
    """Read the one asked for: from someone, the current one, or the next unread."""
    state = reading(request)
    contact = request.slot("contact")
    if contact:
        matches = _from(request, contact)
        if not matches:
            return Outcome(f"I don't see any mail from {contact}.")
        if matches[0] not in state.messages:
            state.messages = matches + [m for m in state.messages if m not in matches]
        state.index = state.messages.index(matches[0])
    elif state.current is None:
        if not _listed(request, state):
            return Outcome("There's nothing new to read.")
        state.index = 0
    return _read_current(request, state)


def _listed(request: Request, state: Reading) -> list[Cached]:
    """The list being read; the unread mail when there is none yet."""
    if not state.messages:
        state.messages = request.services.mail.unread()[1]
    return state.messages


def _read_current(request: Request, state: Reading) -> Outcome:
    message = state.current
    assert message is not None
    letter = request.services.mail.read(message)
    now = request.services.clock.now()
    when = _dated(letter.date.astimezone(now.tzinfo), now) if letter.date else ""
    heading = ", ".join(filter(None, (f"From {letter.sender_name or _who(message)}", when)))
    body = letter.spoken_body or "There's no text in it."
    attached = ""
    if letter.attachments:
        names = ", ".join(letter.attachments[:3])
        attached = (
            f" It has {counted(len(letter.attachments), 'attachment', 'attachments')}: {names}."
        )
    return Outcome(f"{heading}, {_about(message)}. {body}{attached}")


def _dated(moment: datetime, now: datetime) -> str:
    """When a mail came, with the year when it is not this year's and not from this week."""
    said = spoken_when(moment, now)
    old = moment.year != now.year and (now - moment).days >= 7
    return f"{said} {moment.year}" if old else said


@SKILLS.handles("mail.next", "mail.previous")
def step(request: Request) -> Outcome:
    """Read the next or previous one in the list."""
    state = reading(request)
    _listed(request, state)
    forward = request.intent == "mail.next"
    target = state.index + (1 if forward else -1)
    if not 0 <= target < len(state.messages):
        return Outcome("That was the last one." if forward else "That's the first one.")
    state.index = target
    return _read_current(request, state)


# Cleaning up.


@SKILLS.handles(TRIAGE, changes_things=True)
def clean_up(request: Request) -> Outcome:
    """Plan the clean-up of the inboxes, read it back, and wait for a yes."""
    mail = request.services.mail
    mail.check()
    plan = mail.plan_cleanup()
    kept = f"{counted(len(plan.keep_people), 'mail', 'mails')} from people you write to I'd keep"
    if plan.empty:
        return Outcome(f"Your inbox looks tidy: no newsletters or junk to clear. {kept}.")
    parts = []
    if plan.archive:
        parts.append(f"archive {counted(len(plan.archive), 'newsletter', 'newsletters')}")
    if plan.trash:
        parts.append(f"move {counted(len(plan.trash), 'junk mail', 'junk mails')} to Trash")
    summary = f"I'd {' and '.join(parts)}; {kept}. Shall I?"
    steps = tuple(
        [f"archive: {_who(m)}, {m.subject}" for m in plan.archive]
        + [f"trash: {_who(m)}, {m.subject}" for m in plan.trash]
    )

    def apply(progress: ProgressReport) -> Outcome:
        batch = new_batch()
        archived = mail.move(plan.archive, ARCHIVE, progress, batch) if plan.archive else None
        trashed = mail.move(plan.trash, TRASH, progress, batch) if plan.trash else None
        return _moved_outcome(request, batch, [archived, trashed])

    return Outcome(summary, plan=PendingAction(TRIAGE, summary, steps, apply))


def _moved_outcome(request: Request, batch: str, results: list[Moved | None]) -> Outcome:
    moved = sum(r.moved for r in results if r)
    gone = sum(r.gone for r in results if r)
    extra = (
        f" {counted(gone, 'had', 'had').capitalize()} already been removed by another program."
        if gone
        else ""
    )
    reply = f"Done: I moved {counted(moved, 'mail', 'mails')}.{extra} Say undo to put them back."
    record = cleanup_undo(request.services.mail, batch, f"the clean-up that moved {moved} mails")
    return Outcome(reply, done=f"moved {moved} mails", action=TRIAGE, undo=record)


def cleanup_undo(mail: MailService, batch: str, summary: str) -> UndoRecord:
    """How "undo" puts the mail of clean-up ``batch`` back."""

    def undo() -> str:
        return f"I put {counted(mail.undo(batch), 'mail', 'mails')} back where they were."

    return UndoRecord(TRIAGE, summary, undo)


def last_cleanup_undo(mail: MailService) -> tuple[str, UndoRecord] | None:
    """How to undo the newest clean-up that can still be undone (even from before a restart,
    or one a crash cut short), with when it was done."""
    newest = mail.newest_undoable()
    if newest is None:
        return None
    batch, at = newest
    return at, cleanup_undo(mail, batch, "the last clean-up of your mail")


@SKILLS.handles("mail.delete", "mail.archive", changes_things=True)
def delete_or_archive(request: Request) -> Outcome:
    """Move this one, or a group ("the junk mail"), to Trash or Archive, after a yes."""
    state = reading(request)
    target = TRASH if request.intent == "mail.delete" else ARCHIVE
    group = request.slot(GROUP_SLOT)
    if group:
        request.services.mail.check()
        plan = request.services.mail.plan_cleanup()  # the very groups "clean up" counts
        chosen = plan.trash if group == "junk" else plan.archive
        what = f"{counted(len(chosen), 'mail', 'mails')} that look like {group}"
    else:
        chosen = [state.current] if state.current else []
        what = f"the mail from {_who(chosen[0])}, {_about(chosen[0])}" if chosen else ""
    if not chosen:
        return Outcome("There's nothing like that in your inbox.")
    verb = "move to Trash" if target == TRASH else "archive"
    summary = f"I'd {verb} {what}. Shall I?"
    steps = tuple(f"{verb}: {_who(m)}, {m.subject}" for m in chosen)
    mail = request.services.mail

    def apply(progress: ProgressReport) -> Outcome:
        batch = new_batch()
        return _moved_outcome(request, batch, [mail.move(chosen, target, progress, batch)])

    return Outcome(summary, plan=PendingAction(request.intent, summary, steps, apply))


# Teaching the junk filter.


@SKILLS.handles("mail.junk", "mail.not_junk", changes_things=True, needs_two_hearings=True)
def teach_junk(request: Request) -> Outcome:
    """The mail being read is junk, or is not, says the user: the junk filter learns it, and
    the clean-up goes by their word for this one. Undo makes the filter forget it."""
    message = reading(request).current
    if message is None:
        return Outcome("Which mail? Open one first, then tell me whether it's junk.")
    junk, mail = request.intent == "mail.junk", request.services.mail
    learned = mail.teach(message, junk)
    what = f"the mail from {_who(message)}, {_about(message)}"
    verdict = "junk" if junk else "not junk"

    def undo() -> str:
        mail.teach(message, junk, forget=True)
        return f"I've forgotten that {what} is {verdict}."

    record = UndoRecord(request.intent, f"marking {what} as {verdict}", undo)
    reply = _taught(request, message, junk, what)
    if not learned:
        reply += " The junk filter couldn't learn from it, though: see assistant doctor."
    return Outcome(reply, done=verdict, undo=record)


def _taught(request: Request, message: Cached, junk: bool, what: str) -> str:
    if not junk:
        return f"Noted: {what} is not junk. I'll keep it, and learn from it."
    if message.sender_address in request.services.mail.people():
        return f"Noted: I'll learn from {what}, but they're someone you write to, so I keep it."
    return f"Noted: {what} is junk. A clean-up will move it to Trash, and I'll learn from it."


# Writing.


@SKILLS.handles("mail.reply")
def reply(request: Request) -> Outcome:
    """Start a reply to the current message (or the last from someone); the body is dictated."""
    state = reading(request)
    contact = request.slot("contact")
    message = next(iter(_from(request, contact)), None) if contact else state.current
    if message is None:
        return Outcome("Which mail should I reply to? Ask me to read it first.")
    subject = (
        message.subject if message.subject.lower().startswith("re:") else (f"Re: {message.subject}")
    )
    references = message.headers.get("references", "")
    state.draft = Draft(
        _who(message), message.sender_address, subject, "", message.message_id, references
    )
    state.draft_account = message.account
    return Outcome(
        f"What would you like to say to {_who(message)}?",
        dictation=Dictation(DICTATE, lambda words: _took(request, words), Awaiting.WORDS),
    )


@SKILLS.handles("mail.compose")
def compose(request: Request) -> Outcome:
    """Start a new letter to someone the mailbox or memory knows; asks which if two match."""
    contact = request.slot("contact")
    matches = _addresses_for(request, contact)
    if not matches:
        return Outcome(f"I don't have an address for {contact}.")
    if len(matches) > 1:
        return _ask_which(request, contact, matches)
    return _start_letter(request, *matches[0])


def _ask_which(request: Request, contact: str, matches: list[tuple[str, str]]) -> Outcome:
    """Read the people a name fits out, and take the next words as the choice."""
    options = " or ".join(f"{name} at {address}" for address, name in matches)
    return Outcome(
        f"Which {contact}: {options}?",
        dictation=Dictation(DICTATE, lambda words: _chose(request, contact, matches, words)),
    )


def _addresses_for(request: Request, contact: str) -> list[tuple[str, str]]:
    wanted = contact.lower()
    return sorted(
        (address, name)
        for address, name in request.services.mail.addresses().items()
        if wanted in name.lower() or wanted == address.partition("@")[0].lower()
    )


def _chose(request: Request, contact: str, matches: list[tuple[str, str]], words: str) -> Outcome:
    """Start the letter to the one the answer picks; ask again while it fits several."""
    fits = chosen(words, [Option(name, address) for address, name in matches])
    if len(fits) == 1:
        return _start_letter(request, *matches[fits[0]])
    if len(fits) > 1:
        return _ask_which(request, contact, [matches[place] for place in fits])
    return Outcome("I didn't catch which one, so I haven't started the letter.")


def _start_letter(request: Request, address: str, name: str) -> Outcome:
    state = reading(request)
    state.draft = Draft(name, address, "", "")
    state.draft_account = ""
    return Outcome(
        f"What would you like to say to {name}?",
        dictation=Dictation(DICTATE, lambda words: _took(request, words), Awaiting.WORDS),
    )


def _took(request: Request, words: str) -> Outcome:
    state = reading(request)
    if state.draft is None:
        return Outcome("There's no letter being written.")
    state.draft = state.draft.adding(words)
    if not state.draft.subject:
        state.draft = replace(state.draft, subject=_subject_from(state.draft.body))
    return _read_back(state.draft)


def _subject_from(body: str) -> str:
    words = body.split()
    return " ".join(words[:6]).rstrip(".,!?") + ("..." if len(words) > 6 else "")


DRAFT_INVITES = frozenset({"mail.send", "mail.add", "mail.change"})
"""What a draft read back asks for next: "Say send it, add something, or change the last
sentence."."""


def _read_back(draft: Draft) -> Outcome:
    return Outcome(
        f'To {draft.to_name}: "{draft.body}" Say send it, add something, '
        "or change the last sentence.",
        invites=DRAFT_INVITES,
    )


@SKILLS.handles("mail.add", "mail.change")
def edit(request: Request) -> Outcome:
    """Add a sentence to the draft, or replace its last sentence."""
    state = reading(request)
    if state.draft is None:
        return Outcome("There's no letter being written. Say write an email to someone first.")
    words = request.slot("dictated")
    if request.intent == "mail.add":
        state.draft = state.draft.adding(words)
    else:
        state.draft = state.draft.changing_last_sentence(words)
    return _read_back(state.draft)


@SKILLS.handles("mail.send", changes_things=True)
def send_draft(request: Request) -> Outcome:
    """Read the draft back and send it on yes; a copy goes to the Sent folder."""
    state = reading(request)
    draft = state.draft
    if draft is None or not draft.body:
        return Outcome("There's nothing written to send yet.")
    mail = request.services.mail
    account = mail.account(state.draft_account) if state.draft_account else None
    if account is None or account.smtp is None:
        account = mail.sending_account()
    summary = f'Send this to {draft.to_name} at {draft.to_address}: "{draft.body}"?'
    steps = (f"to: {draft.to_address}", f"subject: {draft.subject}", draft.body)

    def apply(progress: ProgressReport) -> Outcome:
        message = build_message(draft, account, request.services.clock)
        send(message, account)
        state.draft = None
        try:
            mail.save_sent(account, message.as_bytes())
        except MailError as error:
            return Outcome(
                f"Sent, but I couldn't keep a copy in Sent: {error.message}", done="sent"
            )
        return Outcome(f"Sent to {draft.to_name}.", done=f"sent to {draft.to_address}")

    return Outcome(summary, plan=PendingAction("mail.send", summary, steps, apply))


@SKILLS.handles("mail.search")
def search(request: Request) -> Outcome:
    """Find mail in the inboxes from someone, or about something."""
    wanted = (request.slot("contact") or request.slot("topic")).lower()
    found = [
        m
        for m in request.services.mail.inbox()
        if wanted in f"{m.sender_name} {m.sender_address} {m.subject}".lower()
    ]
    state = reading(request)
    state.messages, state.index = found, -1
    if not found:
        return Outcome(f"I found no mail about {wanted} in your inbox.")
    told = "; ".join(f"from {_who(m)}, {_about(m)}" for m in found[:TOLD_AT_MOST])
    return Outcome(
        f"I found {counted(len(found), 'mail', 'mails')}: {told}. Say read it to hear it."
    )
