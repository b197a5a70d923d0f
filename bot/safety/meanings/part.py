"""One clause of a student's message, and the questions the meaning rules ask of it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cached_property
from re import Pattern

from bot.language.reading import Clause, Reading
from bot.safety.meanings.idioms import is_idiom_or_question
from bot.safety.meanings.prefilter import Text, text_of

NEGATIONS = frozenset({"niet", "geen", "nooit", "niemand", "niets", "niks", "nergens", "not",
                       "no", "never", "nobody", "nothing", "nowhere", "none", "neither", "nor",
                       "noone", "nee", "nah", "nope"})
FIRST_PERSON = frozenset({"ik", "i", "me", "mij", "mezelf", "mijzelf", "myself", "mijn", "my",
                          "ons", "us", "we", "wij", "meself"})
ME_OBJECT = frozenset({"me", "mij", "mezelf", "mijzelf", "myself", "ons", "us", "meself"})

# Someone else's story: a film, a lesson, a client's past, what a friend told.
STORY = re.compile(
    r"\b(?:film|films|movie|serie|series|boek|book|game|games|fortnite|gta|warzone|call of duty|"
    r"nieuws|news|documentaire|documentary|docu|docus|tiktok|youtube|netflix|podcast|"
    r"verhaal|story|poster|presentatie|spreekbeurt|werkstuk|awareness|voorlichting|preventie|"
    r"prevention|rechtszaak|court case|artikel|article|krant|newspaper|op het journaal|"
    r"horror|personage|character|aflevering|episode|reportage)\b")
REPORTED = re.compile(
    r"\b(?:vertelde|vertelt|vertellen|zei|zegt|zeggen|told|tells|said|says|schreef|wrote)\b"
    r"(?: (?:me|mij|us|ons))?(?: (?:dat|that|over|about))? (?:ze|zij|hij|he|she|they|her|his|"
    r"haar|zijn|hun|their|die|iemand|someone|een|a)\b")
# A clause whose subject is someone close to the student: 'mijn zusje wordt gepest',
# 'een jongen uit mn klas moet zonder handschoen aan de zaag'.
SOMEONE_CLOSE = re.compile(
    r"^(?:\w+ )?(?:mijn|my|een|a|de|the|die|that|onze|our)? ?(?:beste |oudere |jongere )?"
    r"(?:zusje|zus|broertje|broer|vriend|vriendin|mattie|neef|nicht|neefje|nichtje|collega|"
    r"klasgenoot|classmate|roommate|huisgenoot|jongen|meisje|friend|sister|brother|cousin|"
    r"colleague|coworker|boy|girl|buurjongen|buurmeisje|stagiair|intern)\b")
THEMSELVES = re.compile(r"\b(?:herself|himself|themselves|zichzelf|haarzelf|hemzelf)\b")
CARE_SAID = re.compile(r"\b(?:client|clienten|bewoner|bewoonster|patient|resident|mevrouw|"
                       r"meneer)\b (?:\w+ ){0,3}(?:zei|zegt|said|says|riep|vertelde|told)\b")
THIRD_POSSESSIVE = re.compile(r"\b(?:his|her|their|zijn|zn|haar|hun)\b")
_IMPLICIT_I = re.compile(r"(?:(?:bro|mattie|wallah|ngl|istg|tbh|ewa|fakka|man|honestly|"
                         r"eerlijk gezegd|vandaag|today|gister|gisteren|yesterday) )*(?:heb|ben|"
                         r"had|was|moest|mocht|kreeg|kon|ga|wil|werd|word|zat|got|have|am|"
                         r"feel|felt|hit|cut|burned|burnt|fell|twisted|broke|keep|kept|thinking|"
                         r"considering|planning|skipped|feeling|going to|gonna)\b")
TIME_AGO = re.compile(r"\b(?:jaren geleden|years ago|in de oorlog|in the war|vroeger toen hij|"
                      r"back in the|in de jaren|in the (?:sixties|seventies|eighties|fifties))\b")


class Message:
    """A whole message as the rules read it: its clauses as Parts, and what they share. Read
    once per message; everything here is worked out the first time a rule asks."""

    def __init__(self, reading: Reading) -> None:
        self.reading = reading
        self._found: dict[str | Pattern[str], bool] = {}  # pattern -> in the whole message

    @cached_property
    def parts(self) -> list[Part]:
        return [Part(clause, self.reading, index, self)
                for index, clause in enumerate(self.reading.clauses)]

    @cached_property
    def whole(self) -> str:
        """Every clause, ' | ' between them."""
        return " | ".join(c.text for c in self.reading.clauses)

    @cached_property
    def _whole(self) -> Text:
        return text_of(self.whole)

    @cached_property
    def tags(self) -> frozenset[str]:
        """Every concept tag of every word."""
        return frozenset().union(*(part.tags for part in self.parts))

    def has(self, *tags: str) -> bool:
        """The same as Reading.has: a word somewhere with one of these tags."""
        return not self.tags.isdisjoint(tags)

    def search(self, pattern: str | Pattern[str]) -> bool:
        """A phrase pattern anywhere in the whole message; each pattern is searched once per
        message, however many clauses ask."""
        found = self._found.get(pattern)
        if found is None:
            found = self._found[pattern] = self._whole.has(pattern)
        return found


class Part:
    """One clause of a message, with what the rules ask of it."""

    def __init__(self, clause: Clause, reading: Reading, index: int,
                 message: Message | None = None) -> None:
        self.clause = clause
        self.reading = reading
        self.index = index
        self.text = clause.text
        self.words = clause.texts
        self._message = message

    @cached_property
    def lemmas(self) -> str:
        """The clause with each word's base form ("sloeg" -> "slaan")."""
        return self.clause.lemma_text

    @cached_property
    def context(self) -> Message:
        """The message this clause belongs to."""
        return self._message if self._message is not None else Message(self.reading)

    # -- the texts searched, with what their words rule out (prefilter.py) -------------------

    @cached_property
    def _text(self) -> Text:
        return text_of(self.text)

    @cached_property
    def _lemmas(self) -> Text:
        return text_of(self.lemmas)

    @cached_property
    def tags(self) -> frozenset[str]:
        """Every concept tag of the clause's words."""
        return frozenset().union(*(w.tags for w in self.clause.words))

    # -- phrases ------------------------------------------------------------------------------

    def re(self, pattern: str | re.Pattern[str]) -> bool:
        """A phrase pattern over the folded words (chat spelling written out)."""
        return self._text.has(pattern)

    def lre(self, pattern: str) -> bool:
        """A phrase pattern over the base forms ("sloeg" reads "slaan")."""
        return self._lemmas.has(pattern)

    def clear(self, pattern: str, before: int = 3, lemmas: bool = False) -> bool:
        """The phrase is there with no negation in it or in the few words before it:
        'hij sloeg me' yes, 'hij heeft me nooit geslagen' and 'niemand slaat me' no."""
        searched = self._lemmas if lemmas else self._text
        text = searched.text
        for match in searched.finditer(pattern):
            prefix = text[:match.start()].split()[-before:] if before else []
            if not any(w in NEGATIONS for w in prefix + match[0].split()):
                return True
        return False

    def message(self, pattern: str | Pattern[str]) -> bool:
        """A phrase pattern anywhere in the whole message (context across clauses)."""
        return self.context.search(pattern)

    @property
    def whole(self) -> str:
        return self.context.whole

    @cached_property
    def idiom_or_question(self) -> bool:
        """An exaggeration, a question about the world or a class topic (idioms.py)."""
        return is_idiom_or_question(self.text, self._text)

    # -- concepts -----------------------------------------------------------------------------

    def has(self, *tags: str) -> bool:
        return not self.tags.isdisjoint(tags)

    def seq(self, *slots: str | Sequence[str], gap: int = 3) -> tuple[int, int] | None:
        if slots and any(self._unfilled(slot) for slot in slots):
            return None  # a slot no word of the clause can fill
        return self.clause.seq(*slots, gap=gap)

    def near(self, a: str | Sequence[str], b: str | Sequence[str],
             within: int = 4) -> tuple[int, int] | None:
        if self._unfilled(a) or self._unfilled(b):
            return None
        return self.clause.near(a, b, within)

    def _unfilled(self, slot: str | Sequence[str]) -> bool:
        """No word of the clause has this tag (or any of these tags)."""
        return slot not in self.tags if isinstance(slot, str) else self.tags.isdisjoint(slot)

    def found(self, span: tuple[int, int] | None, before: int = 2) -> bool:
        """A concept span that is there and not denied."""
        return span is not None and not self.clause.any_in(span, "NOT", before)

    # -- who ------------------------------------------------------------------------------------

    @cached_property
    def first_person(self) -> bool:
        """I, me, my, or a sentence that starts with my verb ('ben geduwd', 'had to')."""
        return any(w in FIRST_PERSON for w in self.words) or \
            self._text.match(_IMPLICIT_I) is not None

    @cached_property
    def me_object(self) -> bool:
        return any(w in ME_OBJECT for w in self.words)

    @cached_property
    def about_others(self) -> bool:
        """Someone else's story (a client, a friend, a film), not the student's own."""
        if self.re(TIME_AGO) or (self.re(STORY) and not self.me_object):
            return True  # a film or the news, unless it is about me ('a tiktok of my face')
        if (self._text.match(SOMEONE_CLOSE) or self.re(THEMSELVES)) and not any(
                w in ("ik", "i", "k") or w in ME_OBJECT for w in self.words):
            return True  # 'mn zusje wordt gepest', 'my roommate cuts herself'
        if self.re(CARE_SAID) and not self.me_object:
            return True  # 'mn client zei vandaag ik wil dood
        reported = self._text.search(REPORTED)
        if reported is not None:
            after = self.text[reported.end():].split()[:6]
            if not any(w in ME_OBJECT or w in ("ik", "i") for w in after):
                return True
        return self.has("OTHER") and not self.first_person
