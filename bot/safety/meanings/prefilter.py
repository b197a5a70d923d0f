"""What a text must contain before a phrase pattern can match it: a cheap test that spares
most regex searches, without changing a single answer.

A meaning rule asks about two hundred patterns of every clause, and almost all of them cannot
match: "\\b(?:sloeg|slaat|hit) (?:me|mij)\\b" needs the word "sloeg", "slaat" or "hit". Each
pattern is read once (with Python's own regex parser) into *needs*: groups of words, at least
one word of every group must be in the text (as a whole word: a run of \\w between non-word
characters), or failing that a piece of text that must appear as it is. A text without them
is not searched; a text with them is searched as before, so the answer is always the
pattern's own.

The reading is conservative: whatever it does not understand (a character class, a
back-reference, a flag) gives no need, never a wrong one. `plain()` switches the shortcut off
(every pattern searched), so that tests/test_safety_speed_equivalence.py and
bench/screening_speed.py can hold the two ways side by side.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import product
from typing import Any

try:  # the parser behind re.compile; private, so anything unexpected means "no needs"
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    _parser = None

_WORD_RUN = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")
_MAX_STRINGS = 256  # alternatives spelled out per stretch of literal text, at most
_MAX_NEEDS = 4  # groups kept per pattern (the most telling ones)

Item = tuple[Any, Any]  # one node of the parsed pattern: (opcode, argument)
PatternLike = str | re.Pattern[str]


def words_of(text: str) -> frozenset[str]:
    """The whole words of a text, as a pattern's \\b sees them."""
    return frozenset(_WORD_RUN.findall(text))


class Need:
    """One group: the text has one of these words, or one of these pieces of text."""

    __slots__ = ("pieces", "words")

    def __init__(self, words: frozenset[str], pieces: tuple[str, ...]) -> None:
        self.words = words
        self.pieces = pieces

    def met(self, text: str, words: frozenset[str]) -> bool:
        return not self.words.isdisjoint(words) or any(piece in text for piece in self.pieces)

    def __repr__(self) -> str:
        return f"Need({sorted(self.words)}, {list(self.pieces)})"


class Search:
    """A compiled pattern with its needs."""

    __slots__ = ("_needs", "needs", "number", "pattern")

    def __init__(self, pattern: PatternLike, number: int = -1) -> None:
        self.pattern = pattern if isinstance(pattern, re.Pattern) else re.compile(pattern)
        self.number = number  # its place in the registry (search_for)
        self.needs = needs_of(self.pattern)
        self._needs = tuple((need.words, need.pieces) for need in self.needs)

    def possible(self, text: str, words: frozenset[str]) -> bool:
        """False only when the pattern cannot match `text` (`words` are its words_of)."""
        for needed, pieces in self._needs:  # Need.met, inline: this runs often
            if needed.isdisjoint(words):
                for piece in pieces:
                    if piece in text:
                        break
                else:
                    return False
        return True


class Text:
    """A text the rules search. Which registered patterns it may match is worked out once,
    from the first need of each (one set look-up per word of the text), so that asking for a
    pattern that cannot match costs a set look-up; the others are checked against all their
    needs, then searched."""

    __slots__ = ("_known", "_may", "text", "words")

    def __init__(self, text: str) -> None:
        self.text = text
        self.words = words_of(text)
        self._known = len(_SEARCHES)  # patterns registered later are checked in full
        by_word = _BY_WORD
        self._may = _UNKEYED.union(*[by_word[w] for w in self.words if w in by_word])

    def _searched(self, pattern: PatternLike) -> Search | None:
        """The pattern's Search, or None when it cannot match this text."""
        found = _SEARCHES.get(pattern) or search_for(pattern)
        if found.number < self._known and found.number not in self._may:
            return None  # its first need is not met
        return found if found.possible(self.text, self.words) else None

    def has(self, pattern: PatternLike) -> bool:
        """`pattern.search(text) is not None`. (`_searched`, written out: the rules ask this
        some 350 times a message.)"""
        found = _SEARCHES.get(pattern) or search_for(pattern)
        if found.number < self._known and found.number not in self._may:
            return False
        return found.possible(self.text, self.words) and \
            found.pattern.search(self.text) is not None

    def search(self, pattern: PatternLike) -> re.Match[str] | None:
        found = self._searched(pattern)
        return None if found is None else found.pattern.search(self.text)

    def match(self, pattern: PatternLike) -> re.Match[str] | None:
        found = self._searched(pattern)
        return None if found is None else found.pattern.match(self.text)

    def finditer(self, pattern: PatternLike) -> Iterator[re.Match[str]]:
        found = self._searched(pattern)
        return iter(()) if found is None else found.pattern.finditer(self.text)


class PlainText(Text):
    """The same questions, every pattern searched (see `plain`)."""

    __slots__ = ()

    def _searched(self, pattern: PatternLike) -> Search | None:
        return _SEARCHES.get(pattern) or search_for(pattern)

    def has(self, pattern: PatternLike) -> bool:
        return search_for(pattern).pattern.search(self.text) is not None


