"""Reading what a student typed: cleaning it, and telling a vague answer from a real one.

Cleaning and folding live in bot/language/text.py (shared with safeguarding); the word lists
a school can change (prompts/<lang>/understanding.yaml) are a Lexicon.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.language.text import clean, fold

__all__ = ["Lexicon", "clean", "fold", "words"]


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
