"""A text read into clauses of words, each word with the concept tags of a table.

Clauses end at sentence marks, commas and words like "maar" / "but": a "niet" in one clause
does not deny what another says ("ik wil niet naar huis, hij slaat me").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.language.concepts import ConceptTable
from bot.language.lemmas import base_form, expand
from bot.language.text import plain, words

_CLAUSE_MARKS = re.compile(r"[.!?;:\n,()\[\]]+|\s[-\u2013\u2014]+\s|(?<!\bnog)(?<!\bdan)(?<!\bzeg)"
                           r"\s+(?:maar|mar)\s+(?!(?:1|een|één|eentje|één|even|ff|wat|weer|"
                           r"gewoon|raak)\b)|\s+(?:but|omdat|because|though|although|hoewel)\s+")


# Dutch verbs whose particle stands apart: "hij raakte me aan" is aanraken.
SEPARABLE: dict[str, tuple[str, ...]] = {
    "raken": ("aan",), "sluiten": ("op", "buiten"), "kleden": ("uit", "om"),
    "trekken": ("uit", "aan"), "doen": ("uit", "na", "aan"), "zitten": ("aan",),
    "lachen": ("uit",), "schelden": ("uit",), "maken": ("af", "uit", "kapot"),
    "halen": ("open",), "zetten": ("voor",), "duwen": ("weg", "om"), "pakken": ("vast", "af"),
    "grijpen": ("vast",), "houden": ("vast", "op", "vol"), "nemen": ("in",),
    "geven": ("weg",), "slaan": ("dood", "kapot", "in"), "stappen": ("uit",),
    "springen": ("af",), "hangen": ("op",), "komen": ("langs",), "gaan": ("langs", "door"),
    "spreken": ("af",), "kappen": ("af",), "zoeken": ("op",), "sparen": ("op",),
    "gooien": ("kapot", "weg"), "knippen": ("door",), "bellen": ("op",),
}


@dataclass(frozen=True)
class Word:
    text: str
    tags: frozenset[str]
    lemma: str = ""


@dataclass(frozen=True)
class Clause:
    """The words of one clause, with what they mean."""

    words: tuple[Word, ...]

    def __len__(self) -> int:
        return len(self.words)

    @property
    def texts(self) -> list[str]:
        return [w.text for w in self.words]

    @property
    def text(self) -> str:
        """The words, folded and written out, one space apart: for phrase patterns."""
        return " ".join(w.text for w in self.words)

    @property
    def lemma_text(self) -> str:
        """The same with each word's base form ("sloeg" -> "slaan")."""
        return " ".join(w.lemma or w.text for w in self.words)

    def at(self, tag: str) -> list[int]:
        """Positions of words with this tag."""
        return [i for i, w in enumerate(self.words) if tag in w.tags]

    def has(self, *tags: str) -> bool:
        return any(tag in w.tags for w in self.words for tag in tags)

    def count(self, tag: str) -> int:
        return sum(tag in w.tags for w in self.words)

    def phrase(self, phrase: str, start: int = 0) -> int | None:
        """Where a phrase of plain words starts (exact words, in order, adjacent)."""
        wanted = phrase.split()
        texts = self.texts
        for i in range(start, len(texts) - len(wanted) + 1):
            if texts[i:i + len(wanted)] == wanted:
                return i
        return None

    def seq(self, *slots: str | Sequence[str], gap: int = 3) -> tuple[int, int] | None:
        """The first span where words with these tags follow in order, each at most `gap`
        words after the one before. A slot is a tag or a list of tags (any of them)."""
        options = [(slot,) if isinstance(slot, str) else tuple(slot) for slot in slots]

        def fits(i: int, slot: tuple[str, ...]) -> bool:
            return any(t in self.words[i].tags for t in slot)

        for start in range(len(self.words)):
            if not fits(start, options[0]):
                continue
            end = self._follow(start, options[1:], gap, fits)
            if end is not None:
                return start, end
        return None

    def _follow(self, at: int, rest: Sequence[tuple[str, ...]], gap: int,
                fits: object) -> int | None:
        if not rest:
            return at
        for nxt in range(at + 1, min(at + gap + 2, len(self.words))):
            if fits(nxt, rest[0]):  # type: ignore[operator]
                end = self._follow(nxt, rest[1:], gap, fits)
                if end is not None:
                    return end
        return None

    def near(self, a: str | Sequence[str], b: str | Sequence[str],
             within: int = 4) -> tuple[int, int] | None:
        """A word with a tag of `a` and one of `b` at most `within` words apart, any order."""
        first = self.seq(a, b, gap=within - 1) if within > 0 else None
        second = self.seq(b, a, gap=within - 1) if within > 0 else None
        found = [s for s in (first, second) if s is not None]
        return min(found) if found else None

    def any_in(self, span: tuple[int, int], tag: str, before: int = 0) -> bool:
        start = max(0, span[0] - before)
        return any(tag in w.tags for w in self.words[start:span[1] + 1])


@dataclass(frozen=True)
class Reading:
    """A whole text as clauses."""

    clauses: tuple[Clause, ...]

    @property
    def words(self) -> list[Word]:
        return [w for clause in self.clauses for w in clause.words]

    def has(self, *tags: str) -> bool:
        return any(clause.has(*tags) for clause in self.clauses)


def split_clauses(text: str) -> list[list[str]]:
    """The words of each clause, folded and with chat spelling written out."""
    parts = _CLAUSE_MARKS.split(f" {plain(text)} ")
    return [found for found in (expand(words(part)) for part in parts) if found]


def read(text: str, table: ConceptTable, extra: Iterable[tuple[str, str]] = ()) -> Reading:
    """Clauses of words with the table's tags. `extra` adds (word, tag) pairs."""
    added: dict[str, set[str]] = {}
    for word, tag in extra:
        added.setdefault(word, set()).add(tag)
    clauses = []
    for found in split_clauses(text):
        read_words = []
        for i, w in enumerate(found):
            base = base_form(w)
            tags = table.tags(w) | frozenset(added.get(w, ()))
            for particle in SEPARABLE.get(base, ()):
                if particle in found[i + 1:i + 8]:
                    compound = particle + base
                    tags |= table.tags(compound)
                    base = compound
                    break
            read_words.append(Word(w, tags, base))
        clauses.append(Clause(tuple(read_words)))
    return Reading(tuple(clauses))

