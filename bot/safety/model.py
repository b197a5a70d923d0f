"""A learned second opinion for the screener: a linear model over character and word n-grams
of the folded text, which recognises paraphrases the hand-written meanings have not seen.

Pure and small: the weights ship as `model.json.gz` beside this file, written by
`bench/train_safety_model.py` from the *tuning* evaluation sets only (never the held-out
part). Inference needs no library: TF-IDF (sublinear, L2 per block) and a softmax.
"""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from operator import mul
from pathlib import Path

from bot.language.lemmas import expand
from bot.language.text import words

MODEL_FILE = Path(__file__).with_name("model.json.gz")
NONE = "none"
_REMEMBERED = 4  # a feature's term is kept for counts up to this in one text (nearly all)


def folded(text: str) -> list[str]:
    """The words the model reads: folded, chat spelling written out."""
    return expand(words(text))


def char_features(text: str) -> list[str]:
    """Character 3-5-grams inside each word, the word padded with spaces (as 'char_wb')."""
    return _char_grams(folded(text))


def word_features(text: str) -> list[str]:
    """Words and word pairs."""
    return _word_grams(folded(text))


def _char_grams(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for word in tokens:
        out += _grams_of(word)
    return out


@lru_cache(maxsize=4096)  # students' words come back: each word's grams worked out once
def _grams_of(word: str) -> tuple[str, ...]:
    out: list[str] = []
    padded = f" {word} "
    for n in (3, 4, 5):
        if len(padded) < n:
            out.append(padded)
            break
        out.extend(padded[i:i + n] for i in range(len(padded) - n + 1))
    return tuple(out)


def _word_grams(tokens: list[str]) -> list[str]:
    return tokens + [f"{a} {b}" for a, b in pairwise(tokens)]


FEATURES = (char_features, word_features)
_GRAMS = (_char_grams, _word_grams)  # the same, from words folded once


@dataclass(frozen=True)
class Model:
    classes: tuple[str, ...]
    intercepts: tuple[float, ...]
    # per feature block: feature -> (idf, weight per class)
    blocks: tuple[Mapping[str, tuple[float, tuple[float, ...]]], ...]
    trained_on: Mapping[str, str] = field(default_factory=dict)  # file name -> sha256

    # per feature block, per count in a text (1 to _REMEMBERED): feature -> its value and its
    # weights times that value, kept as features are first seen with that count
    _terms: tuple[tuple[dict[str, tuple[float, tuple[float, ...]]], ...], ...] = field(
        init=False, repr=False, compare=False,
        default_factory=lambda: tuple(tuple({} for _ in range(_REMEMBERED + 1)) for _ in _GRAMS))

    def probabilities(self, text: str) -> dict[str, float]:
        scores = list(self.intercepts)
        tokens = folded(text)
        for block, remembered, grams in zip(self.blocks, self._terms, _GRAMS, strict=True):
            values: list[float] = []
            terms: list[tuple[float, ...]] = []  # per feature: weight * value, per class
            for feature, n in Counter(grams(tokens)).items():
                kept = remembered[n] if n <= _REMEMBERED else None
                known = kept.get(feature) if kept is not None else None
                if known is None:
                    entry = block.get(feature)
                    if entry is None:
                        continue
                    idf, weights = entry
                    value = (1 + math.log(n)) * idf
                    known = (value, tuple(w * value for w in weights))
                    if kept is not None:
                        kept[feature] = known
                values.append(known[0])
                terms.append(known[1])
            norm = math.sqrt(sum(map(mul, values, values))) or 1.0
            # Class by class, the features in the order they came: the same additions as
            # `scores[k] += w * value / norm` feature by feature, so the same floats.
            for k, column in enumerate(zip(*terms, strict=True)):
                score = scores[k]
                for term_k in column:
                    score += term_k / norm
                scores[k] = score
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps, strict=True)}

    def to_json(self) -> dict[str, object]:
        return {"classes": list(self.classes), "intercepts": list(self.intercepts),
                "trained_on": dict(self.trained_on),
                "blocks": [{f: [round(idf, 4), *[round(w, 4) for w in ws]]
                            for f, (idf, ws) in block.items()} for block in self.blocks]}

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Model:
        blocks = tuple({f: (float(v[0]), tuple(float(w) for w in v[1:]))
                        for f, v in block.items()}
                       for block in data["blocks"])  # type: ignore[attr-defined]
        return cls(tuple(data["classes"]), tuple(data["intercepts"]),  # type: ignore[arg-type]
                   blocks, dict(data.get("trained_on", {})))  # type: ignore[call-overload]


def save(model: Model, path: Path = MODEL_FILE) -> None:
    """Write the model; the same model gives the same bytes (no time in the gzip header)."""
    data = json.dumps(model.to_json(), ensure_ascii=False, separators=(",", ":"),
                      sort_keys=True).encode()
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as file:
        file.write(data)


@lru_cache(maxsize=2)
def load(path: Path = MODEL_FILE) -> Model | None:
    """The shipped model, or None when there is none (the meanings then work alone)."""
    if not path.exists():
        return None
    with gzip.open(path, "rt", encoding="utf-8") as file:
        return Model.from_json(json.load(file))


def kinds_above(probabilities: Mapping[str, float], threshold: float,
                kinds: Iterable[str]) -> list[str]:
    """Kinds whose probability reaches `threshold`, together counted for the level: the
    classes of one level add up ('suicidal' 0.5 + 'self_harm' 0.4 is an urgent 0.9)."""
    wanted = [k for k in kinds if k in probabilities]
    if sum(probabilities[k] for k in wanted) < threshold:
        return []
    return [max(wanted, key=lambda k: probabilities[k])]
