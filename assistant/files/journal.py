"""The journal: every change to files is written down before it is made, and can be reversed.

An operation is first noted as being saved; its steps are then stored, all of them, in one
transaction that also marks it ready, before the first is carried out. A plan cut short while
it was saved is dropped at the next start (nothing had moved). Steps are done in order and
marked done in batches. Because each step can tell from the disk how far it got (``mover``), an
operation cut short by a crash is simply run again from its first unmarked step: at start-up it
is finished, or, if it was being undone, the undo is.

Saving, carrying out, undoing and recovering all hold the data folder's lock, so a second
process never takes over an operation that a live one is doing.
"""

import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, cast

from assistant.clock import Clock
from assistant.data_lock import BUSY_ELSEWHERE, DataFolderLock
from assistant.errors import SkillError
from assistant.files import mover
from assistant.files.mover import FileIdentity, Result
from assistant.store.database import MemoryStore

_LOGGER = logging.getLogger(__name__)

MARK_EVERY = 200
"""Steps done between two writes to the journal (and two progress reports)."""

Progress = Callable[[int, int], None]
Row = dict[str, Any]
UNDO_HINT = "Say undo to put back what I moved."
RUNNING_ELSEWHERE = (
    "Another copy of me is changing files from this data folder right now; "
    "I've left what it is doing to it."
)
ACTION_WORDS = {
    "files.organise": "organising a folder",
    "files.duplicates": "moving duplicate files to the Trash",
}


_IDENTITY = "device, inode, size, mtime_ns"
"""The steps' columns that say which file a step is about."""


class StepKind(StrEnum):
    """What one step does."""

    MAKE_FOLDER = "make_folder"
    MOVE = "move"
    TRASH = "trash"


class OperationState(StrEnum):
    """Where an operation is in its life."""

    SAVING = "saving"
    """Its steps are being stored; none is carried out until all are."""
    DROPPED = "dropped"
    """Cut short while it was saved, so dropped with nothing done."""
    APPLYING = "applying"
    APPLIED = "applied"
    UNDOING = "undoing"
    UNDONE = "undone"


@dataclass(frozen=True)
class Step:
    """One change: make a folder, move a file, or move a file to the Trash."""

    kind: StepKind
    """What it does."""
    source: str
    """The file moved (or the folder made). Paths are kept as text: plans can be huge."""
    target: str | None = None
    """Where the file goes (moves only)."""
    identity: FileIdentity | None = None
    """The file planned (moves and trashing): only it is ever moved, forwards or back."""


@dataclass(frozen=True)
class Report:
    """What happened to the steps of an operation (forwards or backwards)."""

    operation: int
    """The operation's id in the journal."""
    summary: str
    """The operation, as it was read back to the user."""
    results: Counter[Result]
    """How many steps ended each way (folders made or removed not counted)."""

    @property
    def done(self) -> int:
        """Steps carried out."""
        return self.results[Result.DONE]

    def problems(self) -> str:
        """The files that could not be handled, in a sentence (empty when there were none)."""
        parts = []
        if missing := self.results[Result.MISSING]:
            parts.append(f"{missing} had gone before I got to {_them(missing)}")
        if clashes := self.results[Result.CONFLICT]:
            parts.append(f"{clashes} I left alone because another file has that name")
        if changed := self.results[Result.CHANGED]:
            parts.append(
                f"{changed} I left alone because another file had taken {_its(changed)} name"
            )
        if refused := self.results[Result.REFUSED]:
            parts.append(
                f"{refused} I left alone because the folder for {_them(refused)} "
                "is a link to somewhere else"
            )
        return "; ".join(parts) + "." if parts else ""


