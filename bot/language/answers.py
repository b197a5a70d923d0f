"""What a student's answer holds: feelings, people, their own deeds, a learning, a doubt, a wish.

The dialogue core uses this to take up the student's own words and to ask further on what is
missing (a situation without the student's own part, a feeling without its cause...). Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from bot.language.lemmas import base_form, expand
from bot.language.text import plain, words

Polarity = Literal["positive", "negative", "mixed", "none"]
Wish = Literal["mentor", "quit", "other_study"]
Probe = Literal["situation", "own_part", "feeling", "cause", "learning", "person"]

# Feelings: the word (base form) -> (polarity, how it is said). 'self': how the student felt
# ("zenuwachtig"); 'about': what they thought of something ("saai", "interessant").
FEELINGS: dict[str, tuple[str, str]] = {
    # Dutch, about oneself
    "zenuwachtig": ("-", "self"), "nerveus": ("-", "self"), "gespannen": ("-", "self"),
    "onzeker": ("-", "self"), "bang": ("-", "self"), "angstig": ("-", "self"),
    "boos": ("-", "self"), "kwaad": ("-", "self"), "geirriteerd": ("-", "self"),
    "geïrriteerd": ("-", "self"), "gefrustreerd": ("-", "self"), "verdrietig": ("-", "self"),
    "teleurgesteld": ("-", "self"), "moe": ("-", "self"), "kapot": ("-", "self"),
    "uitgeput": ("-", "self"), "gestrest": ("-", "self"), "stress": ("-", "self"),
    "dom": ("-", "self"), "stom": ("-", "self"), "verloren": ("-", "self"),
    "overbodig": ("-", "self"), "eenzaam": ("-", "self"), "alleen": ("-", "self"),
    "verlegen": ("-", "self"), "schaam": ("-", "self"), "beschaamd": ("-", "self"),
    "ongemakkelijk": ("-", "self"), "onrustig": ("-", "self"), "misselijk": ("-", "self"),
    "verveeld": ("-", "self"), "ongelukkig": ("-", "self"), "down": ("-", "self"),
    "rot": ("-", "self"), "kut": ("-", "self"), "chagrijnig": ("-", "self"),
    "nutteloos": ("-", "self"), "buitengesloten": ("-", "self"), "genegeerd": ("-", "self"),
    "paniek": ("-", "self"), "opgefokt": ("-", "self"), "balen": ("-", "self"),
    "trots": ("+", "self"), "blij": ("+", "self"), "vrolijk": ("+", "self"),
    "opgelucht": ("+", "self"), "tevreden": ("+", "self"), "zeker": ("+", "self"),
    "zelfverzekerd": ("+", "self"), "rustig": ("+", "self"), "ontspannen": ("+", "self"),
    "gelukkig": ("+", "self"), "enthousiast": ("+", "self"), "gemotiveerd": ("+", "self"),
    "thuis": ("+", "self"), "welkom": ("+", "self"), "nuttig": ("+", "self"),
    "energie": ("+", "self"), "happy": ("+", "self"), "vereerd": ("+", "self"),
    # Dutch, about something
    "saai": ("-", "about"), "lastig": ("-", "about"), "moeilijk": ("-", "about"),
    "zwaar": ("-", "about"), "vervelend": ("-", "about"), "irritant": ("-", "about"),
    "stressvol": ("-", "about"), "eng": ("-", "about"), "spannend": ("~", "about"),
    "heftig": ("~", "about"), "raar": ("-", "about"), "vies": ("-", "about"),
    "ranzig": ("-", "about"), "druk": ("~", "about"), "chaotisch": ("-", "about"),
    "leuk": ("+", "about"), "gezellig": ("+", "about"), "interessant": ("+", "about"),
    "vet": ("+", "about"), "chill": ("+", "about"), "tof": ("+", "about"), "top": ("+", "about"),
    "mooi": ("+", "about"), "fijn": ("+", "about"), "cool": ("+", "about"),
    "geweldig": ("+", "about"), "super": ("+", "about"), "gaaf": ("+", "about"),
    "lekker": ("+", "about"), "prima": ("+", "about"), "boeiend": ("+", "about"),
    "grappig": ("+", "about"), "leerzaam": ("+", "about"), "bijzonder": ("+", "about"),
    # English, about oneself
    "nervous": ("-", "self"), "anxious": ("-", "self"), "scared": ("-", "self"),
    "afraid": ("-", "self"), "angry": ("-", "self"), "annoyed": ("-", "self"),
    "frustrated": ("-", "self"), "sad": ("-", "self"), "upset": ("-", "self"),
    "disappointed": ("-", "self"), "tired": ("-", "self"), "exhausted": ("-", "self"),
    "drained": ("-", "self"), "stressed": ("-", "self"), "stupid": ("-", "self"),
    "dumb": ("-", "self"), "lost": ("-", "self"), "useless": ("-", "self"),
    "lonely": ("-", "self"), "left out": ("-", "self"), "shy": ("-", "self"),
    "embarrassed": ("-", "self"), "awkward": ("-", "self"), "uncomfortable": ("-", "self"),
    "bored": ("-", "self"), "insecure": ("-", "self"), "idiot": ("-", "self"),
    "overwhelmed": ("-", "self"), "ignored": ("-", "self"), "miserable": ("-", "self"),
    "proud": ("+", "self"), "glad": ("+", "self"), "relieved": ("+", "self"),
    "confident": ("+", "self"), "calm": ("+", "self"), "excited": ("+", "self"),
    "motivated": ("+", "self"), "welcome": ("+", "self"), "useful": ("+", "self"),
    # English, about something
    "boring": ("-", "about"), "hard": ("-", "about"), "difficult": ("-", "about"),
    "tough": ("-", "about"), "annoying": ("-", "about"), "stressful": ("-", "about"),
    "scary": ("-", "about"), "weird": ("-", "about"), "gross": ("-", "about"),
    "hectic": ("~", "about"), "busy": ("~", "about"), "intense": ("~", "about"),
    "fun": ("+", "about"), "nice": ("+", "about"), "interesting": ("+", "about"),
    "great": ("+", "about"), "amazing": ("+", "about"), "awesome": ("+", "about"),
    "lit": ("+", "about"), "sick": ("+", "about"), "hilarious": ("+", "about"),
    "good": ("+", "about"), "satisfying": ("+", "about"),
}
# Words that look like feelings but mostly are not, in these answers.
_NOT_FEELINGS_AFTER = re.compile(r"\b(?:heel|zo|te|erg|echt|best|wel|niet|nie|so|really|too|"
                                 r"very|pretty|kinda|not)\s*$")

ROLES = (
    r"begeleider|praktijkbegeleider|stagebegeleider|werkbegeleider|praktijkopleider|"
    r"leermeester|collega|collegas|collega's|chef|chefkok|kok|baas|teamleider|leidinggevende|"
    r"manager|bedrijfsleider|mentor|slb'er|slber|slb|docent|leraar|lerares|juf|klant|klanten|"
    r"client|clienten|cliënt|cliënten|bewoner|bewoners|bewoonster|patient|patiënt|patienten|"
    r"monteur|monteurs|eigenaar|receptionist|verpleegkundige|verpleegkundigen|zuster|"
    r"verzorgende|verzorgenden|ergotherapeut|fysiotherapeut|tandarts|kapper|timmerman|"
    r"tegelzetter|elektricien|loodgieter|bakker|slager|boer|stagiair|stagiairs|stagiaire|"
    r"peuters|kinderen|kindjes|kids|kind|mevrouw|meneer|supervisor|boss|coworker|coworkers|"
    r"colleague|colleagues|teacher|nurse|nurses|mechanic|mechanics|customer|customers|"
    r"owner|tutor|coach|manager|chef|guys|team|resident|residents|client|clients|patient|"
    r"patients|kid|trainer|instructor|head nurse|intern|interns|driver|chauffeur|vakman")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?)\b")
_NOT_NAMES = frozenset({
    "ik", "vandaag", "morgen", "gisteren", "toen", "daarna", "maar", "want", "dus", "dat",
    "het", "de", "een", "en", "wallah", "bro", "honestly", "today", "tomorrow", "yesterday",
    "the", "and", "but", "then", "so", "my", "mijn", "hij", "zij", "she", "he", "they", "we",
    "wij", "ze", "dit", "die", "deze", "also", "ook", "maandag", "dinsdag", "woensdag",
    "donderdag", "vrijdag", "zaterdag", "zondag", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "youtube", "instagram", "tiktok", "google",
    "whatsapp", "excel", "word", "engels", "english", "nederlands", "dutch", "slb", "mbo",
    "vmbo", "bpv", "ok", "oke", "okay", "lol", "nice", "ngl", "tbh", "idk", "ewa", "oh",
    "haha", "wow", "yes", "nee", "ja", "no", "jumbo", "albert", "heijn", "action", "hema",
})
_FIRST_PERSON_DEED = re.compile(
    r"\b(?:ik|i|k)\b (?:\w+ ){0,3}?(?:heb|had|have|ben|was|mocht|moest|kon|ging|deed|hielp|"
    r"maakte|gaf|zei|vroeg|nam|bleef|probeerde|leerde|zag|liet|belde|legde|stond|zat|did|"
    r"made|helped|asked|said|tried|took|gave|stayed|kept|picked|went|got|handled|fixed|"
    r"cleaned|learned|learnt|showed|explained|called|told|started|finished|managed|used|"
    r"could|worked|practised|practiced|cut|washed|cooked|served|sold|wrote|did|drove|"
    r"\w+(?:de|te|ed))\b|\b(?:mocht|moest|kon|heb|ging|deed|hielp|maakte) (?:ik|k)\b|"
    r"\b(?:heb|had|ben) (?:ik|k)\b|\bme\b (?:\w+ )?(?:geleerd|gelukt)")
_LEARNING = re.compile(
    r"\b(?:geleerd|leerde|leer ik|ik weet nu|weet ik nu|ik snap nu|snap ik nu|snapte|ik merkte|"
    r"merkte ik|ik zag dat|ik ontdekte|ontdekte|ik besefte|besefte|realiseerde|volgende keer|"
    r"voortaan|next time|i learned|i learnt|learned that|learnt that|i realised|i realized|"
    r"realised|realized|found out|figured out|i noticed|noticed that|now i know|i know now|"
    r"i get it now|it taught me|taught me|lesson|les geleerd|dat je (?:\w+ ){1,5}moet|"
    r"you have to|you need to|past bij me|past bij mij|fits me|suits me|dat ligt me|"
    r"ik ben (?:goed|sterk) in|i'm good at|i am good at|that's my thing|dat is mijn ding|"
    r"omdat ik (?:\w+ ){0,4}(?:goed|rustig|geduldig)|because i (?:\w+ ){0,3}(?:am|have))\b")
_CAUSE = re.compile(r"\b(?:omdat|want|doordat|door|toen|als|because|since|cause|cuz|when|as|"
                    r"after|na|vanwege|dus|so|zodat)\b")
_DOUBT = re.compile(
    r"\b(?:twijfel|twijfelen|twijfelde|weet (?:ik )?(?:niet|nie) of|weet niet zeker|"
    r"of (?:dit|het|dat) (?:wel )?(?:iets )?(?:voor mij|voor me|bij me|bij mij)|misschien "
    r"(?:toch|moet ik|is dit|past)|(?:past|is) (?:\w+ )?(?:niet|nie|totaal niet) (?:\w+ )?"
    r"(?:bij me|bij mij|voor mij|voor me)|not sure (?:if|whether|this|i|about)|don't know "
    r"if|do not know if|dont know if|not for me|isn't for me|isnt for me|is not for me|"
    r"maybe this isn't|maybe this isnt|maybe this is not|my thing|(?:i'd|i would) rather|"
    r"liever (?:iets|naar|een|in de|het)|iets anders (?:gaan )?doen|andere opleiding|"
    r"andere stage|another course|different course|other course|geen zin meer|"
    r"terug wil|want to go back|see myself|zie mezelf (?:niet|nie))\b")
_WISH_MENTOR = re.compile(
    r"\b(?:met|with|to) (?:mijn |mn |m'n |my |de |the )?(?:mentor|slb'?er|slb|slber|"
    r"studieloopbaanbegeleider|docent|leraar|juf|teacher|coach|stagedocent|slb teacher|"
    r"iemand van school|someone from school|iemand) (?:\w+ ){0,3}(?:praten|spreken|"
    r"bellen|talk|speak|chat)|\b(?:praten|spreken|talk|speak) (?:\w+ ){0,2}(?:met|with|to) "
    r"(?:mijn |mn |my |de |the )?(?:mentor|slb|teacher|coach|docent|leraar)\b")
_WISH_QUIT = re.compile(r"\b(?:stoppen met|stop met|kappen met|ophouden met|quit|drop out|"
                        r"(?:niet|nie|nooit) meer terug|not going back|never go back|"
                        r"wil (?:\w+ ){0,2}(?:niet|nie) meer (?:naar|terug))\b")
_WISH_OTHER = re.compile(r"\b(?:andere opleiding|andere richting|andere studie|switchen|"
                         r"overstappen|liever (?:iets|naar)|iets anders (?:gaan )?(?:doen|"
                         r"studeren)|other course|different course|another course|rather do|"
                         r"something (?:else|with))\b")
_MINIMAL = re.compile(
    r"^(?:(?:ja|nee|yes|no|ok|oke|okay|goed|prima|leuk|saai|niks|niets|nothing|geen idee|"
    r"weet (?:ik )?(?:het )?niet|weet niet|idk|i do not know|do not know|dunno|gewoon|"
    r"normaal|alles|van alles|everything|nobody|no one|niemand|geen|none|not really|"
    r"it was ok|it was fine|was ok|was goed|ging goed|ging wel|gaat wel|fine|good|"
    r"meh|mwah|boeie|whatever|same as always|zelfde als altijd|hetzelfde|beetje|"
    r"eigenlijk|really|gewoon werk|gewoon normaal|niks bijzonders|nothing special|"
    r"not much|niet veel|weinig|veel|a lot|lots|alles wel|wel|echt|really|i guess|"
    r"denk ik|nvt|gewerkt|werken|work|working|stuff|dingen|iets)\s*)+[.!?]*$")
_STOP = frozenset(
    ["ik", "i", "je", "jij", "u", "de", "het", "een", "en", "of", "maar", "want", "dus", "dat", "die", "deze", "dit", "er", "was", "is", "ben", "zijn", "had", "heb", "hebben", "met", "van", "voor", "op", "in", "aan", "bij", "naar", "om", "te", "tot", "uit", "over", "door", "als", "toen", "dan", "nog", "ook", "wel", "niet", "nie", "geen", "al", "zo", "heel", "erg", "echt", "best", "gewoon", "even", "ff", "me", "mij", "mijn", "mn", "m'n", "we", "wij", "ze", "zij", "hij", "hem", "haar", "hun", "they", "he", "she", "it", "its", "the", "a", "an", "and", "or", "but", "so", "because", "to", "of", "in", "on", "at", "for", "with", "from", "by", "as", "was", "were", "am", "are", "is", "be", "been", "have", "has", "had", "do", "did", "does", "my", "me", "you", "your", "we", "our", "they", "their", "them", "this", "that", "these", "those", "there", "here", "then", "than", "just", "really", "very", "too", "also", "not", "no", "nor", "kinda", "like", "lol", "haha", "wallah", "bro", "man", "ewa", "toch", "mee", "wat", "hoe", "wie", "waar", "wanneer", "what", "how", "who", "where", "when", "which", "all", "alles", "iets", "something", "nothing", "niks", "niets", "vandaag", "today", "gisteren", "morgen", "dag", "day", "zelf", "myself", "vooral", "mostly", "eigenlijk", "actually", "gedaan", "done", "doen", "deed", "gaan", "ging", "moest", "mocht", "kon", "kunnen", "zou", "would", "could", "can", "got", "get", "went", "made", "make", "kwam", "stond", "zat", "liet", "zei", "said", "about"])


@dataclass(frozen=True)
class Feeling:
    word: str  # as the student wrote it
    base: str  # the lexicon's word
    polarity: Literal["+", "-", "~"]
    about: bool  # an opinion of something ('saai'), not how they felt ('zenuwachtig')


@dataclass(frozen=True)
class Understanding:
    """What an answer holds, as far as the bot can tell."""

    text: str
    content: bool  # tells something (not "weet niet", "goed")
    feelings: tuple[Feeling, ...] = ()
    people: tuple[str, ...] = ()  # as the student named them: "mijn begeleider Sandra"
    did: bool = False  # the student says what they themself did
    learning: bool = False  # an insight, something learned
    cause: bool = False  # a feeling comes with its reason
    doubt: bool = False
    wish: Wish | None = None
    phrase: str | None = None  # a few of the student's own words worth taking up
    negative_self: bool = False  # "ik voel me niet goed genoeg", "I felt so stupid"
    praise: bool = False  # someone said they did well
    helped: bool = False  # someone helped or showed them something
    missing: tuple[Probe, ...] = field(default=())

    @property
    def polarity(self) -> Polarity:
        signs = {f.polarity for f in self.feelings if f.polarity != "~"}
        if self.negative_self:
            signs.add("-")
        if signs == {"+"}:
            return "positive"
        if signs == {"-"}:
            return "negative"
        return "mixed" if signs else "none"


def understand(text: str) -> Understanding:
    """Read one free-text answer."""
    flat = " ".join(expand(words(text)))
    minimal = not flat or _MINIMAL.match(flat) is not None or len(_content(flat)) < 2
    feelings = _feelings(text, flat)
    people = _people(text, flat)
    did = _FIRST_PERSON_DEED.search(flat) is not None
    learning = _LEARNING.search(flat) is not None
    cause = bool(feelings) and _CAUSE.search(flat) is not None and len(_content(flat)) >= 3
    doubt = _DOUBT.search(flat) is not None
    wish: Wish | None = None
    if _WISH_MENTOR.search(flat):
        wish = "mentor"
    elif _WISH_QUIT.search(flat):
        wish = "quit"
    elif _WISH_OTHER.search(flat):
        wish = "other_study"
    negative_self = re.search(
        r"\b(?:niet goed genoeg|not good enough|voel me (?:\w+ )?(?:dom|stom|nutteloos|"
        r"overbodig|waardeloos|een loser|een idioot|niks waard)|(?:i feel|i felt|felt) "
        r"(?:\w+ )?(?:stupid|useless|like an idiot|like such an idiot|worthless|dumb)|"
        r"ik kan (?:\w+ )?niks|i can not do anything|i suck|ik ben (?:zo )?dom|ik ben slecht|"
        r"i am (?:so )?(?:stupid|bad at)|niemand (?:\w+ )?(?:mij|me) (?:\w+ )?(?:nodig|ziet))\b",
        flat) is not None
    praise = re.search(r"\b(?:compliment|complimenten|zei dat ik (?:het )?goed|zei dat ik "
                       r"(?:\w+ )?(?:netjes|goed|snel)|vond dat ik|trots op mij|said i (?:did|was)"
                       r" (?:\w+ )?(?:well|good|great)|said i'm|praised|a natural|goed gedaan|"
                       r"well done|good job)\b", flat) is not None
    helped = re.search(r"\b(?:hielp|geholpen|liet (?:me |mij )?zien|legde (?:\w+ )?uit|uitgelegd|"
                       r"gaf (?:me |mij )?(?:tips|uitleg)|leerde me|helped|showed me|explained|"
                       r"taught me|gave me tips)\b", flat) is not None
    understanding = Understanding(
        text=text, content=not minimal, feelings=feelings, people=people, did=did,
        learning=learning, cause=cause, doubt=doubt, wish=wish,
        phrase=None if minimal else _phrase(flat, feelings, people),
        negative_self=negative_self, praise=praise, helped=helped)
    return _with_missing(understanding)


def _with_missing(u: Understanding) -> Understanding:
    """What a good coach could still ask, in no order yet; never what presumes content."""
    from dataclasses import replace

    if not u.content:
        return replace(u, missing=("situation",))
    missing: list[Probe] = []
    if not u.did:
        missing.append("own_part")
    if not u.feelings and not u.negative_self:
        missing.append("feeling")
    elif not u.cause:
        missing.append("cause")
    if not u.learning:
        missing.append("learning")
    if u.people:
        missing.append("person")
    return replace(u, missing=tuple(missing))


def _content(flat: str) -> list[str]:
    return [w for w in flat.split() if w not in _STOP and len(w) > 1]


def _feelings(text: str, flat: str) -> tuple[Feeling, ...]:
    found: list[Feeling] = []
    tokens = flat.split()
    for i, token in enumerate(tokens):
        for candidate in (token, " ".join(tokens[i:i + 2])):
            entry = FEELINGS.get(candidate) or FEELINGS.get(base_form(candidate))
            if entry is None:
                continue
            before = " ".join(tokens[max(0, i - 2):i])
            if candidate in ("good", "great", "nice", "goed", "top", "super", "prima",
                             "mooi", "lekker", "zeker", "alleen", "thuis", "welkom",
                             "energie", "hard", "druk", "busy", "sick", "lost", "down",
                             "rustig", "calm") and not re.search(
                    r"\b(?:voel|voelde|felt|feel|was|ben|am|werd|got|vond|found|zo|so|"
                    r"echt|really|super|heel|best)\s*(?:me |mij |myself )?$", before + " "):
                continue  # 'alleen maar afwassen', 'good job', 'lost my keys'
            if tokens[i - 1:i] in (["niet"], ["nie"], ["not"], ["geen"]):
                continue  # 'niet leuk' is said but not this feeling
            found.append(Feeling(candidate, base_form(candidate) if candidate not in FEELINGS
                                 else candidate, entry[0], entry[1] == "about"))  # type: ignore[arg-type]
            break
    unique = {f.base: f for f in found}
    return tuple(unique.values())


def _people(text: str, flat: str) -> tuple[str, ...]:
    found: list[str] = []
    role = re.compile(rf"\b(?:(?:mijn|mn|m'n|my|de|het|die|the|a|an|een|onze|our|that|this|"
                      rf"die ene|that one)\s+)?(?:\w+\s+)?(?:{ROLES})\b(?:\s+([a-z]+))?")
    for match in role.finditer(flat):
        phrase = match[0]
        name = match[1]
        if (name is not None and name in _STOP | _NOT_NAMES) or (name and not _capital(text, name)):
            phrase = phrase[: match.start(1) - match.start()].strip()
        phrase = re.sub(r"^(\w+\s+)(\w+\s+)(?=(?:" + ROLES + r")\b)",
                        lambda m: m[1] if m[1].strip() in ("mijn", "mn", "my", "de", "the",
                                                           "een", "a", "die", "het") else "",
                        phrase)
        found.append(phrase.strip())
    for match in _NAME.finditer(text):
        name = match[1]
        if name.lower() not in _NOT_NAMES and name.lower() not in _STOP and \
                not any(name.lower() in f for f in found) and \
                base_form(name.lower()) == name.lower() and not _is_common(name.lower()):
            found.append(name)
    return tuple(dict.fromkeys(p for p in found if p))


def _capital(text: str, word: str) -> bool:
    return re.search(rf"\b{re.escape(word.capitalize())}\b", text) is not None


def _is_common(word: str) -> bool:
    from bot.language.lemmas import is_word

    return is_word(word) and word not in ("sandra", "mo", "jay", "dewi", "henk", "lisa")


def _phrase(flat: str, feelings: tuple[Feeling, ...], people: tuple[str, ...]) -> str | None:
    """A short noun phrase of the student's own words: 'de overdracht', 'een proefrit'."""
    tokens = flat.split()
    skip = {w for p in people for w in p.split()} | {f.word for f in feelings}
    best: tuple[int, str] | None = None
    for i, token in enumerate(tokens):
        if token not in ("de", "het", "een", "die", "the", "a", "an", "mijn", "mn", "my", "m'n"):
            continue
        for length in (2, 1):
            words_ = tokens[i + 1:i + 1 + length]
            if not words_ or any(w in _STOP or w in skip for w in words_):
                continue
            noun = words_[-1]
            if len(noun) < 4 or noun in FEELINGS or re.fullmatch(r"\d+", noun):
                continue
            determiner = {"mn": "je", "m'n": "je", "mijn": "je", "my": "your"}.get(token, token)
            phrase = f"{determiner} {' '.join(words_)}"
            score = len(noun) + (3 if length == 1 else 0)
            if best is None or score > best[0]:
                best = (score, phrase)
            break
    return best[1] if best else None


def as_said_to_student(phrase: str) -> str:
    """A phrase the student wrote about themself, turned to 'you': 'mijn begeleider' ->
    'je begeleider'."""
    swaps = {"mijn": "je", "mn": "je", "m'n": "je", "my": "your", "me": "je", "mij": "jou",
             "myself": "yourself", "mezelf": "jezelf", "i": "you", "ik": "jij"}
    return " ".join(swaps.get(w.lower(), w) for w in phrase.split())


def plain_text(text: str) -> str:
    return plain(text)
