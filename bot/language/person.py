"""A student's words about themself, said back to them: first person to second.

'ik merkte dat ik goed blijf nadenken' -> 'je merkte dat je goed blijft nadenken'. Dutch gives
the verb of 'je' its -t, and which word that is depends on the clause:

- in a main clause the verb comes right after 'ik': 'ik werk' -> 'je werkt';
- after the verb ('vandaag werk ik', 'kan ik') it keeps its form: 'vandaag werk je';
- in a clause after 'dat', 'omdat', 'als' ... it comes later, usually last, before its
  infinitives: 'omdat ik snel leer' -> 'omdat je snel leert';
- a past form stays: 'ik werkte' -> 'je werkte'.

No dictionary here says which word is a verb; simplemma's base forms and the place in the
clause do. Words that look like a verb stem but are not one in a student's sentence ('goed',
'snel', 'druk') are listed.
"""

from __future__ import annotations

from functools import lru_cache

import simplemma

_IRREGULAR = {"doe": "doet", "ga": "gaat", "sta": "staat", "zie": "ziet", "sla": "slaat",
              "kan": "kunt", "kun": "kunt", "wil": "wilt", "zal": "zult", "ben": "bent",
              "heb": "hebt", "kom": "komt", "hoef": "hoeft", "weet": "weet", "mag": "mag",
              "moet": "moet", "word": "wordt", "vind": "vindt", "hou": "houdt",
              "houd": "houdt"}
# Words that simplemma lets pass as a verb stem ('goed' + t -> 'goeden', 'druk' -> 'drukken')
# and that in a student's sentence about themself are (nearly) always something else.
_NOT_VERBS = frozenset({
    "goed", "snel", "sneller", "hard", "druk", "leuk", "klaar", "blij", "best", "beter", "echt",
    "graag", "netjes", "samen", "alleen", "zelf", "vaak", "meer", "veel", "heel", "weer",
    "nooit", "altijd", "ook", "nu", "hier", "daar", "even", "soms", "al", "nog", "wel", "niet",
    "steeds", "eigenlijk", "helemaal", "langzaam", "zeker", "vooral", "gewoon", "toch", "eerst",
    "later", "straks", "laat", "vroeg", "rustig", "moe", "bang", "boos", "trots", "stil", "dom",
    "slim", "fout", "lang", "kort", "zwaar", "makkelijk", "moeilijk", "beetje", "vast", "mee",
    "op", "af", "uit", "aan", "in", "door", "over", "weg", "terug", "voor", "na", "bij", "om",
    "tot", "dan", "dus", "maar", "en", "of", "dat", "wat", "het", "de", "een", "die", "deze",
    "dit", "er", "iets", "niks", "niets", "dag", "stage", "zin", "tijd", "fouten", "hulp",
    "vandaag", "gisteren", "morgen", "keer", "week", "baas", "chef", "klant", "collega", "te",
})
_SUBORDINATORS = frozenset({
    "dat", "omdat", "als", "wanneer", "toen", "of", "hoe", "wat", "waar", "zodat", "terwijl",
    "waardoor", "voordat", "nadat", "totdat", "sinds", "doordat", "hoewel", "alsof", "waarom",
    "wie", "zoals", "welke", "waarin", "waarmee", "waarbij", "waarvan", "ofdat", "zodra",
    "mits", "tenzij"})
_COORDINATORS = frozenset({"en", "maar", "want", "dus", "of", "mar"})
# After these a word is the thing, not the doing: 'het werk', 'onder druk', 'mijn zin'.
_BEFORE_NOUNS = frozenset({
    "de", "een", "mijn", "je", "jouw", "zijn", "haar", "hun", "onze", "ons", "deze", "die",
    "dit", "elke", "iedere", "welke", "veel", "weinig", "geen", "hele", "andere", "nieuwe",
    "in", "op", "met", "onder", "voor", "bij", "aan", "van", "naar", "door", "over", "na",
    "tijdens", "zonder", "tegen", "uit", "om", "tot", "te", "per", "achter", "naast", "boven",
    "tussen", "rond", "langs", "sinds", "vanaf"})