_plain = False


@contextmanager
def plain() -> Iterator[None]:
    """Within it, texts made by `text_of` search every pattern: the plain way, to check the
    shortcut against or to measure it (not for concurrent use)."""
    global _plain
    before, _plain = _plain, True
    try:
        yield
    finally:
        _plain = before


def text_of(text: str) -> Text:
    """A Text for the rules (a PlainText within `plain()`)."""
    return PlainText(text) if _plain else Text(text)


# Every pattern asked for so far, numbered; per word, the patterns whose first need has it.
_SEARCHES: dict[PatternLike, Search] = {}
_BY_WORD: dict[str, set[int]] = {}
_UNKEYED: set[int] = set()  # the patterns whose first need is not words alone, or no need
_REGISTERING = threading.Lock()


def search_for(pattern: PatternLike) -> Search:
    """The Search for a pattern, built and registered the first time it is asked for."""
    found = _SEARCHES.get(pattern)
    if found is None:
        with _REGISTERING:
            found = _SEARCHES.get(pattern)
            if found is None:
                found = Search(pattern, len(_SEARCHES))
                first = found.needs[0] if found.needs else None
                if first is None or first.pieces:
                    _UNKEYED.add(found.number)
                else:
                    for word in first.words:
                        _BY_WORD.setdefault(word, set()).add(found.number)
                _SEARCHES[pattern] = found  # last, once it is in the index
    return found


def needs_of(pattern: re.Pattern[str]) -> tuple[Need, ...]:
    """What every text the pattern matches contains; () when nothing is known."""
    if _parser is None or pattern.flags & ~re.UNICODE:
        return ()
    try:
        parsed = list(_parser.parse(pattern.pattern, pattern.flags))
        found = _Reader().needs(parsed, False, False)
    except Exception:  # an unknown shape of the parse tree: no needs
        return ()
    unique = {(n.words, n.pieces): n for n in found}.values()
    return tuple(sorted(unique, key=_cost)[:_MAX_NEEDS])


def _cost(need: Need) -> tuple[int, int, int]:
    """Cheap and telling first: words before pieces, long words before short ones."""
    shortest = min((len(w) for w in need.words), default=0)
    return (len(need.pieces), -shortest, len(need.words))


def _is_word_char(char: str) -> bool:
    return _WORD_CHAR.match(char) is not None


