"""An offline, voice-first desktop companion.

The core never imports Qt: the window in ``ui/`` subscribes to the event bus.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("assistant")
except PackageNotFoundError:  # pragma: no cover - running from a plain checkout
    __version__ = "0.0.0"

__all__ = ["__version__"]
