"""What a student's words mean for their safety: the built-in understanding.

Not a list of sentences but meanings, recognised from concepts (bot/safety/lexicon.py) one
clause at a time: the student as the one at risk (I, me, my arm) with a harm or an end of life;
life and being denied ("niet meer leven", "er niet meer zijn"); someone at the internship or at
home who hits, touches, threatens or coerces the student; pictures, touching and secrecy; a
dangerous task without protection. A negation close to the words denies them; an idiom ("dood
van het lachen") or someone else's story (a client, a film) is not about the student.

One module per kind of danger; each rule is a small function registered for its kind.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.language.reading import Reading, read
from bot.safety.lexicon import TABLE
from bot.safety.meanings import (  # noqa: F401  (importing registers their rules)
    concerns,
    concerns_around,
    self_harm,
    sexual,
    suicidal,
    turns,
    unsafe_work,
    violence,
)
from bot.safety.meanings.idioms import is_idiom_or_question
from bot.safety.meanings.part import Message, Part
from bot.safety.meanings.registry import (
    CONCERN_KINDS,
    KINDS,
    MEANINGS,
    URGENT_KINDS,
    Kind,
    Meaning,
    meaning,
)

__all__ = ["CONCERN_KINDS", "KINDS", "MEANINGS", "URGENT_KINDS", "Finding", "Kind", "Meaning",
           "Message", "Part", "is_idiom_or_question", "meaning", "reading_of", "recognise"]


@dataclass(frozen=True)
class Finding:
    """A meaning found in a message: which kind of danger, by which rule."""

    kind: Kind
    meaning: str


def reading_of(text: str, limit: int = 20_000) -> Reading:
    """The text read for screening. Very long texts are read up to `limit` characters, and
    their end too."""
    if len(text) > limit:
        text = text[:limit] + "\n" + text[-limit // 4:]
    return read(text, TABLE)


def recognise(text: str | Reading | Message) -> list[Finding]:
    """Every kind of danger or concern the text speaks of, each once (the first rule that saw
    it). Give the Reading (or the Message) when the caller has read the text already."""
    if isinstance(text, str):
        text = reading_of(text)
    message = text if isinstance(text, Message) else Message(text)
    found: dict[Kind, Finding] = {}
    for part in message.parts:
        if not part.clause.words or part.idiom_or_question:
            continue
        for rule in MEANINGS:
            if rule.kind not in found and rule.test(part):
                found[rule.kind] = Finding(rule.kind, rule.name)
    return list(found.values())
