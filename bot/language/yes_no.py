"""A yes or a no in the student's words, for a question that asks one ('Wil je dat je mentor
contact met je opneemt?'): 'nee hoeft nie', 'nope', 'ja graag', 'doe maar', 'no thanks'. The
buttons' own labels are matched first; this reads what students type instead."""

from __future__ import annotations

import re
from typing import Literal

from bot.language.lemmas import flat_words

_NO = re.compile(r"^(?:nee+|neen|nope|nah|no|nein|nee hoor|hoeft niet|hoeft nie|hoef niet|"
                 r"niet nodig|nie nodig|liever niet|liever nie|laat maar|nu niet|nu nie|"
                 r"not now|no thanks|no thank you|not really|niet echt|nie echt|"
                 r"nee dank je|nee bedankt|nee dankje|i'm good|im good|ik hoef niet)\b")
_YES = re.compile(r"^(?:ja+|jep|jup|jaa+|yes|yep|yeah|ya|yup|sure|graag|ja graag|ja hoor|"
                  r"prima|is goed|doe maar|oke graag|ok graag|please|yes please|ja please|"
                  r"that would be good|dat zou fijn zijn|wel fijn|ja is goed)\b")


def yes_or_no(text: str) -> Literal["yes", "no"] | None:
    """'yes' or 'no' when the message opens with one and does not turn it round ('ja, maar
    liever niet' is no); None otherwise."""
    if len(text.split()) > 12:
        return None
    flat = flat_words(text)
    if not flat or len(flat.split()) > 12:
        return None
    if _NO.match(flat) or re.search(r"\b(?:liever niet|liever nie|hoeft niet|hoeft nie|"
                                     r"not now|no thanks)\b", flat):
        return "no"
    if _YES.match(flat):
        return "yes"
    return None
