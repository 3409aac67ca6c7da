"""Train the learned step of understanding and write what the assistant ships.

    scripts/train_understanding [--corpus FOLDER]

1. Reads the corpus (``assistant/intents/corpus/en``: one file an intent, and what the
   assistant does not do in ``not_understood.*.txt``).
2. Five-fold cross-validation: each line is given an intent by a model trained on the other
   four folds. From those held-out answers it chooses the bar ``accept`` for each kind of
   intent (conversation, telling, asking first) together: they reject at least
   ``ACCEPT_REJECTION`` of the lines for no intent and place as many of the rest as they can.
   The higher bar for intents that change things is ``CHANGING_FLOOR``.
3. Trains on every line and writes ``assistant/intents/model/en.npz`` (the weights, half
   precision) and ``en.json`` (the corpus's SHA-256, the thresholds, the held-out figures).
4. Trains on every fold but ``HELD_OUT_FOLD`` and writes that model to
   ``tests/fixtures/understanding/``: the test measures it on the fold it never saw.

Runs in about a minute on two cores; nothing is trained when the assistant runs.
"""

import argparse
import json
import sys
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import sklearn
from understanding_model import (
    ACCEPT_REJECTION,
    STRENGTH,
    HeldOut,
    accepted,
    corpus_words,
    cross_validated,
    fit,
    rejection_at,
    thresholds_for,
)

from assistant.intents.corpus import (
    CORPUS_DIR,
    FOLDS,
    HELD_OUT_FOLD,
    NOT_UNDERSTOOD,
    corpus_hash,
    fold_of,
    read_corpus,
)
from assistant.intents.learned import MODEL_DIR, Thresholds

ROOT = Path(__file__).resolve().parent.parent
SPLIT_DIR = ROOT / "tests" / "fixtures" / "understanding"
"""Where the model trained without the held-out fold goes, for the test that measures it."""


def main() -> None:
    options = _options()
    folder = Path(options.corpus)
    started = time.perf_counter()
    examples = read_corpus("en", folder)
    if not examples:
        sys.exit(f"No corpus in {folder / 'en'}.")
    held = cross_validated(examples)
    thresholds = thresholds_for(held, ACCEPT_REJECTION)
    about = {
        "corpus_sha256": corpus_hash("en", folder),
        "thresholds": asdict(thresholds),
        "held_out": _figures(held, thresholds),
        "lines": len(examples),
        "folds": FOLDS,
        "strength": STRENGTH,
        "scikit_learn": sklearn.__version__,
        "trained": datetime.now(UTC).strftime("%Y-%m-%d"),
        "words": sorted(corpus_words(examples)),
    }
    _write(MODEL_DIR, examples, about)
    train = [e for e in examples if fold_of(e.text) != HELD_OUT_FOLD]
    _write(SPLIT_DIR, train, {**about, "held_out_fold": HELD_OUT_FOLD})
    print(json.dumps({k: v for k, v in about.items() if k != "words"}, indent=2))
    print(f"Trained in {time.perf_counter() - started:.0f} s.")


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(CORPUS_DIR), help="the corpus folder")
    return parser.parse_args()


def _figures(held: HeldOut, thresholds: Thresholds) -> dict[str, float]:
    inside = np.asarray([e.intent != NOT_UNDERSTOOD for e in held.examples])
    right = np.asarray([b == e.intent for b, e in zip(held.best, held.examples, strict=True)])
    named = accepted(held, thresholds)
    return {
        "in_domain_right": round(float((right & named)[inside].mean()), 4),
        "rejected": round(rejection_at(held, thresholds), 4),
    }


def _write(folder: Path, examples: list, about: dict[str, object]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    fit(examples).save(folder / "en.npz")
    text = json.dumps(about, indent=2, sort_keys=True) + "\n"
    (folder / "en.json").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
