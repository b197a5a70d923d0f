"""A student who takes back what they just chose: 'nee wacht, eigenlijk was het niet leuk',
'oeps verkeerd gedrukt, niet fijn', 'sorry ik bedoelde goed', 'actually it was great'.

`taken_back` gives the words that say what they meant instead ('niet leuk'), or None. Only a
short message that opens with a way of taking back counts: 'eigenlijk was het heel druk bij
de kassa, ik moest ...' is an answer, not a correction."""

from __future__ import annotations

import re

from bot.language.lemmas import flat_words

_OPEN = r"(?:(?:oh|o|ow|oeps|oepsie|oops|sorry|sry|srry|haha|lol|huh|ehm|uhm|eh|nou|nouja|ja|" \
        r"wait|wacht|wacht ff|wacht even|hold on|no|nee+|nope) )*"
_BACK = (r"(?:eigenlijk|eig|ik bedoel|ik bedoelde|bedoel|bedoelde|ik bedoelde eigenlijk|"
         r"(?:ik heb |heb )?(?:verkeerd|fout|mis) ?(?:gedrukt|geklikt|gekozen|getikt|getypt)|"
         r"verkeerde knop|i meant|i mean|meant|actually|wrong button|my bad|"
         r"ik vergiste me|foutje|nee wacht|wacht nee|wait no|no wait)")
_WAS = (r"(?:(?:het|mijn dag|m'n dag|de dag|de stage|mijn stagedag|de stagedag|vandaag|it|"
        r"my day|today) (?:was|ging)|(?:was|ging) (?:het|mijn dag|de dag|vandaag|it)|"
        r"it was|was)")
_MISTAKE = re.compile(r"\b(?:verkeerd|fout|mis|verkeerde knop|wrong button|my bad|foutje|"
                      r"vergiste)\b")
_TAKEN_BACK = re.compile(rf"{_OPEN}(?:{_BACK}(?: {_BACK})*(?: {_WAS})?|(?:nee+|no|nope) {_WAS})"
                         r"(?: (?P<meant>.+))?")


def taken_back(text: str) -> str | None:
    """The words of what the student meant instead, after a way of taking back what they
    chose ('' for 'verkeerd geklikt' alone); None when the message is no correction (or too
    long to be one)."""
    if len(text.split()) > 10:
        return None
    flat = flat_words(text)
    if not flat or len(flat.split()) > 10:
        return None
    found = _TAKEN_BACK.fullmatch(flat)
    if found is None:
        return None
    meant = found["meant"] or ""
    if not meant:  # 'verkeerd geklikt' takes back; 'eigenlijk' or 'nee wacht' alone do not
        return "" if _MISTAKE.search(flat) else None
    return meant if len(meant.split()) <= 5 else None


# 'ik vraag of ik weer mee mag, nee wacht, ik vraag of hij het gasdeel uitlegt': what follows
# the last taking back is what they meant (an eighth user trial saved both, 'nee wacht' too).
_MIDWAY = re.compile(r"[,.;!]?\s*\b(?:nee+ wacht|wacht nee+|no wait|wait no|nee sorry|"
                     r"sorry nee+|of nee+|oh nee+|eh nee+|ik bedoel|i mean|i meant)\b[,.:;!]*\s*",
                     re.IGNORECASE)


def meant_instead(text: str) -> str:
    """The words after a change of mind in the middle of an answer, when they say enough (two
    words or more); the text as it is otherwise."""
    parts = _MIDWAY.split(text)
    if len(parts) < 2 or not parts[0].strip():
        return text
    last = parts[-1].strip()
    return last if len(last.split()) >= 2 else text
