"""A student's words about themself, said back to them: first person to second.

'ik merkte dat ik goed blijf nadenken' -> 'je merkte dat je goed blijft nadenken'. Dutch gives
the verb of 'je' its -t, and which word that is depends on the clause:

- in a main clause the verb comes right after 'ik': 'ik werk' -> 'je werkt';
- after the verb ('vandaag werk ik', 'kan ik') it keeps its form: 'vandaag werk je';
- in a clause after 'dat', 'omdat', 'als' ... it comes later, usually last, before its
  infinitives: 'omdat ik snel leer' -> 'omdat je snel leert';
- a past form stays: 'ik werkte' -> 'je werkte', 'ik las' -> 'je las'.

No dictionary here says which word is a verb. A word counts as a present stem when its Dutch
base form is its infinitive ('help' -> helpen), or when it is listed: a few stems whose base
form is a noun ('werk', 'vraag'), and the irregular ones. Strong past forms are listed, because
the base forms mistake some ('las' -> lassen). Words that could be a stem in other places ('goed'
+ t, 'druk' + t) are only taken where a verb must stand, right after 'ik'.
"""

from __future__ import annotations

from functools import lru_cache

from bot.language.lemmas import dutch_lemma

_IRREGULAR = {"doe": "doet", "ga": "gaat", "sta": "staat", "zie": "ziet", "sla": "slaat",
              "kan": "kunt", "kun": "kunt", "wil": "wilt", "zal": "zult", "ben": "bent",
              "heb": "hebt", "kom": "komt", "hoef": "hoeft", "weet": "weet", "mag": "mag",
              "moet": "moet", "word": "wordt", "vind": "vindt", "hou": "houdt",
              "houd": "houdt", "snij": "snijdt", "durf": "durft"}
# Present stems whose base form is a noun: 'werk' is werk, not werken.
_NOUN_TOO = frozenset({"werk", "vraag", "antwoord", "plan", "zorg", "verkoop", "verlies",
                       "begin", "bouw", "schilder", "scan", "ruim", "start", "test", "fiets",
                       "check", "train", "help", "leer", "kook", "oefen", "lach", "praat",
                       "stuur", "droom", "slaap", "dans", "zwem", "reis", "hoop"})
# Past forms, some of which the base forms get wrong ('las', 'at', 'vroeg').
_PAST = frozenset({
    "was", "waren", "had", "deed", "werd", "ging", "stond", "sloeg", "zag", "las", "reed",
    "loog", "gaf", "lag", "zat", "at", "kwam", "nam", "sprak", "brak", "stak", "droeg", "vroeg",
    "schreef", "bleef", "keek", "kreeg", "liep", "riep", "sliep", "hield", "viel", "hing",
    "ving", "zong", "dronk", "vond", "won", "begon", "zwom", "schoot", "sloot", "bood",
    "verloor", "vloog", "trok", "koos", "wees", "greep", "beet", "gleed", "leed", "sneed",
    "dook", "kroop", "schoof", "zweeg", "hielp", "stierf", "wierp", "zocht", "dacht", "bracht",
    "kocht", "mocht", "moest", "kon", "wou", "wilde", "zou", "wist", "liet", "zei", "durfde",
    "hoefde", "snapte", "leerde", "werkte", "kookte"})
# Present forms of 'hij' and 'je': finite, but not the student's own stem.
_THIRD = frozenset({"heeft", "is", "gaat", "doet", "staat", "ziet", "komt", "wordt", "kunt",
                    "zult", "wilt", "hoeft", "houdt", "vindt", "slaat"})
