"""Words grouped by what they mean (concepts), recognised with typos and dropped vowels.

A table maps each concept tag (e.g. HIT) to words and lemmas ("slaan", "klap", "punch"). A
student's word gets every tag of the word itself, of its lemmas, of a word one typo away
("geslagn"), or of a word whose consonants it keeps ("lvn" for "leven").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from bot.language.lemmas import is_word, lemmas

_VOWELS = frozenset("aeiouy")


def skeleton(word: str) -> str:
    """The consonants of a word: what chat spelling keeps ('lvn', 'mssn')."""
    return "".join(c for c in word if c not in _VOWELS)


def allowed_typos(word: str) -> int:
    """Short words must be exact; longer ones may have one or two typos."""
    return 0 if len(word) <= 4 else 1 if len(word) <= 7 else 2


@dataclass
class ConceptTable:
    """Concept tags of words; built once, asked per word (answers are cached)."""

    by_word: dict[str, frozenset[str]]
    _vocabulary: list[str] = field(init=False)
    _skeletons: dict[str, frozenset[str]] = field(init=False)
    _cache: dict[str, frozenset[str]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._vocabulary = sorted(w for w in self.by_word if " " not in w)
        skeletons: dict[str, set[str]] = {}
        for word in self._vocabulary:
            bones = skeleton(word)
            if len(bones) >= 3 and bones != word:
                skeletons.setdefault(bones, set()).update(self.by_word[word])
        self._skeletons = {k: frozenset(v) for k, v in skeletons.items()}

    @classmethod
    def of(cls, groups: Mapping[str, Iterable[str]]) -> ConceptTable:
        """From {tag: words}; a word may carry several tags."""
        by_word: dict[str, set[str]] = {}
        for tag, words in groups.items():
            for word in words:
                by_word.setdefault(word, set()).add(tag)
        return cls({w: frozenset(t) for w, t in by_word.items()})

    def tags(self, word: str) -> frozenset[str]:
        found = self._cache.get(word)
        if found is None:
            found = self._cache[word] = self._look_up(word)
        return found

    def _look_up(self, word: str) -> frozenset[str]:
        tags: set[str] = set()
        for form in lemmas(word):
            tags |= self.by_word.get(form, frozenset())
        if tags or not word.isalpha() or is_word(word):
            return frozenset(tags)  # a real word is not a typo of another one
        if not any(c in _VOWELS for c in word) and len(word) >= 3:
            return self._skeletons.get(word, frozenset())
        allowed = allowed_typos(word)
        if allowed:
            for match, _, _ in process.extract(word, self._vocabulary,
                                               scorer=Levenshtein.distance,
                                               score_cutoff=allowed, limit=5):
                if match[0] == word[0] and len(match) > 4 and \
                        Levenshtein.distance(word, match) <= allowed_typos(match):
                    tags |= self.by_word[match]
        return frozenset(tags)
