"""The assistant's memory: one SQLite file in the data folder."""

from assistant.memory.store import MemoryStore

__all__ = ["MemoryStore"]
