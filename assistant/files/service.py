"""Files, as the skills see them: the allowed folders, the index, plans and the journal."""

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from assistant.clock import Clock
from assistant.config import Settings
from assistant.errors import SkillError
from assistant.files.index import FileIndex, Found, Query
from assistant.files.journal import Journal
from assistant.files.kinds import FOLDER_FOR_KIND
from assistant.files.plans import OrganiseRules
from assistant.files.roots import Roots
from assistant.store.database import MemoryStore


class FileService:
    """Everything about files that outlives one turn."""

    def __init__(self, store: MemoryStore, clock: Clock, settings: Callable[[], Settings]) -> None:
        self.index = FileIndex(store)
        self.journal = Journal(store, clock)
        self._settings = settings

    @property
    def roots(self) -> Roots:
        """The allowed folders, as the settings say now."""
        return Roots(self._settings().allowed_folders)

    def rules(self) -> OrganiseRules:
        """How to organise, from the defaults and the user's changes."""
        settings = self._settings()
        folders = dict(FOLDER_FOR_KIND)
        for rule in settings.organise_folders:
            kind, _, folder = rule.partition("=")
            if folder.strip():
                folders[kind.strip()] = folder.strip()
            else:
                folders.pop(kind.strip(), None)
        return OrganiseRules(folders, settings.organise_by_date_over)

    def find(self, query: Query, within: Path | None = None, limit: int = 10) -> list[Found]:
        """Files matching ``query`` in one folder (if given) or all the allowed ones."""
        places = [within] if within is not None else self.roots.existing()
        for place in places:
            self.index.refresh(place)
        return self.index.search(places, query, limit)

    def last_undoable(self) -> tuple[int, str] | None:
        """The newest operation that can still be undone, even from before a restart, with
        when it was done."""
        return self.journal.last_undoable()

    def open(self, path: Path) -> None:
        """Open ``path`` with the desktop's default application (or the chosen program)."""
        self.roots.check_inside(path)
        if not path.exists():
            raise SkillError("file-gone", f"{path.name} isn't there any more.")
        program = self._settings().open_with or "xdg-open"
        if shutil.which(program) is None:
            raise SkillError(
                "no-opener",
                f"I can't open files here: {program} isn't installed. Choose another program "
                "with open_with in my settings.",
            )
        subprocess.Popen(  # noqa: S603 - a program the user chose, given one existing file
            [program, str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
