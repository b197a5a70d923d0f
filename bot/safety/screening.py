"""Screening a student's text: the built-in understanding, then the school's own phrases.

The built-in understanding (bot/safety/meanings.py) recognises meanings in Dutch and English
whatever the school's files say; each kind it finds is reported under the school's rule for
that kind (`kinds:` in school/flag_rules.yaml), or under a default rule when the school has
none. The school's phrases add what a school wants flagged beyond that.

School phrases are compared folded (no case, accents, look-alike letters or hidden characters),
after slang and abbreviations are expanded and idioms ("dood van het lachen") are taken out. A
phrase matches when all its words appear close together, each the same or nearly (a typo), in
any order (Dutch puts the verb first: "soms wil ik dood"), with at most two other words among
them, none of them a negation ("ik wil niet dood" is not "ik wil dood").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from bot.language.lemmas import is_word
from bot.language.text import words as folded_words
from bot.safety.meanings import (
    CONCERN_KINDS,
    URGENT_KINDS,
    reading_of,
    recognise,
)
from bot.safety.meanings.concerns import NOT_ASKING, wants_a_contact
from bot.safety.meanings.idioms import DISCLAIMED, JOKED, SAVED_FROM_FALLING
from bot.safety.meanings.part import ME_OBJECT, NEGATIONS, Message
from bot.safety.meanings.self_harm import work_mishap
from bot.safety.meanings.violence import PRAISE_PAT
from bot.safety.model import Model, kinds_above
from bot.safety.rules import FlagRule, FlagRules

MAX_EXTRA = 2  # other words allowed inside a phrase's span
# The model's probability for a level (its kinds together) that raises a flag on its own;
# chosen by leaving each tuning file out once (bench/train_safety_model.py --cv).
URGENT_THRESHOLD = 0.7
CONCERN_THRESHOLD = 0.9
# The concepts (bot/safety/lexicon.py) one of which a text needs before the model may flag
# that kind.
CONCEPTS: dict[str, tuple[str, ...]] = {
    "suicidal": ("DIE", "LIVE", "SUICIDE", "KILL", "BURDEN", "PILLS", "JUMP", "HANG", "GOODBYE",
                 "SLEEP"),
    "self_harm": ("HARM", "SELFHARM", "SCAR"),
    "violence": ("HIT", "ABUSE", "THREAT", "LOCK", "FEAR", "KILL"),
    "sexual": ("TOUCH", "INTIMATE", "PICS", "NAKED", "SEX"),
    "unsafe_work": ("UNSAFE", "HAZARD", "INJURY", "HOURS"),
    "bullying": ("BULLY",),
    "quit": ("QUIT", "BACK"),
    "mentor_request": ("MENTOR", "TALK"),
    "basic_needs": (),  # the meaning rules alone: the model was not taught this kind
}
# Concepts that say less: enough when the model is surer.
WEAK_CONCEPTS: dict[str, tuple[str, ...]] = {
    "suicidal": ("END", "BETTER", "WITHOUT", "MISS", "POINT", "FOREVER", "CANT", "HIGH"),
    "self_harm": ("BODY", "SMALLCUT", "MYSELF"),
    "violence": ("BODY", "SECRET"),
    "sexual": ("SECRET", "REWARD", "BODY"),
    "unsafe_work": ("GEAR", "TRAINING", "ALONE", "KITCHEN"),
    "bullying": (),
    "quit": ("PLACE",),
    "mentor_request": ("NEED",),
    "basic_needs": (),
}
SURE = 0.9  # the model's probability that a weak concept is enough for
# A body part that aches ('mijn armen deden pijn', 'my back hurts'), and words that make pain
# one's own doing ('jezelf pijn doen') besides the concept MYSELF.
_ACHE = re.compile(r"\b(?:arm|armen|rug|schouder|schouders|nek|voeten|voet|benen|been|handen|"
                   r"hand|pols|polsen|knie|knieen|hoofd|vingers|arms?|back|shoulders?|neck|feet|"
                   r"foot|legs?|hands?|wrists?|knees?|head|fingers)\b (?:\w+ ){0,2}(?:deed|deden|"
                   r"doet|doen|hurt|hurts|ached|aches|ache)\b (?:\w+ )?(?:pijn|zeer)?|"
                   r"\bpijn (?:aan|in) (?:mijn|mn|m'n|my) \w+", re.IGNORECASE)
_SELF = re.compile(r"\b(?:jezelf|zichzelf|yourself|zelf)\b", re.IGNORECASE)
_LIKE_LIMIT = 50_000  # students' words whose like keys are remembered, at most
_ASKED_IF = re.compile(r"\b(?:vroeg|vroegen|vraagt|asked|asks) (?:\w+ )?(?:of|if|whether) "
                       r"(?:ik|i)\b")


@dataclass(frozen=True)
class Hit:
    """A rule that fired, and on what (a phrase, or a built-in meaning)."""

    rule: str
    level: str
    reason: dict[str, str]
    phrase: str
    action: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class DefaultRule:
    """How a kind is reported when no school rule claims it."""

    id: str
    reason: Mapping[str, str]


def _similar(word: str, wanted: str) -> bool:
    """The same word, or the same with a typo: short words must be exact, and a word the
    dictionary knows ("geest") is not a typo of another ("gepest")."""
    if word == wanted:
        return True
    if len(wanted) <= 4 or is_word(word):
        return False
    allowed = 1 if len(wanted) <= 7 else 2
    return word[:1] == wanted[:1] and Levenshtein.distance(word, wanted,
                                                           score_cutoff=allowed) <= allowed


@dataclass(frozen=True)
class _Phrase:
    words: tuple[str, ...]
    text: str
    key: str  # its longest word: if nothing in a text is like it, the phrase is not there


class Screener:
    """Checks a student's text for danger and concerns. Built once, used per message."""

    def __init__(self, rules: FlagRules,
                 defaults: Mapping[str, DefaultRule] | None = None,
                 model: Model | None = None) -> None:
        self.rules = rules
        self.model = model
        self.urgent_threshold = URGENT_THRESHOLD
        self.defaults = dict(defaults or {})
        self._aliases: dict[str, list[tuple[list[str], list[str]]]] = {}
        for short, long in sorted(((folded_words(k), folded_words(v))
                                   for table in rules.aliases.values() for k, v in table.items()),
                                  key=lambda pair: -len(pair[0])):  # longest first
            if short:
                self._aliases.setdefault(short[0], []).append((short, long))
        self._idioms = self._compile(p for phrases in rules.idioms.values() for p in phrases)
        self._negations = NEGATIONS | {" ".join(folded_words(n))
                                       for words in rules.negations.values() for n in words}
        self._rules = [(rule, self._compile(p for phrases in rule.phrases.values()
                                            for p in phrases)) for rule in rules.rules]
        self._keys = sorted({phrase.key for phrases in [self._idioms] + [
            compiled for _, compiled in self._rules] for phrase in phrases})
        # Where each key is: which idioms, and which phrases (rule position, phrase position).
        self._idioms_by_key: dict[str, list[int]] = {}
        for at, idiom in enumerate(self._idioms):
            self._idioms_by_key.setdefault(idiom.key, []).append(at)
        self._phrases_by_key: dict[str, list[tuple[int, int]]] = {}
        for rule_at, (_, phrases) in enumerate(self._rules):
            for at, phrase in enumerate(phrases):
                self._phrases_by_key.setdefault(phrase.key, []).append((rule_at, at))
        self._like: dict[str, frozenset[str]] = {}  # a student's word -> the keys it is like

    def warm(self) -> None:
        """Read the patterns the rules ask most (about 300 of them, a second's work) now,
        not in the first students' turns. Rarer ones are read when first asked."""
        for text in _WARM_UP:
            self.screen(text)

    def screen(self, text: str) -> list[Hit]:
        """Every rule that fires on this text, urgent ones first: the built-in meanings, the
        school's phrases, and the learned model where those found nothing of its level."""
        command = _COMMANDS.get(text.strip().lower())
        if command is not None:  # '/mentor' typed where a channel has no commands
            hit = self.hit_for(command, "command")
            return [hit] if hit is not None else []
        # read once, for the meanings, the school's phrases and the model
        message = Message(reading_of(text))
        hits = {hit.rule: hit for hit in self._by_rules(message)}
        for hit in self._by_model(text, message, list(hits.values())):
            hits.setdefault(hit.rule, hit)
        if message.search(DISCLAIMED):
            # 'ik zei "ik wil dood" maar ik meen het niet': said, and taken back plainly
            hits = {r: h for r, h in hits.items() if h.kind != "suicidal"}
        if message.search(JOKED) and not message.has("HIT", "ABUSE", "LOCK"):
            # 'als je dat nog een keer doet maak ik je af 😂 maar hij meende het niet': words
            # said as a joke, nobody hit; a blow 'as a joke' is still a blow
            hits = {r: h for r, h in hits.items() if h.kind != "violence"}
        return sorted(hits.values(), key=lambda hit: hit.level != "urgent")

    def meanings_and_phrases(self, text: str) -> list[Hit]:
        """What the hand-written rules alone find (for measuring the model beside them)."""
        return self._by_rules(Message(reading_of(text)))

    def _by_rules(self, message: Message) -> list[Hit]:
        hits: dict[str, Hit] = {}
        for finding in recognise(message):
            hit = self.hit_for(finding.kind, finding.meaning)
            if hit is not None:
                hits.setdefault(hit.rule, hit)
        for hit in self._phrases(message):
            hits.setdefault(hit.rule, hit)
        return list(hits.values())

    def _by_model(self, text: str, message: Message, found: list[Hit]) -> list[Hit]:
        """The learned second opinion, for a level the rules did not reach: a paraphrase they
        have not seen. Idioms, questions and class topics stay out, as for the rules."""
        model = self.model
        parts = message.parts
        if model is None or all(p.idiom_or_question for p in parts):
            return []
        if sum(len(p.words) for p in parts) <= 1:
            return []  # 'stop', '/stop': a word alone is a command or a choice, no paraphrase

        if any(p.about_others for p in parts) and not any(
                w in ("ik", "i", "k", "mijn", "my") or w in ME_OBJECT for p in parts
                for w in p.words):
            return []  # a story about someone else, the student nowhere in it
        levels = {hit.level for hit in found}
        open_levels = [(kinds, threshold) for level, kinds, threshold in (
            ("urgent", URGENT_KINDS, self.urgent_threshold),
            ("concern", CONCERN_KINDS, CONCERN_THRESHOLD))
            if not (level in levels or (level == "concern" and "urgent" in levels))]
        if all(threshold > 0 and not any(message.has(*CONCEPTS[k], *WEAK_CONCEPTS[k])
                                         for k in kinds) for kinds, threshold in open_levels):
            return []  # no kind it may flag has its concepts here: the model is not asked
        probabilities = model.probabilities(text[:20_000])
        hits = []
        for kinds, threshold in open_levels:
            # Only kinds whose danger concepts the text has: the model widens what the meanings
            # see; it does not flag 'ik wil het over mijn collega hebben' on its phrasing alone.
            present = [k for k in kinds if message.has(*CONCEPTS[k]) or (
                message.has(*WEAK_CONCEPTS[k]) and probabilities.get(k, 0.0) >= SURE)]
            for kind in kinds_above(probabilities, threshold, present):
                if kind == "mentor_request" and any(
                        p.has("MENTOR") and p.re(NOT_ASKING) for p in parts):
                    continue  # 'ik wil niet dat mijn mentor het weet' asks for nobody
                if kind == "violence" and PRAISE_PAT.search(message.whole):
                    continue  # 'sloeg me op mijn schouder en zei goed gedaan'
                if kind in ("violence", "sexual") and message.search(SAVED_FROM_FALLING):
                    continue  # 'pakte mn arm vast toen ik bijna van de trap viel'
                if kind == "self_harm" and work_mishap(parts[0]):
                    continue  # 'i cut myself peeling potatoes but it was fine'
                if kind == "self_harm" and _ACHE.search(text) and not message.has(
                        "INJURE", "MYSELF", "SELFHARM", "SCAR") and not _SELF.search(text):
                    continue  # 'mijn armen deden pijn van het föhnen': an ache, no harm done
                hit = self.hit_for(kind, "model")
                if hit is not None:
                    hits.append(hit)
        return hits

    def hit_for(self, kind: str, meaning: str) -> Hit | None:
        """The hit a kind of danger or concern raises (by a built-in meaning, the model, a
        command, or a concern the student confirms in a later message)."""
        level = "urgent" if kind in URGENT_KINDS else "concern"
        action = "mentor_request" if kind == "mentor_request" else None
        rule = self.rules.for_kind(kind)
        if rule is not None:
            return Hit(rule.id, level, dict(rule.reason), f"meaning:{meaning}", action, kind)
        default = self.defaults.get(kind)
        if default is None:
            return Hit(kind, level, {}, f"meaning:{meaning}", action, kind)
        return Hit(default.id, level, dict(default.reason), f"meaning:{meaning}", action, kind)

    # -- the school's phrases ---------------------------------------------------------------

    def _phrases(self, message: Message) -> list[Hit]:
        """The school's phrases, clause by clause (a negation or idiom stays in its clause)."""
        found: dict[str, Hit] = {}
        for part in message.parts:
            if part.idiom_or_question or part.about_others or part.re(_ASKED_IF):
                continue
            for hit in self._phrases_in(self._expand(part.words)):
                if hit.action == "mentor_request" and wants_a_contact(part):
                    continue  # 'ik wil met iemand praten die de hbo-v doet': networking
                if part.has("HARM") and work_mishap(part):
                    continue  # 'i cut myself peeling potatoes but it was fine': the work's knife
                found.setdefault(hit.rule, hit)
        return list(found.values())

    def _phrases_in(self, words: list[str]) -> list[Hit]:
        """Only the idioms and phrases whose key is (nearly) in the text are looked for, in the
        order the school wrote them: the first phrase found of each rule is its hit."""
        present = self._present_keys(words)
        blocked: set[int] = set()
        for at in sorted(at for key in present for at in self._idioms_by_key.get(key, ())):
            for span in self._find(self._idioms[at], words, blocked=set()):
                blocked |= set(span)
        hits = []
        done = -1  # the rule that has its hit
        for rule_at, at in sorted(spot for key in present
                                  for spot in self._phrases_by_key.get(key, ())):
            if rule_at == done:
                continue
            rule, phrases = self._rules[rule_at]
            if next(iter(self._find(phrases[at], words, blocked)), None) is not None:
                hits.append(_hit(rule, phrases[at].text))
                done = rule_at
        return hits

    def _present_keys(self, words: list[str]) -> set[str]:
        """The phrase keys that some word of the text is (nearly) like."""
        present: set[str] = set()
        for word in set(words):
            present |= self._keys_like(word)
        return present

    def _keys_like(self, word: str) -> frozenset[str]:
        """The keys a word is (nearly) like: one pass in C over all keys, then remembered (the
        same words come back in every message)."""
        found = self._like.get(word)
        if found is None:
            if len(self._like) >= _LIKE_LIMIT:
                self._like.clear()
            found = self._like[word] = frozenset(
                key for key, _, _ in process.extract(word, self._keys,
                                                     scorer=Levenshtein.distance,
                                                     score_cutoff=2, limit=None)
                if _similar(word, key))
        return found

    def _compile(self, phrases: Iterable[str]) -> list[_Phrase]:
        compiled = []
        for phrase in phrases:
            words = tuple(self._expand(folded_words(phrase)))
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
                before = words[max(0, start - 3):start]
                if min(used) == start and not any(w in self._negations for w in extra + before) \
                        and not any(i in blocked for i in span):
                    yield sorted(used)


