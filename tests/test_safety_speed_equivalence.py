"""The fast screening answers exactly as the plain one: the prefilter that skips regex searches
(bot/safety/meanings/prefilter.py), the model's sums, the index of the school's phrases and
the model asked only when it can flag something. Checked on the sentences of the tuning
evaluation sets (the plain way, which searches every pattern, on every other one, to keep the
test quick); a failure names the file and the item, never the text."""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import cache

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from bot.app import Content
from bot.safety.meanings import CONCERN_KINDS, MEANINGS, URGENT_KINDS, Message, reading_of
from bot.safety.meanings.part import ME_OBJECT
from bot.safety.meanings.prefilter import _SEARCHES, Search, plain, text_of, words_of
from bot.safety.model import FEATURES, Model, kinds_above
from bot.safety.screening import (
    CONCEPTS,
    CONCERN_THRESHOLD,
    SURE,
    WEAK_CONCEPTS,
    Hit,
    Screener,
    _hit,
    _similar,
)
from tests.conftest import ROOT

EVAL = ROOT / "tests" / "eval"


def _sentences() -> list[tuple[str, str]]:
    """(where, text) for every item of the tuning sets: safeguarding, listening, actions."""
    found = []
    for pattern in ("safety_tuning*.yaml", "listening_tuning*.yaml", "actions_tuning*.yaml"):
        for path in sorted(EVAL.glob(pattern)):
            for index, item in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))):
                found.append((f"{path.name}#{index}", item["text"]))
    return found


SENTENCES = _sentences()
SAMPLE = SENTENCES[::2]


def _clauses(text: str) -> list[tuple[bool, bool, bool, list[str]]]:
    """Per clause: idiom, someone else's story, first person, and every meaning rule that fires
    (all of them, not only the first of each kind)."""
    return [(part.idiom_or_question, part.about_others, part.first_person,
             [rule.name for rule in MEANINGS if rule.test(part)])
            for part in Message(reading_of(text)).parts]


def test_the_same_is_found_with_and_without_the_prefilter(content: Content) -> None:
    """Every meaning rule on every clause, and the whole screening."""
    screener = content.engine.screener
    assert screener is not None
    fast = [(_clauses(text), screener.screen(text)) for _, text in SAMPLE]
    with plain():
        slow = [(_clauses(text), screener.screen(text)) for _, text in SAMPLE]
    differ = [where for (where, _), a, b in zip(SAMPLE, fast, slow, strict=True) if a != b]
    assert not differ, differ[:10]
    assert sum(bool(rules) for clauses, _ in fast for *_, rules in clauses) > 500  # not vacuous


@cache
def _searches() -> list[Search]:
    """Every pattern the rules ask for (they are registered as they are first asked)."""
    for _, text in SAMPLE:
        _clauses(text)
    return list(_SEARCHES.values())


def test_no_pattern_is_skipped_where_it_matches() -> None:
    """Every pattern the rules asked for, against every clause and whole message: where the
    prefilter says 'cannot match', the regex finds nothing."""
    texts = set()
    for _, text in SENTENCES[::3]:
        message = Message(reading_of(text))
        texts.add(message.whole)
        texts.update(part.text for part in message.parts)
        texts.update(part.lemmas for part in message.parts)
    searches = _searches()
    assert len(searches) > 300
    wrong = [search.pattern.pattern[:60] for text in texts
             for words in [words_of(text)] for search in searches
             if not search.possible(text, words) and search.pattern.search(text)]
    assert not wrong, wrong[:5]


_TOKENS = ["ik", "i", "me", "mij", "mn", "mijn", "niet", "nie", "wil", "dood", "leven", "meer",
           "zelfmoord", "slaat", "sloeg", "hij", "ze", "chef", "baas", "aan", "zat", "stage",
           "stoppen", "pijn", "mezelf", "kill", "myself", "end", "it", "all", "zonder", "helm",
           "10", "uur", "16", "jaar", "foto's", "don't", "i'm", "e-mail", "|", "'s", "nachts",
           "doodmoe", "afscheidsbrief", "kilo", "gas", "x", "é", "ß", "kapot", "gepest"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=12),
       st.lists(st.sampled_from(["", " ", "  ", ",", ".", "-", "'"]), max_size=12))
def test_no_pattern_is_skipped_where_it_matches_in_made_up_texts(tokens: list[str],
                                                                 glue: list[str]) -> None:
    text = "".join(t + (glue[i] if i < len(glue) else " ") for i, t in enumerate(tokens))
    words = words_of(text)
    for search in _searches():
        if not search.possible(text, words):
            assert search.pattern.search(text) is None, search.pattern.pattern[:80]


@pytest.mark.parametrize(("pattern", "matching", "other"), [
    (r"\b(?:ik|i)\b (?:\w+ )?(?:word|werd)\b", ["ik word", "i werd", "dat ik echt word"],
     ["ikword", "ik", "wij worden"]),
    (r"\bblauwe plekken?\b", ["blauwe plekke", "twee blauwe plekken"], ["blauw", "plekken"]),
    (r"(?<!nie )(?<!niet )\bgevallen\b", ["ben gevallen"], ["gevallenen", "val"]),
    (r"\b\w*(?:oefening|geoefend)\b", ["brandoefening", "geoefend"], ["oefen"]),
    (r"^(?:gepest|genegeerd)\b", ["gepest door"], ["ik gepest"]),
    (r"\b(?:foto's|fotos)\b", ["die foto's", "fotos"], ["foto"]),
    (r"\bdone\b.{0,12}\b(?:for good|forever)", ["im done for good"], ["done", "for good"]),
    (r"\b(\d{1,2}) ?(?:uur|uren)\b", ["12 uur", "9uur"], ["uur"]),
    (r"(?:^|\| )(?:met |with )?(?:alles|leven)(?: ook)?(?: \||$)", ["met alles", "a | leven"],
     ["allesbehalve"]),
    (r"[^\W\d_]+", ["a"], ["1"]),
    (r"(?i)ZAT", ["zat"], []),
])
def test_needs_of_tricky_patterns(pattern: str, matching: list[str], other: list[str]) -> None:
    search = Search(pattern)
    for text in matching:
        assert re.search(pattern, text), text  # the example is right
        assert search.possible(text, words_of(text)), (pattern, text)
    for text in other + matching:
        if not search.possible(text, words_of(text)):
            assert re.search(pattern, text) is None, (pattern, text)


