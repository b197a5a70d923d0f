"""Lemmas (base forms) of Dutch and English words, from simplemma, plus chat spelling.

A student's language is not known per sentence (many switch), so a word gets the lemmas of
both: "sloeg" -> slaan, "beaten" -> beat.
"""

from __future__ import annotations

from functools import lru_cache

import simplemma

from bot.language.text import words

LANGUAGES = ("nl", "en")

# Chat spelling and abbreviations, as one word standing for one or more words.
CHAT: dict[str, tuple[str, ...]] = {
    # Dutch
    "k": ("ik",), "'k": ("ik",), "kwil": ("ik", "wil"), "kben": ("ik", "ben"),
    "kheb": ("ik", "heb"), "kga": ("ik", "ga"), "kmoet": ("ik", "moet"), "kan't": ("kan", "niet"),
    "mn": ("mijn",), "m'n": ("mijn",), "mijne": ("mijn",), "zn": ("zijn",), "z'n": ("zijn",),
    "nie": ("niet",), "ni": ("niet",), "nt": ("niet",), "nit": ("niet",), "nie't": ("niet",),
    "mr": ("meer",), "mer": ("meer",), "ff": ("even",), "efkes": ("even",), "effe": ("even",),
    "wrm": ("waarom",), "idd": ("inderdaad",), "gwn": ("gewoon",), "gewn": ("gewoon",),
    "iem": ("iemand",), "niemd": ("niemand",), "nx": ("niks",), "vnd": ("vind",),
    "vin": ("vind",),
    "dr": ("er",), "d'r": ("er",), "hb": ("heb",), "hbn": ("hebben",), "wl": ("wel",),
    "ns": ("eens",), "es": ("eens",), "vd": ("van", "de"), "v/d": ("van", "de"),
    "ge": ("je",), "gij": ("jij",), "oe": ("je",), "hedde": ("heb", "je"), "hedt": ("heeft",),
    "da": ("dat",), "wa": ("wat",), "kzie": ("ik", "zie"), "kweet": ("ik", "weet"),
    "lvn": ("leven",), "vndg": ("vandaag",), "vndaag": ("vandaag",), "t": ("het",),
    "'t": ("het",), "n": ("een",), "egt": ("echt",), "ech": ("echt",), "tog": ("toch",),
    "zm": ("zelfmoord",), "zelfmrd": ("zelfmoord",),
    # Flemish, Brabant, Limburg and Groningen spellings students write
    "ich": ("ik",), "mich": ("me",), "mien": ("mijn",), "mienen": ("mijn",), "neet": ("niet",),
    "neit": ("niet",), "nait": ("niet",), "nich": ("niet",), "kunde": ("kun", "je"),
    "wilde": ("wilde",), "haet": ("heeft",), "zulf": ("zelf",),
    "pien": ("pijn",), "doan": ("doen",), "aon": ("aan",), "gin": ("geen",), "gene": ("geen",),
    "moogt": ("mag",), "moogde": ("mag", "je"),
    "gain": ("geen",), "laiven": ("leven",), "lääven": ("leven",), "gein": ("geen",),
    "deurgoa": ("doorga",), "deurgoan": ("doorgaan",),
    "worom": ("waarom",), "weure": ("worden",), "snieden": ("snijden",),
    "snieje": ("snijden",), "sloagen": ("geslagen",), "smeten": ("gesmeten",),
    "hai": ("hij",), "gezope": ("gezopen",), "bienao": ("bijna",), "ezaagd": ("gezaagd",),
    "wuir": ("word",), "oet": ("uit",), "kloar": ("klaar",), "mit": ("met",), "goa": ("ga",),
    # English
    "i'm": ("i", "am"), "im": ("i", "am"), "ive": ("i", "have"), "i've": ("i", "have"),
    "i'd": ("i", "would"), "i'll": ("i", "will"),
    "dont": ("do", "not"), "don't": ("do", "not"), "didnt": ("did", "not"),
    "didn't": ("did", "not"), "doesnt": ("does", "not"), "doesn't": ("does", "not"),
    "cant": ("can", "not"), "can't": ("can", "not"), "cannot": ("can", "not"),
    "wont": ("will", "not"), "won't": ("will", "not"), "isnt": ("is", "not"),
    "isn't": ("is", "not"), "wasnt": ("was", "not"), "wasn't": ("was", "not"),
    "aint": ("am", "not"), "ain't": ("am", "not"), "wouldnt": ("would", "not"),
    "wouldn't": ("would", "not"), "shouldn't": ("should", "not"), "havent": ("have", "not"),
    "haven't": ("have", "not"), "wanna": ("want", "to"), "gonna": ("going", "to"),
    "gotta": ("got", "to"), "u": ("you",), "ur": ("your",), "ppl": ("people",),
    "idk": ("i", "do", "not", "know"), "dunno": ("do", "not", "know"),
    "kms": ("kill", "myself"), "kys": ("kill", "yourself"), "unalive": ("kill",),
    "sewerslide": ("suicide",), "sh": ("self", "harm"), "selfharm": ("self", "harm"),
    "pls": ("please",), "plz": ("please",), "bc": ("because",), "cuz": ("because",),
    "coz": ("because",), "rn": ("right", "now"), "tbh": ("to", "be", "honest"),
    "ngl": ("not", "gonna", "lie"), "smth": ("something",), "sth": ("something",),
    "bf": ("boyfriend",), "gf": ("girlfriend",), "stepdad": ("stepdad",),
}
# Lemmas simplemma gets wrong for how students use these words.
_FIXED: dict[str, str] = {
    "gesneden": "snijden", "sneed": "snijden", "geknepen": "knijpen", "kneep": "knijpen",
    "sneden": "snijden", "snij": "snijden",
    "gekrast": "krassen", "kras": "krassen", "opgesloten": "opsluiten", "dood": "dood",
    "doden": "doden", "leve": "leven", "leef": "leven", "leeft": "leven", "geleefd": "leven",
    "wou": "willen", "wouw": "willen", "wilt": "willen", "zat": "zitten", "zit": "zitten",
    "pakte": "pakken", "gepakt": "pakken", "klappen": "klap", "pillen": "pil",
    "foto's": "foto", "fotos": "foto", "beaten": "beat", "hits": "hit", "died": "die",
    "dying": "die", "dead": "dead", "cutting": "cut", "cuts": "cut", "scars": "scar",
}


