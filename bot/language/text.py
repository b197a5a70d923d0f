"""Cleaning and folding what a student typed, so that hidden characters, look-alike letters,
leet and stretched words ("dooooood") cannot hide a word from the bot.

`clean` is for storing and showing: it keeps the text as the student wrote it, minus what
nobody can see. `fold` is for comparing: lower case, no accents, no tricks.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")  # keeps "don't" and "e-mail" whole
_SPACES = re.compile(r"[ \t]+")
_REPEATS = re.compile(r"([^\W\d_])\1{2,}")  # three or more of one letter
# A word with @ or $ in it: "d@@d", "$terven". Tried only where such a word starts, so that a
# long word is scanned once, not once from each of its letters.
_SIGNED = re.compile(r"(?<![\w@$])[\w@$]*[@$][\w@$]*")
_SINGLE_LETTERS = re.compile(r"\b(?:[^\W\d_][ .\-*]){2,}[^\W\d_]\b")

# Letters from other scripts that look like Latin ones (after case folding).
_LOOK_ALIKES = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "п": "n",
    "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ь": "b", "ѕ": "s", "і": "i", "ї": "i",
    "ј": "j", "ԁ": "d", "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w", "ɡ": "g", "ı": "i", "ł": "l",
    "ø": "o", "α": "a", "β": "b", "γ": "y", "δ": "d", "ε": "e", "ζ": "z", "η": "n", "ι": "i",
    "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ƒ": "f",
    "ɑ": "a", "ɩ": "i", "ʀ": "r", "ᴅ": "d", "ᴏ": "o", "ꜱ": "s", "ᴛ": "t", "ᴜ": "u",
})
# Digits and signs written for letters, inside words that also have letters: "d00d", "z3lfm00rd".
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a",
                       "$": "s"})
# Invisible joiners that emoji sequences need; every other format character is dropped.
_KEEP_FORMAT = frozenset({"\u200d"})


def clean(text: str) -> str:
    """Drop control and invisible format characters (zero-width space, soft hyphen, ...),
    keep newlines, normalise, trim. What is stored is what the student could see."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    kept = "".join(ch for ch in text if ch in "\n\t" or ch in _KEEP_FORMAT
                   or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co"))
    lines = [_SPACES.sub(" ", line).strip() for line in kept.split("\n")]
    return "\n".join(line for line in lines if line)


def plain(text: str) -> str:
    """Lower case, compatibility forms (full-width, 𝐛𝐨𝐥𝐝) made plain, no accents, no format
    characters, look-alike letters made Latin. Punctuation stays (clauses need it)."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    text = text.casefold().translate(_LOOK_ALIKES).replace("\u2019", "'")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The words of a text, folded: leet undone, stretched letters shortened, spaced-out
    letters ("z e l f m o o r d") joined."""
    return list(_words(text))


@lru_cache(maxsize=256)  # one message is read by several listeners in one turn
def _words(text: str) -> tuple[str, ...]:
    flat = plain(text)
    flat = _SINGLE_LETTERS.sub(lambda m: re.sub(r"[ .\-*]", "", m[0]), flat)
    flat = _SIGNED.sub(lambda m: m[0].translate(_LEET) if re.search(r"[^\W\d_]", m[0])
                       else m[0], flat)
    out = []
    for token in _WORD.findall(flat):
        if any(c.isalpha() for c in token) and any(c.isdigit() for c in token):
            token = token.translate(_LEET)
        out.append(_REPEATS.sub(r"\1\1", token))
    return tuple(out)


def fold(text: str) -> str:
    """Lower case without accents or punctuation: how words are compared."""
    return " ".join(words(text))
