"""Finding flag phrases in what a student wrote, the way students write.

Words are compared folded (no case, accents or punctuation), after slang and abbreviations are
expanded and idioms ("dood van het lachen") are taken out. A phrase matches when all its words
appear close together, each the same or nearly (a typo), in any order (Dutch puts the verb
first: "soms wil ik dood"), with at most two other words among them, none of them a negation
("ik wil niet dood" is not "ik wil dood").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from bot.core.understanding import fold
from bot.safety.rules import FlagRule, FlagRules

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a"})
MAX_EXTRA = 2  # other words allowed inside a phrase's span


@dataclass(frozen=True)
class Hit:
    """A rule that fired, and on which words."""

    rule: str
    level: str
    reason: dict[str, str]
    phrase: str
    action: str | None = None


def _similar(word: str, wanted: str) -> bool:
    """The same word, or the same with a typo: short words must be exact."""
    if word == wanted:
        return True
    if len(wanted) <= 4:
        return False
    allowed = 1 if len(wanted) <= 7 else 2
    return word[:1] == wanted[:1] and Levenshtein.distance(word, wanted,
                                                           score_cutoff=allowed) <= allowed


def _words(text: str) -> list[str]:
    tokens = []
    for token in fold(text).split():
        if any(c.isalpha() for c in token) and any(c.isdigit() for c in token):
            token = token.translate(_LEET)  # d00d, z3lfmoord
        tokens.append(token)
    return tokens


@dataclass(frozen=True)
class _Phrase:
    words: tuple[str, ...]
    text: str
    key: str  # its longest word: if nothing in a text is like it, the phrase is not there


class Screener:
    """Checks a student's text against a school's flag rules. Built once, used per message."""

    def __init__(self, rules: FlagRules) -> None:
        self.rules = rules
        self._aliases: dict[str, list[tuple[list[str], list[str]]]] = {}
        for short, long in sorted(((fold(k).split(), fold(v).split())
                                   for table in rules.aliases.values() for k, v in table.items()),
                                  key=lambda pair: -len(pair[0])):  # longest first
            if short:
                self._aliases.setdefault(short[0], []).append((short, long))
        self._idioms = self._compile(p for phrases in rules.idioms.values() for p in phrases)
        self._negations = {fold(n) for words in rules.negations.values() for n in words}
        self._rules = [(rule, self._compile(p for phrases in rule.phrases.values()
                                            for p in phrases)) for rule in rules.rules]
        self._keys = sorted({phrase.key for phrases in [self._idioms] + [
            compiled for _, compiled in self._rules] for phrase in phrases})

    def screen(self, text: str) -> list[Hit]:
        """Every rule that fires on this text, urgent ones first."""
        words = self._expand(_words(text))
        present = self._present_keys(words)

        def possible(phrase: _Phrase) -> bool:
            return phrase.key in present

        blocked: set[int] = set()
        for idiom in self._idioms:
            if possible(idiom):
                for span in self._find(idiom, words, blocked=set()):
                    blocked |= set(span)
        hits = []
        for rule, phrases in self._rules:
            for phrase in phrases:
                if possible(phrase) and \
                        next(iter(self._find(phrase, words, blocked)), None) is not None:
                    hits.append(_hit(rule, phrase.text))
                    break
        return sorted(hits, key=lambda hit: hit.level != "urgent")

    def _present_keys(self, words: list[str]) -> set[str]:
        """The phrase keys that some word of the text is (nearly) like: one pass in C over all
        keys per distinct word, instead of a comparison in Python per phrase."""
        present: set[str] = set()
        for word in set(words):
            for key, _, _ in process.extract(word, self._keys, scorer=Levenshtein.distance,
                                             score_cutoff=2, limit=None):
                if _similar(word, key):
                    present.add(key)
        return present

    def _compile(self, phrases: Iterable[str]) -> list[_Phrase]:
        compiled = []
        for phrase in phrases:
            words = tuple(self._expand(_words(phrase)))
            if words:
                compiled.append(_Phrase(words, phrase, max(words, key=len)))
        return compiled

    def _expand(self, words: list[str]) -> list[str]:
        """Replace slang and abbreviations by what they stand for."""
        out: list[str] = []
        i = 0
        while i < len(words):
            for short, long in self._aliases.get(words[i], ()):
                if words[i:i + len(short)] == short:
                    out += long
                    i += len(short)
                    break
            else:
                out.append(words[i])
                i += 1
        return out

    def _find(self, phrase: _Phrase, words: list[str], blocked: set[int]) -> Iterable[list[int]]:
        """Spans (word positions) where all the phrase's words stand close together."""
        wanted = phrase.words
        for start, word in enumerate(words):
            if start in blocked or not any(_similar(word, w) for w in wanted):
                continue
            window = range(start, min(start + len(wanted) + MAX_EXTRA, len(words)))
            used: list[int] = []
            for target in wanted:
                spot = next((i for i in window if i not in used and i not in blocked
                             and _similar(words[i], target)), None)
                if spot is None:
                    break
                used.append(spot)
            else:
                span = range(min(used), max(used) + 1)
                extra = [words[i] for i in span if i not in used]
                if min(used) == start and not any(w in self._negations for w in extra) \
                        and not any(i in blocked for i in span):
                    yield sorted(used)


def _hit(rule: FlagRule, phrase: str) -> Hit:
    return Hit(rule.id, rule.level, dict(rule.reason), phrase, rule.action)


