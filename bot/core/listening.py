"""Listening: a reply that takes up what the student said, and asking further on what is missing.

Pure. The wordings come from prompts/<lang>/listening.yaml (or the step's own `follow_ups`);
this module decides which one fits: name the feeling, take up a few of the student's own
words, never praise a student who puts themself down; ask for what the answer lacks (the
situation, their own part, how it felt, why, what they take from it, what to ask the person
they named), never for what it did not say, never the same question twice.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.core.texts import Texts, fill, pick
from bot.language.answers import ROLES, Feeling, Probe, Understanding, as_said_to_student
from bot.language.person import is_past, written_in
from bot.language.text import words

# What to ask first, per kind of question (a step's records or competency).
PRIORITY: dict[str, tuple[Probe, ...]] = {
    "moment": ("situation", "feeling", "learning", "cause", "own_part", "person"),
    "kwaliteiten": ("situation", "learning", "feeling", "cause", "own_part", "person"),
    "motieven": ("situation", "cause", "learning", "feeling", "person", "own_part"),
    "werkexploratie": ("situation", "feeling", "learning", "person", "cause", "own_part"),
    "loopbaansturing": ("situation", "person", "feeling", "learning", "cause", "own_part"),
    "netwerken": ("situation", "person", "learning", "feeling", "cause", "own_part"),
    "action_learning": ("situation", "learning", "feeling", "cause", "own_part", "person"),
}
_DEFAULT = ("situation", "learning", "feeling", "cause", "person", "own_part")
# Slang that reads badly when the bot says it back.
_SOFTER = {"kut": "rot", "shit": "rot", "kapot": "moe", "sick": "great"}


@dataclass(frozen=True)
class Listened:
    """The bot's reply to one answer: an acknowledgement, and the question to ask next."""

    ack: str | None
    probe: str | None = None
    probe_kind: Probe | None = None
    examples: tuple[str, ...] = ()  # choices for a student who twice could not answer
    move_on: str | None = None  # said when the bot stops asking further


@dataclass(frozen=True)
class AskedBefore:
    """What this conversation already asked: no question twice."""

    probes: Sequence[str]
    probes_here: int  # follow-ups already asked at this question
    struggles: int  # answers without content at this question, this one included
    kinds_here: Sequence[str] = ()  # kinds of follow-up already asked at this question


