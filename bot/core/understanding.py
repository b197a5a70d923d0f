"""Reading what a student typed: cleaning it, and telling a vague answer from a real one."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Protocol

_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")  # keeps "don't" and "e-mail" whole
_SPACES = re.compile(r"[ \t]+")


def clean(text: str) -> str:
    """Drop control characters (keeping newlines), normalise, trim."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    kept = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    lines = [_SPACES.sub(" ", line).strip() for line in kept.split("\n")]
    return "\n".join(line for line in lines if line)


def fold(text: str) -> str:
    """Lower case without accents or punctuation: how we compare words."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(plain))


def words(text: str) -> list[str]:
    return fold(text).split()


@dataclass(frozen=True)
class Lexicon:
    """Language-specific word lists (prompts/<lang>/understanding.yaml)."""

    vague: frozenset[str]
    you_choose: frozenset[str]
    enough: frozenset[str]

    def is_vague(self, text: str, min_words: int) -> bool:
        """Short, empty of words, or a stock answer such as 'weet niet' or 'goed'."""
        folded = fold(text)
        if not folded or folded in self.vague:
            return True
        return len(folded.split()) < min_words

    def means(self, text: str, phrases: frozenset[str]) -> bool:
        return fold(text) in phrases


@dataclass(frozen=True)
class DateReading:
    """What a date reader found in a sentence."""

    due: date | None = None
    in_past: bool = False
    matched: str = ""


class DateReader(Protocol):
    """Finds the date in a sentence such as 'vrijdag vraag ik het aan mijn begeleider'."""

    def read(self, text: str, today: date, language: str) -> DateReading: ...