# Where a verb is expected these are still something else ('ik zelf vind', 'lol').
_NOT_VERBS = frozenset({
    "goed", "snel", "sneller", "hard", "druk", "leuk", "klaar", "blij", "best", "beter", "echt",
    "graag", "netjes", "samen", "alleen", "zelf", "vaak", "meer", "veel", "heel", "weer",
    "nooit", "altijd", "ook", "nu", "hier", "daar", "even", "soms", "al", "nog", "wel", "niet",
    "steeds", "eigenlijk", "helemaal", "langzaam", "zeker", "vooral", "gewoon", "toch", "eerst",
    "later", "straks", "laat", "vroeg", "rustig", "moe", "bang", "boos", "trots", "stil", "dom",
    "slim", "fout", "lang", "kort", "zwaar", "makkelijk", "moeilijk", "beetje", "vast", "ziek",
    "bezig", "vrij", "nodig", "open", "warm", "schoon", "leeg", "gek", "persoonlijk",
    "op", "af", "uit", "aan", "in", "door", "over", "weg", "terug", "voor", "na", "bij", "om",
    "mee", "tot", "dan", "dus", "maar", "en", "of", "dat", "wat", "het", "de", "een", "die",
    "deze", "dit", "er", "iets", "niks", "niets", "te", "haar", "hem", "mijn", "zijn", "hun",
    "man", "lol", "haha", "hoor", "like", "waar", "bro", "wallah", "joh", "jongen", "ofzo",
    "enzo"})
_SKIPPED_AFTER_IK = frozenset({"zelf", "persoonlijk"})  # 'ik zelf vind' -> 'je zelf vindt'
SUBORDINATORS = frozenset({
    "dat", "omdat", "als", "wanneer", "toen", "of", "hoe", "wat", "waar", "zodat", "terwijl",
    "waardoor", "voordat", "nadat", "totdat", "sinds", "doordat", "hoewel", "alsof", "waarom",
    "wie", "zoals", "welke", "waarin", "waarmee", "waarbij", "waarvan", "ofdat", "zodra",
    "mits", "tenzij"})
_COORDINATORS = frozenset({"en", "maar", "want", "dus", "of", "mar"})
# 'dat ik dat niet snap': 'dat' followed by these is a thing, no clause of its own.
_NO_CLAUSE_AFTER = frozenset({"niet", "nog", "ook", "wel", "echt", "goed", "fout", "veel",
                              "altijd", "nooit", "zo", "precies", "eigenlijk", "allemaal",
                              "gewoon", "nie"})
# After these a word is a thing: 'het werk', 'mijn zin', 'die klant'.
BEFORE_NOUNS = frozenset({"de", "een", "mijn", "jouw", "onze", "ons", "hun", "deze", "die",
                           "dit", "elke", "iedere", "welke", "geen", "hele", "andere",
                           "nieuwe", "eerste", "laatste"})
# Dutch prepositions, also as the second half of 'er ... van', 'daar ... mee'.
PREPOSITIONS = frozenset({"met", "mee", "voor", "bij", "aan", "van", "naar", "op", "in", "over",
                          "door", "uit", "om", "tegen", "zonder", "na", "tijdens", "af",
                          "achter", "toe"})
_THING_AFTER = BEFORE_NOUNS | {"het"}  # 'ik open de winkel', 'ik open het hek'
_PREFIXES = ("aan", "af", "bij", "door", "in", "mee", "na", "om", "op", "over", "samen",
             "terug", "toe", "uit", "vast", "voor", "weg", "binnen", "buiten", "thuis")
_NL = {"ik": "je", "me": "je", "mijn": "je", "mezelf": "jezelf", "mijzelf": "jezelf",
       "we": "jullie", "wij": "jullie", "ons": "jullie", "onze": "jullie"}
_EN = {"i": "you", "me": "you", "my": "your", "myself": "yourself", "mine": "yours",
       "we": "you", "us": "you", "our": "your", "ours": "yours", "ourselves": "yourselves",
       "mijn": "your"}
_EN_VERBS = {"am": "are", "was": "were"}
_EN_ADVERBS = frozenset({"really", "honestly", "also", "just", "still", "actually", "never",
                         "myself", "kinda", "literally", "always", "even", "only", "finally",
                         "definitely", "totally", "sometimes", "probably", "so", "not"})
_EN_WORDS = frozenset({"i", "my", "myself", "the", "and", "it", "they", "were", "with", "of",
                       "to", "at", "he", "she", "our", "us", "was", "is", "did", "today"})
