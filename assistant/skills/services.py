"""What skills may use: the services, passed in with each request."""

import random
from collections.abc import Callable
from dataclasses import dataclass

from assistant.calendar.service import Calendars
from assistant.clock import Clock
from assistant.config import Settings
from assistant.files.service import FileService
from assistant.mail.service import MailService
from assistant.memory.everything import Memory
from assistant.persona import Persona
from assistant.persona.identity import Identity
from assistant.store.database import MemoryStore


@dataclass(frozen=True)
class Services:
    """What skills may use; passed in, never looked up globally."""

    store: MemoryStore
    """The memory database."""
    persona: Persona
    """Phrasings in the assistant's own voice."""
    identity: Identity
    """The assistant's name."""
    clock: Clock
    """The local time."""
    rng: random.Random
    """Chooses among phrasings; seeded in tests."""
    files: FileService
    """The allowed folders, the file index and the journal."""
    memory: Memory
    """Facts about the user, the conversations, and reminders."""
    mail: MailService
    """The mail accounts, the header cache and the mail journal."""
    settings: Callable[[], Settings] = Settings
    """The settings as they are now (the user may change them while it runs)."""
    calendars: Calendars | None = None
    """The user's calendars (read only), when there is a store for them."""

    def say(self, kind: str, **fields: object) -> str:
        """One phrasing of ``kind`` in the assistant's voice."""
        return self.persona.say(kind, self.rng, name=self.identity.name, **fields)