class _Reader:
    """Reads a parsed pattern (a list of (opcode, argument) items)."""

    def __init__(self) -> None:
        c = _sre
        self.LITERAL, self.IN, self.BRANCH, self.SUBPATTERN = c.LITERAL, c.IN, c.BRANCH, \
            c.SUBPATTERN
        self.REPEATS = (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None))
        self.AT, self.ASSERTS = c.AT, (c.ASSERT, c.ASSERT_NOT)
        self.ATOMIC = getattr(c, "ATOMIC_GROUP", None)
        self.MAXREPEAT = c.MAXREPEAT
        self.bounds_before = (c.AT_BOUNDARY, c.AT_BEGINNING, c.AT_BEGINNING_STRING)
        self.bounds_after = (c.AT_BOUNDARY, c.AT_END, c.AT_END_STRING)
        self._strings: dict[int, frozenset[str] | None] = {}

    # -- the strings an item can match, when they are few ---------------------------------

    def strings(self, item: Item) -> frozenset[str] | None:
        """Every string the item can match, if they are few and it asserts nothing."""
        key = id(item)
        if key not in self._strings:
            self._strings[key] = self._spell(item)
        return self._strings[key]

    def _spell(self, item: Item) -> frozenset[str] | None:
        op, av = item
        if op is self.LITERAL:
            return frozenset({chr(av)})
        if op is self.IN:
            if all(o is self.LITERAL for o, _ in av):
                return frozenset(chr(a) for _, a in av)
            return None
        if op is self.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            return self.sequence(list(sub)) if not add_flags and not del_flags else None
        if op is self.BRANCH:
            found: set[str] = set()
            for alternative in av[1]:
                spelled = self.sequence(list(alternative))
                if spelled is None:
                    return None
                found |= spelled
            return frozenset(found) if len(found) <= _MAX_STRINGS else None
        if op in self.REPEATS:
            low, high, body = av
            if high is self.MAXREPEAT or high > 3:
                return None
            once = self.sequence(list(body))
            if once is None:
                return None
            found = set()
            for count in range(low, high + 1):
                found |= {"".join(p) for p in product(once, repeat=count)}
                if len(found) > _MAX_STRINGS:
                    return None
            return frozenset(found)
        return None  # anchors, lookarounds, classes, references: not spelled out

    def sequence(self, items: Sequence[Item]) -> frozenset[str] | None:
        found = frozenset({""})
        for item in items:
            spelled = self.strings(item)
            if spelled is None:
                return None
            found = frozenset(a + b for a in found for b in spelled)
            if len(found) > _MAX_STRINGS:
                return None
        return found

    # -- what stands at the edges of an item ----------------------------------------------

    def zero_width(self, item: Item) -> bool:
        return item[0] is self.AT or item[0] in self.ASSERTS

    def edge_is_not_word(self, item: Item, last: bool) -> bool:
        """Every non-empty match of the item starts (ends, if `last`) with a non-word char."""
        op, av = item
        spelled = self.strings(item)
        if spelled is not None:
            return all(not _is_word_char(s[-1] if last else s[0]) for s in spelled if s)
        if op is self.SUBPATTERN or op is self.ATOMIC:
            sub = av[-1] if op is self.SUBPATTERN else av
            return self.sequence_edge_is_not_word(list(sub), last)
        if op is self.BRANCH:
            return all(self.sequence_edge_is_not_word(list(a), last) for a in av[1])
        if op in self.REPEATS:
            return self.sequence_edge_is_not_word(list(av[2]), last)
        return False

    def sequence_edge_is_not_word(self, items: Sequence[Item], last: bool) -> bool:
        for item in reversed(items) if last else items:
            if self.zero_width(item):
                continue
            if not self.edge_is_not_word(item, last):
                return False
            if not self.can_be_empty(item):
                return True
        return True

    def can_be_empty(self, item: Item) -> bool:
        op, av = item
        spelled = self.strings(item)
        if spelled is not None:
            return "" in spelled
        if op is self.SUBPATTERN:
            return all(self.can_be_empty(i) for i in av[-1])
        if op is self.BRANCH:
            return any(all(self.can_be_empty(i) for i in a) for a in av[1])
        if op in self.REPEATS:
            return av[0] == 0 or all(self.can_be_empty(i) for i in av[2])
        return True  # not known: it may be

    def bounded(self, items: Sequence[Item], index: int, step: int, outside: bool) -> bool:
        """Is the character next to items[index] (before it for step -1, after for +1) a
        non-word character or the text's edge, in every match? `outside`: the same question
        answered for the whole of `items`. Only asked beside a word character."""
        anchors = self.bounds_before if step < 0 else self.bounds_after
        at = index + step
        while 0 <= at < len(items):
            item = items[at]
            if item[0] is self.AT:
                return item[1] in anchors
            if item[0] in self.ASSERTS:
                at += step
                continue
            if not self.edge_is_not_word(item, last=step < 0):
                return False
            if not self.can_be_empty(item):
                return True
            at += step
        return outside

    # -- needs ------------------------------------------------------------------------------

    def needs(self, items: Sequence[Item], before: bool, after: bool) -> list[Need]:
        """What a match of `items` needs; `before`/`after`: whether the characters around it are
        known to be non-word characters (or the text's edges)."""
        found: list[Need] = []
        i = 0
        while i < len(items):
            op, av = items[i]
            # a stretch of items spelled out: literal text with a few alternatives
            j, spelled = i, frozenset({""})
            while j < len(items) and not self.zero_width(items[j]):
                more = self.strings(items[j])
                if more is None:
                    break
                joined = frozenset(a + b for a in spelled for b in more)
                if len(joined) > _MAX_STRINGS:
                    break
                spelled, j = joined, j + 1
            if j > i:
                need = self.need_of_strings(spelled, self.bounded(items, i, -1, before),
                                            self.bounded(items, j - 1, +1, after))
                if need is not None:
                    found.append(need)
                i = j
                continue
            left, right = self.bounded(items, i, -1, before), self.bounded(items, i, +1, after)
            if op is self.SUBPATTERN:
                if not av[1] and not av[2]:
                    found += self.needs(list(av[3]), left, right)
            elif op is self.BRANCH:
                need = self.need_of_branch([list(a) for a in av[1]], left, right)
                if need is not None:
                    found.append(need)
            elif op in self.REPEATS and av[0] >= 1:
                found += self.needs(list(av[2]), False, False)
            i += 1
        return found

    def need_of_branch(self, alternatives: list[list[Item]], before: bool,
                       after: bool) -> Need | None:
        """One need for a choice: the best need of each alternative, together."""
        words: set[str] = set()
        pieces: set[str] = set()
        for alternative in alternatives:
            options = self.needs(alternative, before, after)
            if not options:
                return None
            best = min(options, key=_cost)
            words |= best.words
            pieces |= set(best.pieces)
        return Need(frozenset(words), tuple(sorted(pieces, key=len, reverse=True)))

    def need_of_strings(self, spelled: frozenset[str], before: bool, after: bool) -> Need | None:
        """One of these strings is in the text: each gives its longest whole word, or else
        itself as a piece of text."""
        words: set[str] = set()
        pieces: set[str] = set()
        for string in spelled:
            if not string:
                return None  # the stretch may match nothing
            whole = [m for m in _WORD_RUN.finditer(string)
                     if (m.start() > 0 or before) and (m.end() < len(string) or after)]
            if whole:
                words.add(max(whole, key=lambda m: len(m[0]))[0])
            else:
                pieces.add(string)
        # a piece that contains another piece adds nothing
        kept = tuple(sorted((p for p in pieces if not any(q != p and q in p for q in pieces)),
                            key=len, reverse=True))
        return Need(frozenset(words), kept)