_NL_WORDS = frozenset({"ik", "de", "het", "een", "en", "niet", "met", "van", "op", "mijn",
                       "ben", "heb", "was", "vandaag", "ze", "hij", "dat", "wij"})
_SUBJECTS = frozenset({"ik", "hij", "zij", "ze", "je", "jij", "we", "wij", "jullie", "u",
                       "men", "iedereen", "niemand", "iemand"})
_NEW_SUBJECT = frozenset({"ik", "hij", "jij", "we", "wij", "jullie"})  # 'en ga ik', not 'en pak ze'


def said_back(tokens: list[str], english: bool) -> list[str]:
    """The tokens (lower case, chat spelling written out) said to the student."""
    return _english(tokens) if english else _dutch(tokens)


def in_english(tokens: list[str]) -> bool:
    """Whether a student's sentence about themself is English rather than Dutch."""
    english = sum(t in _EN_WORDS for t in tokens)
    return "ik" not in tokens and english > sum(t in _NL_WORDS for t in tokens)


def written_in(tokens: list[str]) -> str | None:
    """'nl' or 'en' when a text is plainly in that language (its small words say so), else
    None: a word or two, a name, an emoji."""
    english = sum(t in _EN_WORDS for t in tokens)
    dutch = sum(t in _NL_WORDS for t in tokens)
    if english >= 2 and english > 2 * dutch:
        return "en"
    if dutch >= 2 and dutch > 2 * english:
        return "nl"
    return None


def _english(tokens: list[str]) -> list[str]:
    out = [_EN.get(t, t) for t in tokens]
    for i, token in enumerate(tokens):
        if token == "i":
            at = i + 1
            while at < len(tokens) and tokens[at] in _EN_ADVERBS:
                at += 1  # 'I really was' -> 'you really were'
            if at < len(tokens) and tokens[at] in _EN_VERBS:
                out[at] = _EN_VERBS[tokens[at]]
        elif token in _EN_VERBS and i + 1 < len(tokens) and tokens[i + 1] == "i":
            out[i] = _EN_VERBS[token]  # 'was I' -> 'were you'
    return out


def _dutch(tokens: list[str]) -> list[str]:
    out = [_NL.get(t, t) for t in tokens]
    for i, token in enumerate(tokens):
        if token == "mij":
            out[i] = "je" if _own_subject(tokens, i) else "jou"
        if token != "ik":
            continue
        before = tokens[i - 1] if i else None
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if after == "en" or (before == "en" and after is not None and after.endswith("en")
                             and after not in _IRREGULAR):
            out[i] = "jij"  # 'ik en mijn collega', 'mijn collega en ik werken'
        if before is not None and before not in SUBORDINATORS and \
                before not in _COORDINATORS and is_finite(before):
            continue  # 'vandaag werk ik': the verb keeps its form before 'je'
        at = _late_verb(tokens, i) if before in SUBORDINATORS else _next_verb(tokens, i)
        if at is not None:
            out[at] = second_person(tokens[at])
            _also_after_and(tokens, out, at)
    return out


def _next_verb(tokens: list[str], i: int) -> int | None:
    """'ik werk ...': the word after 'ik', where a verb stands; 'goed' + t is no verb."""
    at = i + 1
    while at < len(tokens) and tokens[at] in _SKIPPED_AFTER_IK:
        at += 1
    if at < len(tokens) and ((tokens[at] not in _NOT_VERBS and _looks_like_stem(tokens[at]))
                             or opens_a_thing(tokens, at)):
        return at
    return None


def is_plural_verb(word: str) -> bool:
    """'werken' in '(mijn collega en) ik werken samen': a verb, but not of 'ik' alone."""
    return len(word) > 3 and word.endswith("en") and word not in _NOT_VERBS and \
        not could_be_verb(word)


def opens_a_thing(tokens: list[str], at: int) -> bool:
    """'ik open de winkel': 'open' is a verb where a thing follows ('ik ben open' is not)."""
    return tokens[at] == "open" and tokens[at + 1:at + 2] != [] and \
        tokens[at + 1] in _THING_AFTER


