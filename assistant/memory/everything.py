"""All that the assistant knows about its user, together: to use, to export, and to wipe."""

from dataclasses import dataclass
from typing import Any

from assistant.memory.conversation import Conversations
from assistant.memory.facts import FactBook
from assistant.memory.feelings import Feelings
from assistant.memory.people import MailShows, People, no_mail
from assistant.memory.reminders import Reminders
from assistant.store.database import MemoryStore

USER_TABLES = ("facts", "people", "reminders", "turns", "feelings")
"""What ``memory forget --all`` wipes. The assistant's own name, the settings and the file
journal (which ``undo`` needs to put files back) stay."""


@dataclass(frozen=True)
class Memory:
    """Facts, conversations and reminders, over one memory database."""

    store: MemoryStore
    facts: FactBook
    conversations: Conversations
    reminders: Reminders
    feelings: Feelings
    people: People

    @classmethod
    def on(cls, store: MemoryStore, mail_shows: MailShows = no_mail) -> "Memory":
        """The memory kept in ``store``; ``mail_shows`` tells who the user's mail shows."""
        return cls(
            store,
            FactBook(store),
            Conversations(store),
            Reminders(store),
            Feelings(store),
            People(store, mail_shows),
        )

    def export(self) -> dict[str, Any]:
        """Everything it knows about the user, as plain data (for JSON)."""
        with self.store.transaction() as db:
            return {table: list(db.table(table).rows) for table in USER_TABLES}

    def counts(self) -> dict[str, int]:
        """How many rows each kind of memory holds."""
        with self.store.transaction() as db:
            return {table: db.table(table).count for table in USER_TABLES}

    def wipe(self) -> None:
        """Forget everything about the user, for good."""
        with self.store.transaction() as db:
            for table in USER_TABLES:
                db.execute(f"delete from {table}")
        self.store.purge_deleted()