class Listener:
    """Chooses the reply and the follow-up for a free-text answer."""

    def __init__(self, texts: Texts) -> None:
        self.texts = texts

    def acknowledge(self, heard: Understanding, lang: str, seed: int) -> str | None:
        """A short reply in the student's own words, or naming their feeling."""
        if not heard.content:
            return None  # 'goed' or 'weet niet' at an open question: nothing to take up
        if written_in(words(heard.text)) not in (None, lang):
            # 'Ik was geduldig' in an English conversation: their words said back would mix
            # two languages in one reply ('Je was geduldig. What does that say about you?')
            return self._say(lang, "listen.plain", seed, {})
        values = self._values(heard, lang)
        key: str | None = None
        feeling = heard.feelings[0] if heard.feelings else None
        echoed = heard.echo is not None
        sign = heard.polarity
        if heard.negative_self:
            key = "negative_self"
        elif heard.wish in ("quit", "other_study"):
            key = f"wish_{heard.wish}"
        elif heard.doubt:
            key = "doubt_echo" if echoed else "doubt"
        elif feeling is not None and echoed and feeling.word in (heard.echo or "").split():
            key = "echo_negative" if sign == "negative" else "echo_positive"
            if _mixed(heard.feelings):  # 'je was zenuwachtig, en leuk was het ook'
                key = "echo_mixed" if values["other_about"] else "mixed"
        elif feeling is not None and _mixed(heard.feelings):
            key = "mixed"
        elif feeling is not None and heard.setback and feeling.polarity == "+":
            key = "two_sides"  # 'vet' and 'kreeg op mn kop': not 'leuk om te horen'
        elif feeling is not None:
            polarity = "negative" if feeling.polarity != "+" else "positive"
            key = f"feeling_{'about' if feeling.about else 'self'}_{polarity}"
            if key == "feeling_self_negative" and heard.phrase:
                key += "_phrase"
        elif heard.setback and heard.quote and _TO_YOU.search(heard.quote):
            key = "quote_setback"  # 'mn baas schreeuwde tegen me ... omdat ik de tafels vergeten
            # was': what was done to them, not 'Je was de tafels vergeten. Dat snap ik.'
        elif heard.praise and heard.people:
            key = "praise"
        elif heard.helped and heard.helper:
            key = "helped"
        elif echoed:
            key = {"positive": "echo_positive", "negative": "echo_negative"}.get(sign, "echo")
        elif heard.quote:
            key = "quote"
        elif heard.phrase:
            key = "phrase"
        elif heard.learning:
            key = "learning"
        if key is None:
            return None
        said = self._say(lang, f"listen.{key}", seed, values)
        word = values["feeling"].lower()
        for offset in range(1, len(_as_list(self.texts.raw(lang, f"listen.{key}")))):
            if not word or said.lower().split().count(word) + said.lower().count(
                    f"{word},") <= 1:
                break  # not 'Leuk, leuk om te horen.'
            said = self._say(lang, f"listen.{key}", seed + offset, values)
        if key.startswith("feeling_") and echoed and heard.echo and \
                not heard.negative_self:  # their deed first, then the feeling named
            said = f"{values['Echo']}. {said}"
        return said

    def follow_up(self, heard: Understanding, lang: str, kind_of_question: str | None,
                  asked: AskedBefore, limit: int, seed: int,
                  wordings: Mapping[str, Sequence[str]] | None = None,
                  latest: Understanding | None = None) -> Listened:
        """The next question for what the student said at this question (`heard`), or none
        when it is reflective enough; the reply takes up the `latest` answer."""
        ack = self.acknowledge(latest or heard, lang, seed)
        if ack is None and (latest or heard).content:  # never a bare next question
            ack = self._say(lang, "listen.plain", seed, {})
        if (latest or heard).negative_self:  # heard kindly, not questioned further
            return Listened(ack)
        answered = ((latest or heard).content and asked.kinds_here) or ()
        if asked.probes_here >= limit or not heard.missing or _reflective(heard, answered) or (
                kind_of_question == "action_learning" and (heard.learning
                                                           or "learning" in answered)):
            return Listened(ack)
        if not heard.content and asked.struggles >= 2:
            return Listened(ack, examples=self.examples(lang, kind_of_question))
        order = PRIORITY.get(kind_of_question or "", _DEFAULT)
        missing = [k for k in heard.missing if k not in asked.kinds_here]
        if _uneasy_about_someone(heard):  # 'hij staat altijd zo dichtbij, ik vind dat raar':
            order = ("cause", "feeling", "situation", "person", "learning", "own_part")
            missing = [k for k in missing if k not in ("learning", "own_part")]  # not 'wat
            # zegt dat over jou?' about what someone else does to them
        # Not asked again: why, after 'omdat ik het nog nooit deed'; who, after 'mijn mentor'.
        asks_again = [p for p, given in ((_ASKS_WHY, gives_reason(heard.text, lang)),
                                        (_ASKS_WHO, bool(heard.people))) if given]
        for kind in sorted(missing, key=lambda k: order.index(k) if k in order else 9):
            options: list[str] = []
            for source in ((wordings or {}).get(kind) or [],
                           _as_list(self.texts.raw(lang, f"probe.{kind}"))):
                options = [o for o in source if not any(p.search(o) for p in asks_again)
                           and not (kind == "person" and _served(heard) and _HELP_YOU.search(o))]
                if options:  # the step's own wordings first, else the general ones
                    break
            values = self._values(heard, lang)
            for offset in range(len(options)):
                text = fill(pick(options, seed + offset), values)
                if _key(text) not in asked.probes:
                    return Listened(ack, text, kind)
        return Listened(ack)

    def examples(self, lang: str, kind_of_question: str | None) -> tuple[str, ...]:
        key = f"examples.{kind_of_question}" if kind_of_question else "examples.moment"
        if key not in self.texts.keys(lang):
            key = "examples.moment"
        return tuple(_as_list(self.texts.raw(lang, key)))

    def _say(self, lang: str, key: str, seed: int, values: Mapping[str, str]) -> str:
        return fill(pick(self.texts.raw(lang, key), seed), values)

    @staticmethod
    def _values(heard: Understanding, lang: str) -> dict[str, str]:
        feeling = _feeling_word(heard.feelings[0]) if heard.feelings else ""
        second = next((f for f in heard.feelings[1:]
                       if f.polarity != heard.feelings[0].polarity), None)
        other = _feeling_word(second) if second else ""
        named = (heard.praiser if heard.praise and not heard.helped else None) or \
            heard.helper or (heard.people[0] if heard.people else None)
        person = as_said_to_student(named) if named else \
            ("die persoon" if lang == "nl" else "that person")
        if named and re.fullmatch(ROLES, named.lower()):  # 'collega' -> 'je collega'
            person = f"{'je' if lang == 'nl' else 'your'} {person}"
        phrase = as_said_to_student(heard.phrase) if heard.phrase else ""
        echo = heard.echo or ""
        quoted = heard.quote or ""
        return {"quote": quoted, "Quote": quoted[:1].upper() + quoted[1:],"feeling": feeling,
                "Feeling": feeling[:1].upper() + feeling[1:],
                "other": other, "other_about": "yes" if second and second.about else "",
                "person": person, "Person": person[:1].upper() + person[1:], "phrase": phrase,
                "echo": echo, "Echo": echo[:1].upper() + echo[1:]}