def _hit(rule: FlagRule, phrase: str) -> Hit:
    kind = rule.kinds[0] if rule.kinds else None
    return Hit(rule.id, rule.level, dict(rule.reason), phrase, rule.action, kind)


# Sentences that lead the rules through most of their patterns (see Screener.warm); made up,
# about no one.
# Commands that are themselves a request, typed where a channel has none (console, web).
_COMMANDS = {"/mentor": "mentor_request", "/coach": "mentor_request"}
_WARM_UP = (
    "Vandaag was een goede dag, ik heb veel geleerd van mijn begeleider.",
    "Ik wil dood, ik snij mezelf, mijn baas slaat me en raakt me aan.",
    "I feel unsafe at work, no gloves, he hit me and I want to quit.",
    "Ze pesten me en niemand praat met me; ik wil stoppen met mijn stage.",
    "Ik wil niet meer leven, er niet meer zijn, ik heb pillen gespaard en een afscheidsbrief.",
    "Mijn stiefvader dreigt me, ik durf niet naar huis; hij heeft me geslagen en geschopt.",
    "Hij stuurde foto's en wilde dat ik het geheim hield, hij zat aan mijn billen.",
    "Ik moest zonder mondkapje met chemicaliën werken en op een ladder zonder zekering.",
    "My supervisor touched me and said not to tell anyone, I'm scared to go back.",
    "I don't want to be here anymore, I've been cutting myself again.",
    "Dat was dodelijk saai, ik lag dood van het lachen, maar een klant viel flauw.",
)
