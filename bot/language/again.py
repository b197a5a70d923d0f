"""What happened before has happened again: 'hij deed het vandaag weer', 'het gebeurde weer',
'ze blijven het doen', 'he did it again'. Said in the conversation after one that told of a
danger, it is that danger told again, though none of its words are in it (an eighth user
trial: 'hij deed het vandaag weer, in de koelcel' got 'Hij deed het vandaag weer, zeg je.')."""

from __future__ import annotations

import re

from bot.language.lemmas import flat_words

_WHO = r"(?:hij|ie|ze|zij|die|hun|he|she|they|mijn \w+|mn \w+|my \w+|de \w+|the \w+)"
_WHEN = r"(?:(?:vandaag|gisteren|vanochtend|vanmiddag|vannacht|gister|today|yesterday|" \
        r"this morning|last night|ook|echt|gewoon|alweer) )*"
_PERSON = r"(?:hij|ie|ze|zij|he|she|they)"
# not a thing that failed again, nor a deed done well again ('de kassa deed het weer niet')
# not a thing that failed again, nor a deed done well again ('de kassa deed het weer niet')
_NOT_IT = r"(?! (?:niet|nie|not|goed|prima|fine|well|good|perfect))"
_AGAIN = re.compile(
    rf"\b{_WHO} (?:deed|doet|heeft|probeerde|begon|did|does|tried|started) (?:het|dat|t|dit|it|"
    rf"that) (?:\w+ )?{_WHEN}(?:weer|opnieuw|nog steeds|nog een keer|alweer|again|still)\b"
    rf"{_NOT_IT}|\b{_WHO} (?:deed|doet|did|does|tried) {_WHEN}(?:weer|opnieuw|alweer|again)\b"
    rf"{_NOT_IT}|"
    rf"\b(?:het|t|dat|it|this) (?:is|gebeurde|gebeurt|happened|happens|was) {_WHEN}(?:weer|"
    rf"opnieuw|alweer|nog steeds|again|still happening)\b(?! (?:goed|leuk|gezellig|fine|good|"
    rf"fun|druk|busy))|"
    rf"\b(?:weer|opnieuw|alweer) (?:gebeurd|gedaan|geprobeerd)\b|"
    rf"\b{_PERSON} (?:begon|begint|started|starts) (?:\w+ )?(?:weer|opnieuw|again)\b|"
    rf"\b(?:was|is) (?:ie|hij|ze|zij|die \w+) (?:er )?(?:weer|again)\b|\b{_PERSON} (?:was|is) "
    rf"(?:er )?(?:weer|again)\b|\b(?:zelfde|hetzelfde|same) als (?:vorige|last) (?:keer|time)\b|"
    rf"\bweer hetzelfde\b|\bsame (?:thing )?again\b|\bnog steeds (?:die|dat|hetzelfde)\b|"
    rf"\b{_WHO} (?:blijft|blijven|keeps|keep) (?:het |t |it )?(?:doen|doing|proberen|trying)\b|"
    rf"\b{_PERSON} (?:gaat|gaan|is|are) (?:\w+ )?(?:gewoon )?(?:door|still doing it|"
    rf"doorgegaan)$")


def happened_again(text: str) -> bool:
    """The student tells that it (what they told of before) happened again."""
    if len(text) > 600:
        return False  # a long story tells what happened in its own words, screened as such
    return _AGAIN.search(flat_words(text)) is not None
