"""Finding, opening and organising files; clearing duplicates. Every change is planned, read
back, confirmed, journaled and undoable."""

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from assistant.files.index import Found, Query
from assistant.files.journal import UNDO_HINT, Report
from assistant.files.kinds import spoken_count
from assistant.files.periods import period
from assistant.files.plans import (
    Plan,
    check_writable,
    plan_duplicates,
    plan_organise,
    shown,
    step_lines,
)
from assistant.files.service import FileService
from assistant.skills.contract import (
    Outcome,
    PendingAction,
    ProgressReport,
    Registry,
    Request,
    UndoRecord,
)
from assistant.spoken import listed, ordinal

SKILLS = Registry()
"""The intents this module handles, with what each does."""

SPOKEN_RESULTS = 3
KINDS_SPOKEN = 3
DEFAULT_FOLDER = "downloads"


@dataclass
class FoundFiles:
    """What the files skill keeps between turns."""

    found: list[Found] = field(default_factory=list)
    """The files just found or listed, for "open it"."""


@SKILLS.handles("files.organise", changes_things=True)
def organise(request: Request) -> Outcome:
    """Plan sorting a folder's loose files into a subfolder per kind; carry it out on yes."""
    folder = _folder(request)
    check_writable(folder)
    plan = plan_organise(folder, request.services.files.rules())
    if not plan.files:
        return Outcome(f"{_name(folder)} is already tidy: nothing loose for me to sort.")
    summary = _organise_summary(folder, plan)
    return _planned(request, "files.organise", plan, summary)


@SKILLS.handles("files.duplicates", changes_things=True)
def duplicates(request: Request) -> Outcome:
    """Plan moving the extra copies of identical files to the Trash; carry it out on yes."""
    folder = _folder(request)
    check_writable(folder)
    plan = plan_duplicates(folder)
    if not plan.files:
        return Outcome(f"There are no duplicate files in {_name(folder)}.")
    copies = plan.files
    summary = (
        f"I found {copies} extra {_copies(copies)} of files in {_name(folder)}, taking "
        f"{_size(plan.freed_bytes)}. I'd move the extra {_copies(copies)} to the Trash and keep "
        "the oldest of each. Shall I?"
    )
    return _planned(request, "files.duplicates", plan, summary)


@SKILLS.handles("files.find")
def find(request: Request) -> Outcome:
    """Find files by name, kind, folder and time."""
    within = _folder(request) if request.slot("folder") else None
    query = _query(request)
    found = request.services.files.find(query, within)
    return _tell_found(request, found, "I couldn't find anything like that.")


@SKILLS.handles("files.recent")
def recent(request: Request) -> Outcome:
    """The newest files in Downloads (or the folder named), optionally within a period."""
    folder = _folder(request, default=DEFAULT_FOLDER)
    found = request.services.files.find(_query(request), folder, limit=SPOKEN_RESULTS * 4)
    when = request.slot("date")
    nothing = f"Nothing new in {_name(folder)} {when}." if when else f"{_name(folder)} is empty."
    return _tell_found(request, found, nothing.strip())


@SKILLS.handles("files.open")
def open_file(request: Request) -> Outcome:
    """Open the file just found ("open it") or the one named, with the desktop's default app."""
    files = request.services.files
    if request.slot("filename"):
        candidates = files.find(Query(name=request.slot("filename")), limit=1)
    else:
        candidates = request.context.kept(FoundFiles).found[:1]
    if not candidates:
        return Outcome("Which file? Ask me to find it first, then say open it.")
    chosen: Found = candidates[0]
    files.open(chosen.path)
    return Outcome(f"Opening {chosen.name}.", done=f"opened {chosen.name}")


def _planned(request: Request, intent: str, plan: Plan, summary: str) -> Outcome:
    journal = request.services.files.journal

    def apply(progress: ProgressReport) -> Outcome:
        operation = journal.record(intent, summary, plan.steps)
        report = journal.apply(operation, progress)
        reply = f"Done: {_done_sentence(intent, report)} {report.problems()} {UNDO_HINT}"
        return Outcome(
            " ".join(reply.split()),
            done=f"{intent}: {report.done} files",
            undo=operation_undo(request.services.files, intent, operation),
        )

    pending = PendingAction(intent, summary, step_lines(plan), apply)
    return Outcome(summary, plan=pending)


