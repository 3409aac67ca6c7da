"""Understanding: sentence templates in, intents and slots out."""

from assistant.intents.matcher import Matcher, Understanding

__all__ = ["Matcher", "Understanding"]