def test_a_text_that_has_a_pattern_searches_it() -> None:
    searched = text_of("mijn chef sloeg me gisteren")
    assert searched.has(r"\b(?:sloeg|slaat) (?:me|mij)\b")
    assert not searched.has(r"\b(?:schopte|trapte) (?:me|mij)\b")
    match = searched.search(r"\bchef (\w+)")
    assert match is not None and match[1] == "sloeg"
    assert [m[0] for m in searched.finditer(r"\bm\w+")] == ["mijn", "me"]
    assert searched.match(r"mijn\b") is not None and searched.match(r"chef") is None


# -- the model: the same floats -----------------------------------------------------------------

def _plain_probabilities(model: Model, text: str) -> dict[str, float]:
    """The model's sums written out plainly, feature by feature (as before it was made fast)."""
    scores = list(model.intercepts)
    for block, extract in zip(model.blocks, FEATURES, strict=True):
        counts = Counter(extract(text))
        values = [(block[f], (1 + math.log(n)) * block[f][0])
                  for f, n in counts.items() if f in block]
        norm = math.sqrt(sum(v * v for _, v in values)) or 1.0
        for (_, weights), value in values:
            for k, w in enumerate(weights):
                scores[k] += w * value / norm
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return {c: e / total for c, e in zip(model.classes, exps, strict=True)}


def test_the_model_gives_the_same_probabilities_to_the_last_bit(content: Content) -> None:
    screener = content.engine.screener
    assert screener is not None and screener.model is not None
    model = screener.model
    texts = [text for _, text in SENTENCES] + ["", "ik ik ik ik", "x" * 50, "lol lol " * 30]
    differ = [i for i, text in enumerate(texts)
              if model.probabilities(text) != _plain_probabilities(model, text)]
    assert not differ, differ[:10]


def _model_always_asked(screener: Screener, text: str, message: Message,
                        found: list[Hit]) -> list[Hit]:
    """Screener._by_model as it was: the model asked whenever a level is open."""
    model = screener.model
    parts = message.parts
    if model is None or all(p.idiom_or_question for p in parts):
        return []
    if any(p.about_others for p in parts) and not any(
            w in ("ik", "i", "k", "mijn", "my") or w in ME_OBJECT for p in parts
            for w in p.words):
        return []
    levels = {hit.level for hit in found}
    probabilities = model.probabilities(text[:20_000])
    hits = []
    for level, kinds, threshold in (("urgent", URGENT_KINDS, screener.urgent_threshold),
                                    ("concern", CONCERN_KINDS, CONCERN_THRESHOLD)):
        if level in levels or (level == "concern" and "urgent" in levels):
            continue
        present = [k for k in kinds if message.has(*CONCEPTS[k]) or (
            message.has(*WEAK_CONCEPTS[k]) and probabilities.get(k, 0.0) >= SURE)]
        for kind in kinds_above(probabilities, threshold, present):
            hit = screener.hit_for(kind, "model")
            if hit is not None:
                hits.append(hit)
    return hits


def test_the_model_is_left_out_only_where_it_could_flag_nothing(content: Content) -> None:
    screener = content.engine.screener
    assert screener is not None
    differ = []
    for where, text in SAMPLE:
        message = Message(reading_of(text))
        found = screener._by_rules(message)
        if screener._by_model(text, message, found) != \
                _model_always_asked(screener, text, message, found):
            differ.append(where)
    assert not differ, differ[:10]


# -- the school's phrases: the same hits ------------------------------------------------------

def _phrases_in_plainly(screener: Screener, words: list[str]) -> list[Hit]:
    """Screener._phrases_in as it was: every idiom and phrase looked at, in order."""
    present: set[str] = set()
    for word in set(words):
        for key, _, _ in process.extract(word, screener._keys, scorer=Levenshtein.distance,
                                         score_cutoff=2, limit=None):
            if _similar(word, key):
                present.add(key)
    blocked: set[int] = set()
    for idiom in screener._idioms:
        if idiom.key in present:
            for span in screener._find(idiom, words, blocked=set()):
                blocked |= set(span)
    hits = []
    for rule, phrases in screener._rules:
        for phrase in phrases:
            if phrase.key in present and \
                    next(iter(screener._find(phrase, words, blocked)), None) is not None:
                hits.append(_hit(rule, phrase.text))
                break
    return hits


def test_the_schools_phrases_are_found_as_before(content: Content) -> None:
    screener = content.engine.screener
    assert screener is not None
    differ, hits = [], 0
    for where, text in SENTENCES:
        for part in Message(reading_of(text)).parts:
            words = screener._expand(part.words)
            fast = screener._phrases_in(words)
            hits += len(fast)
            if fast != _phrases_in_plainly(screener, words):
                differ.append(where)
    assert not differ, differ[:10]
    assert hits > 100  # not vacuous
