"""Train the screener's learned second opinion (bot/safety/model.json.gz) on the *tuning*
safety sets only; the held-out set is never read here.

    .venv/bin/pip install scikit-learn     # only for training; the bot does not need it
    .venv/bin/python bench/train_safety_model.py          # train and write the model
    .venv/bin/python bench/train_safety_model.py --cv     # also: each tuning file left out once

With --cv each tuning file (each written by another author) is predicted by a model trained
on the others: how the model does on sentences phrased unlike its training, alone and
together with the hand-written meanings, per threshold.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.safety.model import FEATURES, MODEL_FILE, NONE, Model, save  # noqa: E402

C = 10.0  # inverse regularisation, chosen with --cv
PRUNE = 0.02  # weights smaller than this in every class are dropped (a smaller file)


def tuning_sets() -> dict[str, list[dict[str, Any]]]:
    found = sorted((ROOT / "tests" / "eval").glob("safety_tuning*.yaml"))
    return {path.name: yaml.safe_load(path.read_text(encoding="utf-8")) for path in found}


def ordinary_answers() -> dict[str, list[dict[str, Any]]]:
    """Everyday answers from the listening and action tuning sets, as 'none': what students
    mostly write. Answers the hand-written rules flag (a doubt, a wish to quit) are left out,
    so a real concern is never taught as harmless."""
    from bot.app import load_content
    from bot.config import Settings

    content = load_content(Settings(flows_dir=ROOT / "dialogue_flows",
                                    prompts_dir=ROOT / "prompts", school_dir=ROOT / "school"))
    screener = content.engine.screener
    assert screener is not None
    found: dict[str, list[dict[str, Any]]] = {}
    for pattern in ("listening_tuning*.yaml", "actions_tuning*.yaml"):
        for path in sorted((ROOT / "tests" / "eval").glob(pattern)):
            items = yaml.safe_load(path.read_text(encoding="utf-8"))
            texts = [i["text"] if isinstance(i, dict) else str(i) for i in items]
            found[path.name] = [{"text": t, "level": "none", "kind": "ordinary"} for t in texts
                                if not screener.meanings_and_phrases(t)]
    return found


def fingerprint(name: str) -> str:
    return hashlib.sha256((ROOT / "tests" / "eval" / name).read_bytes()).hexdigest()


def label(item: dict[str, Any]) -> str:
    return str(item["kind"]) if item["level"] != "none" else NONE


def fit(items: list[dict[str, Any]], trained_on: dict[str, str] | None = None) -> Model:
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = [item["text"] for item in items]
    vectorizers = [TfidfVectorizer(analyzer=extract, sublinear_tf=True, min_df=2)
                   for extract in FEATURES]
    matrix = hstack([v.fit_transform(texts) for v in vectorizers]).tocsr()
    classifier = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
    classifier.fit(matrix, [label(item) for item in items])
    coef = classifier.coef_
    blocks = []
    offset = 0
    for vectorizer in vectorizers:
        block = {}
        for feature, column in vectorizer.vocabulary_.items():
            weights = coef[:, offset + column]
            if abs(weights).max() >= PRUNE:
                block[feature] = (float(vectorizer.idf_[column]),
                                  tuple(float(w) for w in weights))
        blocks.append(block)
        offset += len(vectorizer.vocabulary_)
    return Model(tuple(str(c) for c in classifier.classes_),
                 tuple(float(b) for b in classifier.intercept_), tuple(blocks),
                 trained_on or {})


def cross_validate(sets: dict[str, list[dict[str, Any]]],
                   ordinary: dict[str, list[dict[str, Any]]]) -> None:
    from bot.app import load_content
    from bot.config import Settings
    from bot.safety.screening import Screener

    content = load_content(Settings(flows_dir=ROOT / "dialogue_flows",
                                    prompts_dir=ROOT / "prompts", school_dir=ROOT / "school"))
    shipped = content.engine.screener
    assert shipped is not None
    thresholds = (0.6, 0.7, 0.8, 0.85, 0.9, 0.95)
    rows = []
    for held, items in sets.items():
        fold = Screener(shipped.rules, shipped.defaults, fit(
            [i for name, rest in sets.items() if name != held for i in rest]
            + [i for rest in ordinary.values() for i in rest]))
        for item in items:
            meanings = any(h.level == "urgent" for h in fold.meanings_and_phrases(item["text"]))
            with_model = []
            for threshold in thresholds:
                fold.urgent_threshold = threshold
                with_model.append(any(h.level == "urgent" for h in fold.screen(item["text"])))
            rows.append((item["level"], meanings, with_model))
        print(f"  left out {held}: {len(items)} sentences")
    urgent = [r for r in rows if r[0] == "urgent"]
    harmless = [r for r in rows if r[0] == "none"]
    # Ordinary answers: each file left out of the training once.
    everyday = 0
    for held, items in ordinary.items():
        fold = Screener(shipped.rules, shipped.defaults, fit(
            [i for rest in sets.values() for i in rest]
            + [i for name, rest in ordinary.items() if name != held for i in rest]))
        everyday += sum(any(h.level == "urgent" for h in fold.screen(i["text"])) for i in items)
    total = sum(len(items) for items in ordinary.values())
    print(f"ordinary answers flagged urgent (each file left out once): {everyday}/{total}")
    print(f"meanings alone: recall {sum(r[1] for r in urgent) / len(urgent):.1%}, false alarms "
          f"{sum(r[1] for r in harmless) / len(harmless):.1%} (tuned on these very files)")
    for k, threshold in enumerate(thresholds):
        print(f"threshold {threshold:.2f}: with the model recall "
              f"{sum(r[2][k] for r in urgent) / len(urgent):.1%}, false alarms "
              f"{sum(r[2][k] for r in harmless) / len(harmless):.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cv", action="store_true", help="Leave each tuning file out once.")
    args = parser.parse_args()
    sets = tuning_sets()
    ordinary = ordinary_answers()
    items = [item for rest in (*sets.values(), *ordinary.values()) for item in rest]
    if args.cv:
        cross_validate(sets, ordinary)
    model = fit(items, {name: fingerprint(name) for name in (*sets, *ordinary)})
    save(model)
    size = MODEL_FILE.stat().st_size
    features = sum(len(block) for block in model.blocks)
    print(f"trained on {len(items)} sentences from {len(sets)} safety tuning files and "
          f"{len(ordinary)} files of ordinary answers: {features} features, "
          f"{len(model.classes)} classes; wrote {MODEL_FILE.relative_to(ROOT)} ({size // 1024} KB)")


if __name__ == "__main__":
    main()
