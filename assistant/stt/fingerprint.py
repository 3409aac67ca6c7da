"""What a grammar is built from, in a few bytes: two grammar specs with the same fingerprint give
the same grammar, so several rooms' recognisers can share one build.

The templates are deeply nested (a sentence of alternatives of sequences ...), too deep to compare
with ``==``, so the fingerprint walks them with a stack of its own. An object met twice (a shared
slot list) is hashed once and then referred to by the order it was first met in.
"""

import dataclasses
import enum
import hashlib
from collections.abc import Mapping
from typing import Any

_ATOMS = (str, int, float, bool, type(None), bytes, enum.Enum)


def fingerprint(root: object) -> str:
    """A digest of ``root``'s whole content: its types, fields, items and values."""
    digest = hashlib.blake2b(digest_size=16)
    seen: dict[int, int] = {}
    stack: list[object] = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, _ATOMS):
            digest.update(repr(item).encode() + b"\0")
        elif id(item) in seen:
            digest.update(b"@%d" % seen[id(item)])
        else:
            seen[id(item)] = len(seen)
            digest.update(type(item).__qualname__.encode() + b"\0")
            stack.extend(_parts(item))
    return digest.hexdigest()


def _parts(item: Any) -> list[object]:
    """What ``item`` holds, in a fixed order (its length first, for sequences)."""
    if isinstance(item, Mapping):
        return [part for key in sorted(item, key=repr) for part in (key, item[key])]
    if isinstance(item, list | tuple):
        return [len(item), *item]
    if isinstance(item, set | frozenset):
        return sorted(item, key=repr)
    if dataclasses.is_dataclass(item):
        return [getattr(item, field.name) for field in dataclasses.fields(item)]
    if hasattr(item, "__dict__"):
        return _parts(vars(item))
    return [repr(item)]
