"""The closing summary: what the student said, under headings that fit it, and their action.

A topic's line quotes the student (cut at a word, never inside one); a student who put
themself down gets a kind line instead of their words filed as a strength; after a hard day
the goodbye is gentle, not "goed gedaan!".
"""

from __future__ import annotations

from bot.core.conversation import Context, Snapshot
from bot.core.texts import Texts
from bot.language.answers import understand

QUOTE_CHARS = 160


def quote(text: str, limit: int = QUOTE_CHARS) -> str:
    """The student's words, shortened at a sentence or word boundary with '…'."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    for mark in (". ", "! ", "? "):
        end = cut.rfind(mark)
        if end >= limit // 2:
            return cut[:end + 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 3 else cut).rstrip(",;:- ") + "…"


def _sentence(text: str) -> str:
    """One answer as a sentence of the summary: a capital to start, a full stop to end."""
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text[-1:] in ".!?…" else text + "."


# This many answers that said nothing in one conversation: a concern for the mentor (the
# engine raises it), and a goodbye that thanks rather than praises.
MANY_VAGUE = 3


def summary_lines(texts: Texts, snap: Snapshot, ctx: Context, opening: str, low_day: bool) -> str:
    lang = ctx.language
    lines = [opening]
    # a hard day, a doubt, an urgent message, a concern told (bullied, no food at home): no 'Top!'
    hard = low_day or snap.offered_mentor or bool(snap.alerted) or "concern" in snap.noted
    moment = " ".join(_sentence(n.text) for n in snap.notes if n.records == "moment")
    if moment:
        lines.append(texts.say(lang, "summary.moment", text=quote(moment)))
    for key in snap.topics:
        said = " ".join(_sentence(n.text) for n in snap.notes if n.competency == key)
        if not said:
            continue
        heard = understand(said)
        short = texts.say(lang, f"digest.short.{key}")
        topic = short[:1].upper() + short[1:]
        if heard.negative_self:
            hard = True
            lines.append(texts.say(lang, "summary.hard", topic=topic))
        else:
            lines.append(texts.say(lang, "summary.competency", topic=topic, text=quote(said)))
    if snap.moved and snap.moved.what and snap.moved.due:
        lines.append(texts.say(lang, "summary.moved", action=snap.moved.what,
                               due=texts.date(lang, snap.moved.due)))
    if snap.action and snap.action.what and snap.action.due:
        lines.append(texts.say(lang, "summary.action", action=snap.action.what,
                               due=texts.date(lang, snap.action.due)))
    # mostly 'weet niet' and emoji (an eighth user trial: 'Top dat je dit hebt gedaan' after
    # a conversation of shrugs): thanked, not praised
    key = "summary.goodbye_gentle" if hard else "summary.goodbye_plain" \
        if snap.vague_answers >= MANY_VAGUE else "summary.goodbye"
    lines.append(texts.say(lang, key, seed=ctx.conversation_number))
    return "\n".join(lines)