_TO_YOU = re.compile(r"\b(?:je|jou|you)\b")  # a quote with the student in it, said to them
# The people a student works for, not with: no 'how could they help you further?' about them.
_SERVED = re.compile(r"(?:(?:de|die|een|mijn|mn|je|the|a|my|some) )?(?:klant|klanten|client|"
                     r"clienten|cliënt|cliënten|bewoner|bewoners|bewoonster|patient|patiënt|"
                     r"patienten|patiënten|kind|kinderen|kindjes|kids|kid|children|child|peuter|"
                     r"peuters|baby|babys|baby's|customer|customers|guest|guests|gast|gasten|"
                     r"resident|residents|patient|patients|mevrouw|meneer|leerling|leerlingen)")


# A follow-up that asks how the person could help the student ('Hoe zou {person} je verder
# kunnen helpen?'): not about the children or clients they care for.
_HELP_YOU = re.compile(r"\b(?:helpen|help you|help)\b")


def _served(heard: Understanding) -> bool:
    """The person the follow-up would name is someone the student served or cared for."""
    named = heard.helper or (heard.people[0] if heard.people else None)
    return named is not None and _SERVED.fullmatch(named.lower()) is not None


_SOMEONE_DOES = re.compile(r"^\W*(?:hij|zij|ze|ie|he|she|they|mijn|mn|m'n|my|de|die|the|een|a)\b"
                           r"(?:\s+\w+)?\s+(?:\w+\s+){0,4}?(?:staat|stond|komt|kwam|zit|zat|raakt|"
                           r"raakte|kijkt|keek|pakt|pakte|zegt|zei|stands|stood|comes|came|sits|"
                           r"touches|touched|looks|looked|says|said|grabs|grabbed)\b",
                           re.IGNORECASE)


def _uneasy_about_someone(heard: Understanding) -> bool:
    """An unpleasant feeling about what someone else does to the student."""
    return bool(heard.feelings) and heard.feelings[0].polarity == "-" and \
        _SOMEONE_DOES.match(heard.text) is not None


_ASKS_WHY = re.compile(r"\b(?:waarom|why)\b", re.IGNORECASE)
_ASKS_WHO = re.compile(r"^\W*(?:wie|who)\b", re.IGNORECASE)  # 'Wie zou je ... helpen?'
_REASON = {"nl": re.compile(r"\b(?:omdat|want|doordat|zodat|daarom)\b"),
           "en": re.compile(r"\b(?:because|cause|cuz|coz|bc|since|so that|that's why)\b")}


def gives_reason(text: str, lang: str) -> bool:
    """The answer says why ('omdat', 'want', 'because'): a 'why?' would ask it again."""
    pattern = _REASON.get(lang)
    return pattern is not None and pattern.search(" ".join(words(text))) is not None


def probe_key(text: str) -> str:
    """How a question is remembered in the snapshot (short and stable)."""
    return _key(text)


def _key(text: str) -> str:
    return format(zlib.crc32(" ".join(text.lower().split()).encode()), "08x")


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _feeling_word(feeling: Feeling) -> str:
    word = feeling.word
    if word != feeling.base and " " not in word and feeling.base.isalpha() and \
            not is_past(word) and word.endswith("e"):
        word = feeling.base  # 'het leukste', 'lastige bewoners': 'leuk', 'lastig'; but not
        # 'rustiger' ('het was rustiger' is no 'je was rustig')
    return _SOFTER.get(word, word)


def _reflective(heard: Understanding, answered: Sequence[str] = ()) -> bool:
    """Reflection, not only description: a learning with the student's own part or feeling.
    What the student answered to a follow-up counts as given, however they put it."""
    learning = heard.learning or "learning" in answered
    own = heard.did or bool(heard.feelings) or bool({"own_part", "feeling"} & set(answered))
    return learning and own


def _mixed(feelings: Sequence[Feeling]) -> bool:
    """A good feeling with a hard or a heavy one: 'het was druk maar wel gezellig'."""
    signs = {f.polarity for f in feelings}
    return "+" in signs and bool({"-", "~"} & signs)