# Words the dictionaries miss that are one letter from a danger word: not typos of it.
_KNOWN = frozenset({"aangebrand", "aanbranden", "gebrand"})


def warm() -> None:
    """Load the dictionaries now (about half a second), not at the first student's message."""
    for language in LANGUAGES:
        simplemma.is_known("dag", lang=language)


@lru_cache(maxsize=65536)
def is_word(word: str) -> bool:
    """A word Dutch or English knows (so not a typo to correct)."""
    return word in _KNOWN or any(simplemma.is_known(word, lang=language)
                                 for language in LANGUAGES)


@lru_cache(maxsize=65536)
def lemmas(word: str) -> frozenset[str]:
    """The word and its base forms in Dutch and English (separable verbs joined: opsluiten).

    A word no dictionary knows may be spoken Dutch that drops or softens an ending:
    'geslage' is 'geslagen', 'gesneje' is 'gesneden'."""
    found = {word}
    fixed = _FIXED.get(word)
    if fixed:
        found.add(fixed)
    for form in [word, *_spoken(word)]:
        for language in LANGUAGES:
            found.add(simplemma.lemmatize(form, lang=language).replace("_", "").casefold())
    return frozenset(found)


def _spoken(word: str) -> list[str]:
    """Written-out forms of an unknown word in spoken Dutch, if one of them is a word."""
    if len(word) < 4 or is_word(word):
        return []
    guesses = [word + "n"]
    if word.endswith("je"):
        guesses.append(word[:-2] + "den")
    return [guess for guess in guesses if is_word(guess)]


@lru_cache(maxsize=65536)
def dutch_lemma(word: str) -> str:
    """The Dutch base form simplemma gives, with this module's corrections ('snij' ->
    snijden, 'zat' -> zitten)."""
    return _FIXED.get(word) or simplemma.lemmatize(word, lang="nl").replace("_", "").casefold()


@lru_cache(maxsize=65536)
def base_form(word: str) -> str:
    """One base form for phrase patterns: the Dutch lemma, else the English one."""
    fixed = _FIXED.get(word)
    if fixed:
        return fixed
    for language in LANGUAGES:
        lemma = simplemma.lemmatize(word, lang=language).replace("_", "").casefold()
        if lemma != word:
            return lemma
        if simplemma.is_known(word, lang=language):
            return word  # a Dutch word as it is ('met' is not English 'meet')
    return word


def flat_words(text: str) -> str:
    """The text's words, folded, with chat spelling written out, one space apart: what the
    phrase patterns read ('k wil nie' -> 'ik wil niet')."""
    return " ".join(expand(words(text)))


def expand(words: list[str]) -> list[str]:
    """Chat spelling written out: 'k wil nie' -> 'ik wil niet'."""
    out: list[str] = []
    for word in words:
        out.extend(CHAT.get(word, (word,)))
    return out
