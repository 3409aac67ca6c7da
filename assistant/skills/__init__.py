"""Skills: one small module per domain, each registering the intents it handles."""

import importlib
import pkgutil

from assistant.skills.base import REGISTRY, Registry, Request, Services, Skill

__all__ = ["REGISTRY", "Registry", "Request", "Services", "Skill", "load_skills"]

_NOT_SKILL_MODULES = {"base"}


def load_skills() -> Registry:
    """Import every skill module in this package, so each registers its intents."""
    for module in pkgutil.iter_modules(__path__):
        if module.name not in _NOT_SKILL_MODULES:
            importlib.import_module(f"{__name__}.{module.name}")
    return REGISTRY