CHANGES = {
    "files.organise": "sorting your files into folders",
    "files.duplicates": "moving the extra copies of your files to the Trash",
}
"""Each journaled file operation, in words that follow "undo"."""


def operation_undo(files: FileService, intent: str, operation: int) -> UndoRecord:
    """How "undo" reverses journaled file ``operation``."""

    def undo() -> str:
        report = files.journal.undo(operation)
        back = f"I've put it all back: {report.done} files. {report.problems()}"
        return " ".join(back.split())

    return UndoRecord(intent, CHANGES.get(intent, "the last change to your files"), undo)


def last_operation_undo(files: FileService) -> tuple[str, UndoRecord] | None:
    """How to undo the newest file operation that can still be undone, even from before a
    restart, with when it was done."""
    last = files.last_undoable()
    if last is None:
        return None
    operation, at = last
    action, _summary = files.journal.describe(operation)
    return at, operation_undo(files, action, operation)


def _done_sentence(intent: str, report: Report) -> str:
    if intent == "files.duplicates":
        return f"{report.done} extra {_copies(report.done)} went to the Trash."
    return f"{report.done} files moved."


def _organise_summary(folder: Path, plan: Plan) -> str:
    common = plan.counts.most_common()
    shown = common if len(common) <= KINDS_SPOKEN + 1 else common[:KINDS_SPOKEN]
    kinds = [spoken_count(kind, count) for kind, count in shown]
    if rest := sum(count for _, count in common[len(shown) :]):
        kinds.append(f"{rest} of other kinds")
    named = listed(kinds)
    folders = len(plan.counts)
    summary = (
        f"I'd sort {plan.files} files in {_name(folder)} into {folders} "
        f"{'folder' if folders == 1 else 'folders'} by kind: {named}."
    )
    if plan.left_alone == 1:
        summary += " 1 other file stays where it is."
    elif plan.left_alone:
        summary += f" {plan.left_alone} other files stay where they are."
    return summary + " Shall I?"


def _folder(request: Request, default: str = "") -> Path:
    roots = request.services.files.roots
    return roots.check_inside(roots.find_folder(request.slot("folder") or default))


def _query(request: Request) -> Query:
    since = until = None
    if when := request.slot("date"):
        since, until = period(when, request.services.clock.now())
    return Query(name=request.slot("filename"), kind=request.slot("kind"), since=since, until=until)


def _tell_found(request: Request, found: list[Found], nothing: str) -> Outcome:
    request.context.kept(FoundFiles).found = found
    if not found:
        return Outcome(nothing)
    now = request.services.clock.now()
    spoken = [
        f"{shown(f.name)} in {_name(f.path.parent)}, {_when(f.modified, now)}"
        for f in found[:SPOKEN_RESULTS]
    ]
    more = len(found) - SPOKEN_RESULTS
    tail = f"; and {more} more" if more > 0 else ""
    first = "I found one: " if len(found) == 1 else f"I found {len(found)}: "
    return Outcome(first + "; ".join(spoken) + tail + ". Say open it to open the first.")


def _when(moment: datetime, now: datetime) -> str:
    moment = moment.astimezone(now.tzinfo)
    days = (now.date() - moment.date()).days
    if days == 0:
        return f"today at {moment:%H:%M}"
    if days == 1:
        return "yesterday"
    year = "" if moment.year == now.year else f", {moment.year}"
    return f"on the {ordinal(moment.day)} of {moment:%B}{year}"


def _name(folder: Path) -> str:
    return shown(folder.name)


def _copies(count: int) -> str:
    return "copy" if count == 1 else "copies"


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    amount = float(size)
    for unit in ("KB", "MB", "GB"):
        amount /= 1024
        if amount < 1024 or unit == "GB":
            break
    return f"{amount:.1f} {unit}"