_PREFIXES = ("aan", "af", "bij", "door", "in", "mee", "na", "om", "op", "over", "samen",
             "terug", "toe", "uit", "vast", "voor", "weg", "binnen", "buiten", "thuis")
_NL = {"ik": "je", "me": "je", "mijn": "je", "mezelf": "jezelf", "mijzelf": "jezelf",
       "we": "jullie", "wij": "jullie", "ons": "jullie", "onze": "jullie",
       "my": "your", "myself": "yourself", "i": "you"}
_EN = {"i": "you", "me": "you", "my": "your", "myself": "yourself", "mine": "yours",
       "we": "you", "us": "you", "our": "your", "ours": "yours", "ourselves": "yourselves",
       "mijn": "your"}
_EN_VERBS = {"am": "are", "was": "were"}
_SUBJECTS = frozenset({"ik", "hij", "zij", "ze", "je", "jij", "we", "wij", "jullie", "u",
                       "men", "iedereen", "niemand", "iemand"})
_NEW_SUBJECT = frozenset({"ik", "hij", "jij", "we", "wij", "jullie"})  # 'en ga ik', not 'en pak ze'



def said_back(tokens: list[str], english: bool) -> list[str]:
    """The tokens (lower case, chat spelling written out) said to the student."""
    return _english(tokens) if english else _dutch(tokens)


def _english(tokens: list[str]) -> list[str]:
    out = [_EN.get(t, t) for t in tokens]
    for i, token in enumerate(tokens):
        if token in _EN_VERBS and ((i > 0 and tokens[i - 1] == "i")
                                   or (i + 1 < len(tokens) and tokens[i + 1] == "i")):
            out[i] = _EN_VERBS[token]
    return out


def _dutch(tokens: list[str]) -> list[str]:
    out = [_NL.get(t, t) for t in tokens]
    for i, token in enumerate(tokens):
        if token == "mij":
            out[i] = "je" if _own_subject(tokens, i) else "jou"
        if token != "ik":
            continue
        before = tokens[i - 1] if i else None
        if before is not None and before not in _SUBORDINATORS and \
                before not in _COORDINATORS and is_finite(before):
            continue  # 'vandaag werk ik': the verb keeps its form before 'je'
        at = _late_verb(tokens, i) if before in _SUBORDINATORS else _next_verb(tokens, i)
        if at is not None and is_stem(tokens[at]):
            out[at] = second_person(tokens[at])
            if at == i + 1:
                _also_after_and(tokens, out, at)
    return out


def _next_verb(tokens: list[str], i: int) -> int | None:
    """'ik werk ...': the word after 'ik', if a verb can stand there."""
    at = i + 1
    if at < len(tokens) and tokens[at] not in _NOT_VERBS:
        return at
    return None


def _late_verb(tokens: list[str], i: int) -> int | None:
    """'omdat ik snel leer': the clause's last finite verb, before its infinitives."""
    found: list[int] = []
    for at in range(i + 1, len(tokens)):
        token = tokens[at]
        if token in _COORDINATORS or token in _SUBORDINATORS or token == "om":
            break
        if token == "ik":
            if found and found[-1] == at - 1:  # 'als ik klaar ben ga ik': 'ga' is the next
                found.pop()  # clause's
            break
        if tokens[at - 1] in _BEFORE_NOUNS and token not in _IRREGULAR:
            continue
        if token not in _NOT_VERBS and (is_stem(token) or is_past(token)):
            found.append(at)
    return found[-1] if found else None