class Journal:
    """The write-ahead journal of file operations, in the memory database."""

    def __init__(self, store: MemoryStore, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        self.lock = DataFolderLock(store.path.parent)

    def record(self, action: str, summary: str, steps: Iterable[Step]) -> int:
        """Write an operation and all its steps, before any of them is carried out.

        The operation is noted first as being saved; the steps and the mark that they are all
        there are one transaction, so a crash never leaves part of a plan ready to carry out.
        """
        with self.lock.held():
            operation = self._note_saving(action, summary)
            with self.store.transaction() as db:
                db.conn.executemany(
                    f"insert into steps (operation, seq, kind, source, target, state, {_IDENTITY})"  # noqa: S608 - a literal
                    " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (_step_row(operation, seq, step) for seq, step in enumerate(steps)),
                )
                db.table("operations").update(operation, {"state": OperationState.APPLYING})
        return operation

    def _note_saving(self, action: str, summary: str) -> int:
        with self.store.transaction() as db:
            operations = db.table("operations")
            operations.insert(
                {
                    "action": action,
                    "summary": summary,
                    "state": OperationState.SAVING,
                    "at": self.clock.now().isoformat(),
                }
            )
            return int(cast(int, operations.last_pk))

    def apply(self, operation: int, progress: Progress | None = None) -> Report:
        """Carry out an operation's remaining steps, in order."""
        with self.lock.held():
            return self._run(operation, forwards=True, progress=progress)

    def undo(self, operation: int, progress: Progress | None = None) -> Report:
        """Reverse an operation's steps, newest first."""
        with self.lock.held():
            self._set_state(operation, OperationState.UNDOING)
            return self._run(operation, forwards=False, progress=progress)

    def last_undoable(self) -> tuple[int, str] | None:
        """The newest operation that was carried out and not yet undone, and when."""
        rows = self._query(
            "select id, at from operations where state = ? order by id desc limit 1",
            [OperationState.APPLIED],
        )
        return (int(rows[0]["id"]), str(rows[0]["at"])) if rows else None

    def describe(self, operation: int) -> tuple[str, str]:
        """An operation's action and its summary as read back."""
        rows = self._query("select action, summary from operations where id = ?", [operation])
        if not rows:
            raise SkillError("journal-unknown", "I have no record of that.")
        return str(rows[0]["action"]), str(rows[0]["summary"])

    def recover(self) -> list[str]:
        """Finish whatever a crash cut short; one sentence per operation, saying what was done.

        A plan cut short while it was saved is dropped instead. While another live process
        holds the data folder's lock, its operations are its own: nothing is touched.
        """
        try:
            with self.lock.held(wait_seconds=0):
                return [self._recover_one(row) for row in self._unfinished()]
        except SkillError as error:
            if error.code != BUSY_ELSEWHERE:
                raise
            return [RUNNING_ELSEWHERE] if self._unfinished() else []

    def _unfinished(self) -> list[Row]:
        return self._query(
            "select id, action, state from operations where state in (?, ?, ?) order by id",
            [OperationState.SAVING, OperationState.APPLYING, OperationState.UNDOING],
        )

    def _recover_one(self, row: Row) -> str:
        if row["state"] == OperationState.SAVING:
            self._drop(row["id"])
            return _dropped_notice(row["action"])
        forwards = row["state"] == OperationState.APPLYING
        report = self._run(row["id"], forwards=forwards, progress=None)
        return _recovery_notice(row["action"], forwards, report)

    def _drop(self, operation: int) -> None:
        with self.store.transaction() as db:
            db.execute("delete from steps where operation = ?", [operation])
            db.table("operations").update(operation, {"state": OperationState.DROPPED})

    def _run(self, operation: int, forwards: bool, progress: Progress | None) -> Report:
        summary, steps = self._load(operation, forwards)
        results: Counter[Result] = Counter()
        marks: list[tuple[str, int]] = []
        try:
            for number, (seq, step) in enumerate(steps, start=1):
                result = self._carry_out(operation, seq, step, forwards)
                if step.kind is not StepKind.MAKE_FOLDER:
                    results[result] += 1
                marks.append((_mark(forwards, result), seq))
                if len(marks) >= MARK_EVERY:
                    self._mark(operation, marks)
                    marks = []
                    if progress:
                        progress(number, len(steps))
        except SkillError:
            self._mark(operation, marks)
            self._set_state(operation, OperationState.APPLIED)
            raise
        self._mark(operation, marks)
        finished = OperationState.APPLIED if forwards else OperationState.UNDONE
        self._set_state(operation, finished)
        if progress:
            progress(len(steps), len(steps))
        return Report(operation, summary, results)

    def _carry_out(self, operation: int, seq: int, step: Step, forwards: bool) -> Result:
        """One step; a target name taken since the plan was made gets a number instead."""
        result = _carry_out(step, forwards)
        if result is not Result.TAKEN:
            return result
        if not forwards:
            return Result.CONFLICT
        return _carry_out(self._retarget(operation, seq, step), forwards)

    def _retarget(self, operation: int, seq: int, step: Step) -> Step:
        """The step with a free numbered name, written down before the move is made."""
        taken = _target(step)
        target = str(mover.free_name(taken.parent, taken.name))
        with self.store.transaction() as db:
            db.execute(
                "update steps set target = ? where operation = ? and seq = ?",
                [os.fsencode(target), operation, seq],
            )
        return replace(step, target=target)

    def _load(self, operation: int, forwards: bool) -> tuple[str, list[tuple[int, Step]]]:
        _, summary = self.describe(operation)
        waiting = "pending" if forwards else "done"
        order = "asc" if forwards else "desc"
        steps = self._query(
            f"select seq, kind, source, target, {_IDENTITY} from steps "  # noqa: S608 - literals
            f"where operation = ? and state = ? "
            f"order by seq {order}",
            [operation, waiting],
        )
        return summary, [(row["seq"], _step(row)) for row in steps]

    def _mark(self, operation: int, marks: list[tuple[str, int]]) -> None:
        if not marks:
            return
        with self.store.transaction() as db:
            db.conn.executemany(
                "update steps set state = ? where operation = ? and seq = ?",
                [(state, operation, seq) for state, seq in marks],
            )

    def _set_state(self, operation: int, state: OperationState) -> None:
        with self.store.transaction() as db:
            db.table("operations").update(operation, {"state": state})

    def _query(self, sql: str, params: list[object]) -> list[Row]:
        with self.store.reading() as db:
            return list(db.query(sql, params))


def _carry_out(step: Step, forwards: bool) -> Result:
    try:
        return _STEP_ACTIONS[step.kind][0 if forwards else 1](step)
    except OSError as error:
        _LOGGER.warning("A step failed: %s %s: %s", step.kind, step.source, error)
        raise SkillError("files-step-failed", _step_failure(step, error)) from error


def _step_failure(step: Step, error: OSError) -> str:
    name = os.fsencode(os.path.basename(step.source)).decode("utf-8", "replace")
    if error.errno == 28:
        return f"The disk is full, so I stopped at {name}. {UNDO_HINT}"
    if isinstance(error, PermissionError):
        return f"I'm not allowed to change {name}, so I stopped there. {UNDO_HINT}"
    return f"I couldn't move {name}, so I stopped there. {UNDO_HINT}"


_STEP_ACTIONS: dict[StepKind, tuple[Callable[[Step], Result], Callable[[Step], Result]]] = {
    StepKind.MAKE_FOLDER: (
        lambda s: mover.make_folder(Path(s.source)),
        lambda s: mover.remove_folder_if_empty(Path(s.source)),
    ),
    StepKind.MOVE: (
        lambda s: mover.move_file(Path(s.source), _target(s), s.identity),
        lambda s: mover.move_file(_target(s), Path(s.source), s.identity),
    ),
    StepKind.TRASH: (
        lambda s: mover.trash_file(Path(s.source), s.identity),
        lambda s: mover.restore_from_trash(Path(s.source), s.identity),
    ),
}


def _target(step: Step) -> Path:
    assert step.target is not None
    return Path(step.target)


def _mark(forwards: bool, result: Result) -> str:
    if not forwards:
        return "undone"
    return "done" if result is Result.DONE else str(result)


def _step_row(operation: int, seq: int, step: Step) -> tuple[object, ...]:
    target = os.fsencode(step.target) if step.target else None
    known = step.identity
    identity = (known.device, known.inode, known.size, known.mtime_ns) if known else (None,) * 4
    return (operation, seq, str(step.kind), os.fsencode(step.source), target, "pending", *identity)


def _step(row: Row) -> Step:
    target = row["target"]
    return Step(
        StepKind(str(row["kind"])),
        os.fsdecode(_bytes(row["source"])),
        os.fsdecode(_bytes(target)) if target else None,
        _identity(row),
    )


def _identity(row: Row) -> FileIdentity | None:
    """The file a step is about, as planned; ``None`` for a step journaled before this was kept."""
    if row["inode"] is None:
        return None
    return FileIdentity(row["device"], row["inode"], row["size"], row["mtime_ns"])


def _bytes(value: object) -> bytes:
    assert isinstance(value, bytes)
    return value


def _them(count: int) -> str:
    return "it" if count == 1 else "them"


def _its(count: int) -> str:
    return "its" if count == 1 else "their"


def _dropped_notice(action: str) -> str:
    doing = ACTION_WORDS.get(action, "changing your files")
    return (
        f"I was stopped while getting ready for {doing}, before anything was moved, "
        "so I've dropped that plan. Ask me again if you still want it."
    )


def _recovery_notice(action: str, forwards: bool, report: Report) -> str:
    doing = ACTION_WORDS.get(action, "changing your files")
    if forwards:
        return (
            f"I was stopped part way through {doing}. I've finished it now "
            f"({report.done} files in place). Say undo if you'd rather have it all back."
        )
    return f"I was stopped while undoing {doing}. I've finished putting everything back."
