"""A student who had no internship today: 'ik had vandaag geen stage?', 'geen stage vandaag',
'het is zaterdag', 'was vrij', 'no placement today'. Asked how today's internship day went,
they are stuck: the bot asks about their last internship day instead."""

from __future__ import annotations

import re

from bot.language.lemmas import flat_words

_NONE_TODAY = re.compile(
    r"\b(?:(?:ik )?(?:had|heb|hadden|hebben) (?:\w+ ){0,2}(?:geen|nog geen) (?:stage|bpv|"
    r"stagedag|werk)|geen (?:stage|bpv|stagedag) (?:gehad|vandaag|today)|"
    r"(?:vandaag|today) (?:\w+ )?(?:geen|no|niet|nie|not) (?:stage|bpv|op stage|naar stage|"
    r"internship|placement|gewerkt|werken)|(?:was|ben|had) (?:vandaag |today )?vrij\b|"
    r"(?:vandaag|today) (?:was ik |ben ik |i was |was )?(?:vrij|off)\b|"
    r"het is (?:zaterdag|zondag|weekend)|it(?:'s| is) (?:saturday|sunday|the weekend)|"
    r"(?:no|didn't have|did not have|didnt have|don't have|dont have|do not have) (?:my |an? )?"
    r"(?:internship|placement)(?: day)? (?:today|this day)|"
    r"(?:niet|nie|not) (?:naar|op|to|at) (?:mijn |de |my )?(?:stage|internship|placement) "
    r"(?:geweest|gegaan|been|gone)? ?(?:vandaag|today))\b")


def no_internship_today(text: str) -> bool:
    """The message says there was no internship day today (and is short: a story about the
    day that mentions it is an answer)."""
    if len(text.split()) > 20:
        return False
    flat = flat_words(text)
    return bool(flat) and len(flat.split()) <= 20 and _NONE_TODAY.search(flat) is not None