def _late_verb(tokens: list[str], i: int) -> int | None:
    """'omdat ik snel leer': the clause's finite verb, the last one (a known verb first) before
    another clause; None when it is a past form or there is none."""
    found: list[int] = []
    for at in range(i + 1, len(tokens)):
        token = tokens[at]
        nxt = tokens[at + 1] if at + 1 < len(tokens) else None
        if token == "om" and "te" in tokens[at + 1:at + 6]:
            break  # 'om ... te ...' is a clause of its own
        if token in _COORDINATORS or (token in SUBORDINATORS and nxt not in _NO_CLAUSE_AFTER
                                      and not (token == "wat" and tokens[at - 1] in PREPOSITIONS)):
            break  # but 'met wat oudere kinderen': 'wat' is 'some'
        if token == "die" and tokens[at - 1] not in PREPOSITIONS and at > i + 1:
            break  # 'dat ik de klant help die boos werd': a clause of its own
        if token == "ik":
            if found and found[-1] == at - 1:  # 'als ik klaar ben ga ik': 'ga' is the next
                found.pop()  # clause's
            break
        if tokens[at - 1] in BEFORE_NOUNS and token not in _IRREGULAR:
            continue
        if token not in _NOT_VERBS and (is_stem(token) or is_past(token)):
            found.append(at)
    known = [at for at in found if tokens[at] in _IRREGULAR or tokens[at] in _PAST]
    chosen = known or found
    return chosen[-1] if chosen and is_stem(tokens[chosen[-1]]) else None


def _also_after_and(tokens: list[str], out: list[str], at: int) -> None:
    """'ik scan de dozen en pak ze in' -> 'je scant de dozen en pakt ze in': a second verb of
    the same 'je', right after the first 'en' or 'maar'."""
    for nxt in range(at + 1, len(tokens) - 1):
        if tokens[nxt] in SUBORDINATORS or tokens[nxt] == "ik":
            return
        if tokens[nxt] in ("en", "maar"):
            verb = tokens[nxt + 1]
            if verb not in _NOT_VERBS and verb not in _NL and is_stem(verb) and \
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


def could_be_verb(word: str) -> bool:
    """A finite verb, or a word that is one where a verb must stand ('merk')."""
    return is_finite(word) or _looks_like_stem(word)


def is_finite(word: str) -> bool:
    """A finite verb: a present stem, a past form, or a present form of 'hij'."""
    return word in _THIRD or is_stem(word) or is_past(word)


@lru_cache(maxsize=8192)
def is_stem(word: str) -> bool:
    """A present-tense stem of a verb ('werk', 'blijf', 'leg', 'zet'), as the base forms tell:
    its base form is its infinitive. Past forms and other words are not."""
    if word in _IRREGULAR or word in _NOUN_TOO or _separable(word):
        return True
    if len(word) < 2 or not word.isalpha() or word in _PAST or word in _SUBJECTS or \
            word in _NOT_VERBS:
        return False
    return dutch_lemma(word) in _infinitives(word)


@lru_cache(maxsize=8192)
def _looks_like_stem(word: str) -> bool:
    """Where a verb must stand, also a word whose form with -t is a verb's ('merk' + t)."""
    if is_stem(word):
        return True
    if len(word) < 2 or not word.isalpha() or word.endswith("t") or word in _NOT_VERBS or \
            is_past(word):
        return False  # 'was' is a form of zijn, not of wassen
    return dutch_lemma(word + "t") in _infinitives(word)


@lru_cache(maxsize=8192)
def is_past(word: str) -> bool:
    """A past-tense form ('werkte', 'bleef', 'was'); not a participle ('gedaan', 'verteld'),
    not a present form ('werkt', 'heeft')."""
    if word in _PAST:
        return True
    if len(word) < 3 or not word.isalpha() or word in _THIRD or is_stem(word):
        return False
    lemma = dutch_lemma(word)
    if lemma == word or not lemma.endswith("n"):
        return False
    if word.endswith("t") and is_stem(word[:-1]):
        return False  # 'werkt', 'lacht'
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
