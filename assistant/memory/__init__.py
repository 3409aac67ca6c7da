"""The assistant's memory: one SQLite file in the data folder."""

from assistant.store.database import MemoryStore

__all__ = ["MemoryStore"]