def _also_after_and(tokens: list[str], out: list[str], at: int) -> None:
    """'ik scan de dozen en pak ze in' -> 'je scant de dozen en pakt ze in': a second verb of
    the same 'ik', right after the first 'en' or 'maar'."""
    for nxt in range(at + 1, len(tokens) - 1):
        if tokens[nxt] in _SUBORDINATORS or tokens[nxt] == "ik":
            return
        if tokens[nxt] in ("en", "maar"):
            verb = tokens[nxt + 1]
            if verb not in _NOT_VERBS and is_stem(verb) and \
                    (nxt + 2 >= len(tokens) or tokens[nxt + 2] not in _NEW_SUBJECT):
                out[nxt + 1] = second_person(verb)
            return


def _own_subject(tokens: list[str], i: int) -> bool:
    """'ik voel mij' (je), 'hij hielp mij' (jou): the nearest subject before it is 'ik'."""
    for token in reversed(tokens[:i]):
        if token in _SUBJECTS:
            return token == "ik"
    return False


def second_person(stem: str) -> str:
    """'merk' -> 'merkt': the form after 'je' of a present-tense stem."""
    if stem in _IRREGULAR:
        return _IRREGULAR[stem]
    prefix = _separable(stem)
    if prefix:  # 'omga' -> 'omgaat'
        return prefix + _IRREGULAR[stem[len(prefix):]]
    return stem if stem.endswith("t") else stem + "t"


def is_finite(word: str) -> bool:
    return word in _IRREGULAR or (word not in _NOT_VERBS and (is_stem(word) or is_past(word)))


@lru_cache(maxsize=8192)
def is_stem(word: str) -> bool:
    """A present-tense stem of a verb ('werk', 'blijf', 'leg', 'zet'), as far as simplemma's
    base forms tell."""
    if word in _IRREGULAR or _separable(word):
        return True
    if len(word) < 2 or not word.isalpha() or word in _SUBJECTS:
        return False
    infinitives = _infinitives(word)
    own = simplemma.lemmatize(word, lang="nl")
    if own in infinitives:
        return True
    if own != word or word.endswith("t"):  # 'was' is a form of zijn, not of wassen
        return False
    return simplemma.lemmatize(word + "t", lang="nl") in infinitives


@lru_cache(maxsize=8192)
def is_past(word: str) -> bool:
    """A past-tense form ('werkte', 'bleef', 'was'), not a participle ('gedaan', 'verteld')."""
    if len(word) < 2 or not word.isalpha() or word in _IRREGULAR:
        return False
    lemma = simplemma.lemmatize(word, lang="nl")
    if lemma == word or not lemma.endswith("en") or lemma in _infinitives(word):
        return False
    if word.startswith("ge") or any(word.startswith(p + "ge") for p in _PREFIXES):
        return False
    if word.endswith(("d", "t")) and not word.endswith(("de", "te")) and \
            word.startswith(("be", "ver", "ont", "her", "er")) and len(word) > 5:
        return False  # 'verteld', 'betaald'
    return not word.endswith("en") or word.endswith(("den", "ten"))


def _separable(stem: str) -> str:
    """The prefix of an irregular verb's stem with one: 'omga' -> 'om', 'meedoe' -> 'mee'."""
    return next((p for p in _PREFIXES if stem.startswith(p) and stem[len(p):] in _IRREGULAR
                 and len(stem) > len(p) + 1), "")


def _infinitives(stem: str) -> set[str]:
    voiced = {"f": "v", "s": "z"}.get(stem[-1:], stem[-1:])  # blijf -> blijven, lees -> lezen
    found = {stem + "en", stem + stem[-1:] + "en", stem[:-1] + voiced + "en", stem + "n"}
    if len(stem) > 2 and stem[-2] == stem[-3]:  # 'maak' -> 'maken', 'leer' -> 'leren'
        found |= {stem[:-2] + stem[-1] + "en", stem[:-2] + voiced + "en"}
    return found


def in_english(tokens: list[str]) -> bool:
    """Whether a student's sentence about themself is English ('i', 'my'), not Dutch."""
    return "ik" not in tokens and any(t in ("i", "my", "myself") for t in tokens)
