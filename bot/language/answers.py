"""What a student's answer holds: feelings, people, their own deeds, a learning, a doubt, a wish.

The dialogue core uses this to take up the student's own words and to ask further on what is
missing (a situation without the student's own part, a feeling without its cause...). Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from bot.language.lemmas import base_form, dutch_lemma, expand, flat_words
from bot.language.person import (
    BEFORE_NOUNS,
    PREPOSITIONS,
    could_be_verb,
    is_finite,
    is_past,
    is_plural_verb,
    is_stem,
    opens_a_thing,
    said_back,
)
from bot.language.person import SUBORDINATORS as _SUBORDINATORS
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
    "rot": ("-", "self"), "kut": ("-", "about"), "chagrijnig": ("-", "self"),
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
    "goed": ("+", "self"), "slecht": ("-", "self"),
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
_NAME = re.compile(r"\b([A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?)\b")
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
    # not 'ik twijfel (vaak) aan mezelf': self-doubt, not a doubt about the study or the work
    r"\b(?:(?:twijfel|twijfelen|twijfelde)(?! (?:\w+ )?aan (?:mezelf|mijzelf|myself|me zelf|"
    r"mijn kunnen|mn kunnen))|weet (?:ik )?(?:niet|nie) of|weet niet zeker|"
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
    r"(?:mijn |mn |my |de |the )?(?:mentor|slb|teacher|coach|docent|leraar)\b|"
    r"\b(?:mijn|mn|m'n|my|de|the) (?:mentor|slb'?er|slb|slber|coach|docent|stagedocent) "
    r"(?:\w+ )?(?:spreken|bellen|zien|appen|mailen|see|call|text|email)\b")
_WISH_QUIT = re.compile(r"\b(?<!moest )(?<!moest ff )(?<!moest even )(?<!ff )(?<!even )"
                        r"(?:stoppen met|stop met|kappen met|ophouden met|quit|drop out|"
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
    r"meh|mwah|boeie|boeiend|whatever|same as always|zelfde als altijd|hetzelfde|beetje|"
    r"eigenlijk|really|gewoon werk|gewoon normaal|niks bijzonders|nothing special|"
    r"not much|niet veel|weinig|veel|a lot|lots|alles wel|wel|echt|really|i guess|"
    r"denk ik|nvt|gewerkt|werken|work|working|stuff|dingen|iets|hoor|eig|tbh|lol|haha|"
    r"kweenie|kweetnie|weetnie|weet nie|geen flauw idee|no idea|not sure|no clue|verder|"
    r"ga verder|ga door|go on|next|volgende)\s*)+[.!?]*$")
# 'zei ik al', 'heb ik toch al gezegd', 'I already told you': no new answer, an objection.
_ALREADY_SAID = re.compile(
    r"(?:(?:dat|that|die|uh|eh|nou|ja|yes|yeah|maar|but|man|bro|toch|dus|zo) )*"
    r"(?:zei ik (?:toch )?(?:al|net|toch)|heb ik (?:toch |net |al )*(?:gezegd|verteld|gezegt)|"
    r"zeg ik (?:toch|net|al)|(?:i )?(?:already|just) (?:said|told you)(?: that| so)?|"
    r"said (?:that|it|so) already|i said (?:that|it|so)|told you already)"
    r"(?: (?:toch|al|net|man|bro|lol|dus|already|before))*")
# Words that, alone, still say nothing: 'weet ik nog niet', 'no idea', 'gewoon werk'.
_EMPTY_WORDS = frozenset({"know", "weet", "weten", "idea", "idee", "beetje", "werk", "work",
                          "gezien", "gedaan", "dingen", "stuff", "things", "iets", "something",
                          "anything", "gewerkt", "worked", "working", "bijzonders", "special",
                          "speciaals", "much", "veel", "weinig", "normaal", "normal",
                          # don't-knows and sounds: 'kweenie', 'tja', 'ja hoor', 'geen zin'
                          "kweenie", "weenie", "kweetnie", "weetnie", "nope", "sorry", "skip",
                          "idc", "care", "hoor", "joh", "zin", "boeit", "whatever", "dunno",
                          "clue", "sure", "remember", "idk", "pass", "next", "volgende"})
_NOTHING = frozenset({"niks", "niets", "nothing", "nix", "nada", "nop"})  # 'niks lastig'
# One word and a 'not' says nothing: 'wist ik niet', 'snap ik niet', 'not sure', 'no clue'.
# ('geen' is left out: 'geen tijd' answers 'what held you back?')
_NOT = frozenset({"niet", "nie", "not", "no", "never", "nooit"})
# Feelings too bland to be an answer on their own ("goed", "fine").
# 'boeiend' alone is a shrug in students' Dutch ('whatever'), not 'fascinating' (a trial
# got 'Boeiend, leuk om te horen.'); with more words it is read as it is written
_BLAND = frozenset({"goed", "good", "prima", "fine", "ok", "oke", "okay", "slecht", "bad",
                    "boeiend"})
_STOP = frozenset(["ik", "i", "je", "jij", "u", "de", "het", "een", "en", "of", "maar", "want",
                   "dus", "dat", "die", "deze", "dit", "er", "was", "is", "ben", "zijn", "had",
                   "heb", "hebben", "met", "van", "voor", "op", "in", "aan", "bij", "naar", "om",
                   "te", "tot", "uit", "over", "door", "als", "toen", "dan", "nog", "ook", "wel",
                   "niet", "nie", "geen", "al", "zo", "heel", "erg", "echt", "best", "gewoon",
                   "even", "ff", "me", "mij", "mijn", "mn", "m'n", "we", "wij", "ze", "zij", "hij",
                   "hem", "haar", "hun", "they", "he", "she", "it", "its", "the", "a", "an", "and",
                   "or", "but", "so", "because", "to", "on", "at", "for", "with", "from", "by",
                   "as", "were", "am", "are", "be", "been", "have", "has", "do", "did", "does",
                   "my", "you", "your", "our", "their", "them", "this", "that", "these", "those",
                   "there", "here", "then", "than", "just", "really", "very", "too", "also", "not",
                   "no", "nor", "kinda", "like", "lol", "haha", "wallah", "bro", "man", "ewa",
                   "toch", "mee", "wat", "hoe", "wie", "waar", "wanneer", "what", "how", "who",
                   "where", "when", "which", "all", "alles", "iets", "something", "nothing",
                   "niks", "niets", "vandaag", "today", "gisteren", "morgen", "dag", "day", "zelf",
                   "myself", "vooral", "mostly", "eigenlijk", "actually", "gedaan", "done", "doen",
                   "deed", "gaan", "ging", "moest", "mocht", "kon", "kunnen", "zou", "would",
                   "could", "can", "got", "get", "went", "made", "make", "kwam", "stond", "zat",
                   "liet", "zei", "said", "about", "ja", "nee", "yes", "ok", "oke", "okay", "fine",
                   "prima", "goed", "good", "past", "bijzonders", "special", "everything"])


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
    echo: str | None = None  # the student's own clause, said back to them: "je bleef rustig"
    quote: str | None = None  # a short clause not about themself: "de collega's zijn aardig"
    negative_self: bool = False  # "ik voel me niet goed genoeg", "I felt so stupid"
    praise: bool = False  # someone said they did well
    helped: bool = False  # someone helped or showed them something
    helper: str | None = None  # who, of `people`: the one named just before the help
    praiser: str | None = None  # who, of `people`, gave the compliment
    setback: bool = False  # told off, yelled at, something went wrong: 'kreeg op mn kop'
    already_said: bool = False  # 'zei ik al': only that the student said it before
    asked_back: AskedBack | None = None  # 'wat bedoel je?': a question back, not an answer
    missing: tuple[Probe, ...] = field(default=())

    @property
    def polarity(self) -> Polarity:
        signs = {f.polarity for f in self.feelings if f.polarity != "~"}
        if self.negative_self or self.setback:
            signs.add("-")
        if signs == {"+"}:
            return "positive"
        if signs == {"-"}:
            return "negative"
        return "mixed" if signs else "none"


# What went wrong on the day without a feeling word: 'kreeg op mn kop van de bedrijfsleider',
# 'got yelled at': with 'vet' in the same message, the day had two sides (a user trial got
# 'Vet, leuk om te horen.').
_SETBACK = re.compile(
    r"\b(?:op (?:mijn|mn|m'n|m|je|z'n|zn) (?:kop|donder|falie|lazer|sodemieter) (?:gekregen|"
    r"kreeg|krijg|gehad)|(?:kreeg|kregen|krijg|gekregen) (?:ik |ik toch )?(?:\w+ ){0,4}?(?:op "
    r"(?:mijn|mn|m'n|m) (?:kop|donder|falie)|een preek|een uitbrander|een waarschuwing|straf)|"
    r"(?:werd|word|ben) (?:ik )?(?:\w+ ){0,2}(?:uitgescholden|afgezeken|afgekraakt|gestraft|"
    r"afgeblaft)|(?:schreeuwde|schreeuwt|snauwde|snauwt|blafte) (?:\w+ )?(?:tegen|naar) "
    r"(?:me|mij)|(?:yelled|shouted|snapped) at me|got (?:told off|yelled at|shouted at|a "
    r"warning|in trouble)|(?:boos|kwaad|pissed|mad|angry) (?:\w+ )?(?:op|at|with) (?:me|mij)|"
    r"ging (?:\w+ )?(?:helemaal )?mis|went (?:\w+ )?wrong)\b")
_FILLER = re.compile(r"\b(?:to be honest|not gonna lie|tbh|ngl|fr|lol|haha|i guess|denk ik|"
                     r"eigenlijk|gewoon|echt|really|honestly|eerlijk gezegd|wallah|bro|man|"
                     r"mattie|ewa|lowkey|like|zeg maar|ofzo|of zo|i think)\b")


_NOBODY = re.compile(r"\b(?:niemand|nobody|no one|noone|niet|not|never|nooit|geen)\b[^.,]*$")
# Someone helped *the student*: "ik hielp een klant" is the student's own doing, not this.
_HELPED_ME = re.compile(
    r"\b(?:(?:hielp|helpte|help(?:t|en)) (?:me|mij)|(?:me|mij) (?:\w+ )?(?:ge)?holpen|"
    r"(?:werd|ben|word) (?:ik )?(?:\w+ )?geholpen|liet (?:me|mij) (?:\w+ )?zien|"
    r"legde (?:me|mij) (?:\w+ )?uit|(?:me|mij) (?:\w+ )?uitgelegd|"
    r"gaf (?:me|mij) (?:\w+ )?(?:tips|uitleg|hulp)|leerde (?:me|mij)|"
    r"(?:helped|showed|taught|helps|shows) me|explained (?:to me|me|how)|gave me "
    r"(?:\w+ )?(?:tips|help|advice)|i (?:got|had) help)\b")


# A question back to the bot instead of an answer: what the question means, why it is asked,
# or something else asked of the bot ('heb jij even tijd voor fifa').
AskedBack = Literal["meaning", "why", "bot", "privacy"]
_ASKS_MEANING = re.compile(
    r"^(?:(?:huh|he|wat|watte|what|pardon)(?: (?:huh|he|wat|what))?|(?:wat|hoe) "
    r"(?:bedoel|bedoelt|bedoelde) (?:je|jij|u)\b.*|(?:i do not know |ik weet (?:niet|nie) )?wat "
    r"(?:je|jij|u) (?:bedoel|bedoelt)\b.*|(?:wat|hoe) (?:moet|kan|moeten) (?:ik|k) (?:hier )?"
    r"(?:\w+ )?(?:zeggen|invullen|antwoorden|typen|schrijven)\b.*|(?:ik )?(?:snap|begrijp|"
    r"understand|get) (?:de|je|deze|die|the|your|this) (?:vraag|question) (?:niet|nie)\b.*|"
    r"i do not (?:get|understand) (?:the|your|this) question\b.*|what (?:do|did) you mean\b.*|"
    r"what does (?:that|this|it) mean\b.*|what (?:should|do|must) i (?:say|write|answer|type)"
    r"\b.*|wat is de vraag\b.*|what is the question\b.*|welke vraag\b.*|"
    # 'help' alone at a question: how to answer it (a trial got 'Helder.')
    r"(?:help+|hulp|hulp nodig|help me|help mij|helppp+|sos)(?: (?:pls|please|aub|ff))?)$")
_ASKS_WHY = re.compile(
    r"^(?:moet dat|moet ik dat|moet ik dit|is dat nodig|is dit nodig|must i|do i have to|do i "
    r"need to)(?: \w+){0,3}$|^(?:waarom|hoezo|why|how come)(?: (?:vraag|vraagt|vragen|moet|"
    r"moeten|wil|wilt|is|do|does|are|must|should|would)(?: (?:je|jij|u|ik|dat|dit|you|i|that|"
    r"this|het|it))?(?: \w+){0,4})?$")
_ASKS_BOT = re.compile(
    r"^(?:heb|ben|kun|kan|wil|ga|weet|doe|hou|vind|speel|ken|woon|mag|zou) (?:jij|je|u)\b|"
    r"^(?:wie|wat|hoe oud|waar) (?:ben|is|woon|doe) (?:jij|je|u)\b|^(?:do|are|can|will|would|"
    r"have|did) you\b|^(?:who|what|where|how old) (?:are|r) (?:you|u)\b|"
    r"^(?:ben|is) (?:dit|dat|jij|je|het) (?:een )?(?:bot|robot|computer|ai|echt mens|mens)\b|"
    r"^(?:are|is) (?:you|this|it) (?:a )?(?:bot|robot|computer|ai|real|human)\b")
_BACK_OPENERS = frozenset({"wait", "hey", "yo", "ok", "oke", "okay", "uh", "uhm", "eh", "ehm",
                           "hmm", "nou", "sorry", "trouwens", "btw", "wacht", "huh", "maar",
                           "but", "so", "dus"})
_FIRST_PERSON = frozenset({"ik", "k", "i", "me", "mij", "mijn", "my", "mezelf", "myself",
                           "omdat", "because", "want"})


_MISREAD = re.compile(
    r"\b(?:(?:ben|was|am|i am|im) (?:\w+ )?(?:niet|nie|not) (?:\w+ )?(?:suicidaal|suicidal|"
    r"depressief|depressed|in gevaar|in danger)|waarom (?:krijg|stuur|geef|zie) (?:ik|je|jij|k) "
    r"(?:\w+ ){0,2}(?:113|nummers?|nummer|hulplijn\w*|telefoonnummers?)|why (?:do|did|am) "
    r"(?:i|you) (?:\w+ ){0,2}(?:get|getting|send|sending|give|giving) (?:\w+ ){0,2}(?:113|"
    r"numbers?|helplines?)|(?:was|is) (?:\w+ )?(?:een |maar een )?grapje|(?:just|only) "
    r"(?:a )?joking|was joking|(?:verkeerd|fout) begrepen|misunderstood|(?:niet )?zo bedoeld|"
    r"(?:didnt|didn't|did not) mean (?:it )?like that|bedoelde (?:het |dat )?(?:niet zo|anders)|"
    r"niet letterlijk|not literally|waarom (?:krijg|zie) (?:ik|k) (?:dit|dat|deze|die)|"
    r"why (?:do|am|did) i (?:get|getting|got|see|seeing) (?:this|that|these)|(?:er )?(?:was|is) "
    r"(?:\w+ )?(?:niks|niets|nix) (?:gevaarlijks|aan de hand|ergs|engs|gebeurd)|"
    r"(?:het )?(?:was|is) (?:\w+ )?(?:niet|nie) (?:gevaarlijk|erg|eng|onveilig)|"
    r"(?:nothing|wasn't|was not|wasnt) (?:\w+ )?(?:dangerous|unsafe|wrong|happened))\b")


_KEEP_OUT = re.compile(
    r"\b(?:(?:wil|wilt|want|wanna) (?:\w+ ){0,2}(?:niet|nie|not) (?:\w+ ){0,2}(?:dat )?"
    r"(?:mijn|mn|m'n|my|de|the) (?:mentor|slb\w*|coach|docent|school)|(?:zeg|vertel|zeggen|"
    r"vertellen) (?:het |dit |dat |niks |niets )?(?:\w+ )?(?:niet |nie )?(?:tegen|aan) (?:mijn|"
    r"mn|m'n|de) (?:mentor|slb\w*|coach|docent|school)|(?:niks|niets|nix) (?:\w+ )?(?:zeggen|"
    r"vertellen) (?:tegen|aan) (?:haar|hem|mijn|mn)|(?:don't|dont|do not|pls don't|please "
    r"don't) (?:tell|say (?:it|this|anything) to) (?:my|the) (?:mentor|teacher|coach|school))\b")
_ABOUT_PRIVACY = re.compile(
    r"^(?:(?:en |maar )?(?:weet|ziet|leest|krijgt|hoort) (?:mijn|mn|m'n|de|je) (?:mentor|slb\w*|"
    r"docent|school)|wie (?:ziet|leest|krijgt|hoort) (?:dit|dat|wat ik|mijn)|(?:does|can|will) "
    r"(?:my|the) (?:mentor|teacher|school) (?:know|see|read|get)|who (?:sees|reads|can see|can "
    r"read|gets to see))\b")


def keeps_mentor_out(text: str) -> bool:
    """'ik wil niet dat mijn mentor dit weet', 'zeg het niet tegen mijn mentor'."""
    return _KEEP_OUT.search(flat_words(text)) is not None


def asks_about_privacy(text: str) -> bool:
    """'weet mijn mentor nu wat ik vorige keer schreef?', 'who can see this?'."""
    return _ABOUT_PRIVACY.search(flat_words(text)) is not None


_JOKING = re.compile(r"^(?:(?:lol|haha\w*|nee|no|jk|oke|ok) )*(?:grapje|geintje|grap|joke|"
                     r"jk|just kidding|kidding|was een grap(?:je)?|was maar een grap(?:je)?|"
                     r"was a joke|only joking|just joking|ik maak maar een grapje)(?: (?:hoor|"
                     r"lol|haha\w*|man|bro|joh))*$")


# 'nog steeds kut', 'slecht' to 'hoe gaat het nu met je?' after the helplines (a user trial
# got 'Rot, zeg je.')
_STILL_HARD = re.compile(r"\b(?:slecht|kut|rot|zwaar|niet goed|nie goed|nog steeds|nog altijd|"
                         r"bad|shit|awful|terrible|still|not good|not okay|not ok|k\*t|"
                         # afraid: 'weet niet beetje bang' (an eighth trial: said back as heard)
                         r"bang|eng|angstig|doodsbang|scared|afraid|frightened|terrified)\b")
# 'ben het gewend', 'i'm used to it': said of harm, it is not all right for that
_USED_TO_IT = re.compile(r"\b(?:(?:ben|ik ben|zijn|we zijn) (?:het|t|er|dat) (?:\w+ )?(?:wel )?"
                         r"(?:aan )?gewend|gewend (?:aan|eraan)|(?:i'm|im|i am|we're|we are) "
                         r"(?:\w+ )?used to (?:it|that|this)|(?:it's|its|it is) normal (?:for|at) "
                         r"(?:me|us|home)|bij ons (?:is dat|is het) normaal)\b")


def still_hard(text: str) -> bool:
    """Asked how they are now, the student says it is still bad."""
    return _STILL_HARD.search(text.lower()) is not None


def used_to_it(text: str) -> bool:
    """After the helplines: 'gaat wel, ben het gewend' (of being hit, an eighth user trial
    said back as 'Ben het gewend, hoor ik.')."""
    return _USED_TO_IT.search(flat_words(text)) is not None


def says_joking(text: str) -> bool:
    """After the helplines, only 'grapje', 'jk', 'was maar een grap': taken seriously still."""
    return _JOKING.match(flat_words(text)) is not None


def says_misread(text: str) -> bool:
    """After the helplines: 'ik ben niet suïcidaal hoor, waarom krijg ik 113?': the student
    says the bot misread them."""
    return _MISREAD.search(flat_words(text)) is not None


def asked_back(text: str) -> AskedBack | None:
    """A question back to the bot ('wat bedoel je?', 'wrm vraag je dat', 'ben jij een bot'),
    not an answer; None for an answer, also one that asks something of its own."""
    tokens = expand(words(text))
    while tokens[1:] and tokens[0] in _BACK_OPENERS:  # 'wait, are you a real person?'
        tokens = tokens[1:]
    flat = " ".join(tokens)
    if not tokens or len(tokens) > 10:
        return None
    if _ASKS_MEANING.match(flat):
        return "meaning"
    if _ASKS_WHY.match(flat) and not {"omdat", "because", "want"} & set(tokens):
        return "why"
    if _ASKS_BOT.match(flat) and not _FIRST_PERSON & set(tokens):
        return "bot"
    if _ABOUT_PRIVACY.match(flat) or _KEEP_OUT.search(flat):
        return "privacy"  # 'weet mijn mentor wat ik schreef?', 'zeg het niet tegen mijn mentor'
    return None


def answer_after_asking(text: str) -> str:
    """'hoe bedoel je wat voelde ik, gewoon niks': a question back, then the answer; the answer
    (an eighth user trial got the question again, 'niks' not heard). The text otherwise."""
    parts = re.split(r"(?<=[,.;?!])\s+", text.strip(), maxsplit=1)
    if len(parts) < 2 or asked_back(parts[0]) is None:
        return text
    rest = parts[1].strip()
    if not words(rest) or rest.endswith("?") or asked_back(rest) is not None:
        return text
    return rest


def understand(text: str, lang: str | None = None) -> Understanding:
    """Read one free-text answer (in `lang` when known: 'gave' is Dutch 'gaaf' only in Dutch)."""
    flat = flat_words(text)
    core = " ".join(_FILLER.sub(" ", flat).split())
    feelings = _feelings(text, flat, lang)
    doubt = _DOUBT.search(flat) is not None
    minimal = (not core or _MINIMAL.match(core) is not None or _says_nothing(_content(core),
                                                                             core)) \
        and not any(f.base not in _BLAND for f in feelings) \
        and not doubt  # 'weet nie of dit wel iets voor mij is' says much in few words
    people = _people(text, flat)
    did = _FIRST_PERSON_DEED.search(flat) is not None
    learning = _LEARNING.search(flat) is not None
    cause = bool(feelings) and _CAUSE.search(flat) is not None and len(_content(flat)) >= 3
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
    # not 'de chef zei dat ik te snel ging' (a user trial heard that as praise)
    praised = re.search(r"\b(?:compliment|complimenten|zei dat ik (?:het )?goed|zei dat ik "
                        r"(?!te |niet |nie |not |too )(?:\w+ )?(?:netjes|goed|snel)|vond dat ik "
                        r"(?!te |niet |nie |not |too )(?:het )?(?:\w+ )?(?:goed|netjes|snel|knap|"
                        r"mooi)|trots op mij|said i (?:did|was) (?:\w+ )?(?:well|good|great)|"
                        r"praised|a natural|goed gedaan|well done|good job)\b", flat)
    praise = praised is not None
    helps = [m for m in _HELPED_ME.finditer(flat)
             if not _NOBODY.search(flat[max(0, m.start() - 30):m.start()])]
    helped = bool(helps)
    helper = _helper(flat, people, helps[0].start()) if helps else None
    understanding = Understanding(
        text=text, content=not minimal, feelings=feelings, people=people, did=did,
        learning=learning, cause=cause, doubt=doubt, wish=wish,
        phrase=None if minimal else _phrase(flat, feelings, people),
        echo=None if minimal else echo(text, prefer=_DOUBT if doubt else None, lang=lang),
        quote=None if minimal else quote_clause(text, lang=lang),
        negative_self=negative_self, praise=praise, helped=helped, helper=helper,
        praiser=_praiser(flat, people, praised) if praised else None,
        setback=_SETBACK.search(flat) is not None,
        already_said=_ALREADY_SAID.fullmatch(core) is not None, asked_back=asked_back(text))
    return _with_missing(understanding)


_CLAUSES = re.compile(r"[.!?;:\n]+|,\s*|(?<!\balleen)(?<!\bnog)(?<!\beven)(?<!\beens)"
                      r"(?<!\bff)(?<!\bgewoon)(?<!\bpas)\s+(?:maar|mar)\s+|"  # 'alleen maar'
                      r"\s+(?:but|omdat|because|though|bc|bcs|coz|cuz|cos)\s+|"
                      r"\s+(?:en|and|dus|so)\s+(?=(?:ik|i|k)\s)|"
                      # Dutch 'want' (because), not English 'I want to', 'want it'
                      r"\s+want\s+(?!(?:to|it|a|an|the|more|that|this|my|something|some|them|"
                      r"him|her|you|me|us)\b)", re.IGNORECASE)
_INVERTED = re.compile(r"^(?:vandaag|today|toen|daarna|eerst|gisteren|straks|later|"
                       r"eindelijk|uiteindelijk|zelf|ook|vanochtend|vanmiddag|dit keer|"
                       r"deze keer|soms|daar|hier) (?P<verb>[a-z]+) (?:ik|k)(?=\s|$)")
_DANGLING = frozenset(["zonder", "without", "behalve", "except", "tot", "until", "sinds", "since",
                       "de", "het", "een", "the", "a", "an", "van", "voor", "met", "in", "op",
                       "aan", "naar", "om", "te", "to", "of", "with", "for", "at", "on", "in",
                       "tijdens", "during", "en", "and", "of", "or", "die", "dat", "die", "which",
                       "who", "zo", "so", "heel", "very", "echt", "really", "hele", "whole", "if",
                       "whether", "that", "hoe", "how", "wat", "what", "als", "wanneer", "when",
                       "waar", "where", "mijn", "je", "your"])
_KEEP_LAST = frozenset({"zelf", "goed", "alleen", "gedaan", "done", "well", "uit", "af", "op",
                        "mee", "gewoon", "niet", "nie", "not", "never", "nooit", "meer", "bij",
                        "no", "geen", "anymore", "niks", "nothing", "it", "het", "dat", "me",
                        "je", "doen", "gaan", "kunnen", "hebben", "zijn", "make", "get",
                        "do"})
# 'Ik weet niet of ...', 'I'm not sure I ...': cut short, these say something else.
_KNOWING = re.compile(r"^(?:ik|i|k) (?:weet (?:\w+ )?niet|twijfel|vraag me af|am not sure|"
                      r"am unsure|do not know|wonder|don't know|dont know|doubt)\b")
# Words after 'de/het/een' that are no thing to talk about: 'voor het eerst', 'het meest'.
_NOT_NOUNS = frozenset({"eerst", "laatst", "meest", "best", "liefst", "vaakst", "minst",
                        "hele", "zelfde", "volgende", "andere", "beetje", "keer", "paar",
                        # 'gaat het beter', 'het leukste': more or most, not a thing
                        "beter", "slechter", "rustiger", "sneller", "makkelijker", "moeilijker",
                        "drukker", "leuker", "liever", "later", "eerder", "langer", "korter",
                        "zwaarder", "meeste", "leukste", "beste", "fijnste", "moeilijkste",
                        "makkelijkste", "drukste", "mooiste", "lastigste", "zwaarste",
                        # an adjective cut from its noun ('the whole | morning shift', 'de
                        # verkeerde | medicijnen'): 'Denk aan de verkeerde' (an eighth trial)
                        "whole", "verkeerde", "goede", "juiste", "wrong", "right", "same",
                        "other", "next", "last", "first", "eerste", "laatste", "nieuwe", "oude",
                        "grote", "kleine"})
_ER = frozenset({"er", "daar", "hier", "waar"})
_ARTICLES = BEFORE_NOUNS | {"het", "je", "the", "a", "an"}  # after these a word is a thing
# Words students end a sentence with that say nothing: 'ik ben moe lol'.
_TAGS = frozenset({"lol", "haha", "hahaha", "man", "hoor", "bro", "joh", "ofzo", "ofz", "enzo",
                   "wallah", "xd", "toch", "tho", "lmao", "fr"})
# The object at a whole clause's end: 'doing that', 'ik snap het'.
_OBJECT_PRONOUNS = frozenset({"that", "it", "this", "them", "him", "her", "dat", "het", "dit",
                              "hem", "haar"})
# Hedges and chat words a student ends a sentence with.
_HEDGES_AT_END = (["denk", "ik"], ["denk", "k"], ["denk"], ["geloof", "ik"], ["i", "think"],
                  ["i", "guess"], ["of", "zo"], *([tag] for tag in ("lol", "haha", "ofzo", "ofz",
                                                                   "enzo", "xd", "lmao")))
# 'maar' after these is 'only' or 'just': 'alleen maar', 'nog maar', 'even maar'.
_BEFORE_MAAR = frozenset({"alleen", "nog", "even", "eens", "ff", "gewoon", "toch", "pas"})
# Verbs whose clause goes on in a question or a 'that' ('ik vroeg haar hoe ...', 'ik zag
# wat ...', 'I asked how ...'): cut before it, the clause says nothing.
_NEEDS_WHAT_FOLLOWS = frozenset({"vroeg", "vraag", "vragen", "weet", "wist", "zag", "zie",
                                 "snap", "snapte", "leerde", "leer", "begreep", "merkte",
                                 "ontdekte", "geleerd", "gemerkt", "gezien", "gehoord",
                                 "gevraagd", "denk", "dacht", "vind", "vond", "merk", "zei",
                                 "leren", "weten", "zien", "snappen", "begrijpen", "learn",
                                 "hoorde", "asked", "ask", "know", "knew", "saw", "see",
                                 "learned", "learnt", "wondered", "noticed", "found", "think",
                                 "thought", "said", "heard", "realised", "realized",
                                 "gezegd", "gezegt", "verteld", "uitgelegd", "told", "explained"})
_QUESTION_WORDS = frozenset({"hoe", "wat", "how", "what", "waarom", "why"})
# Verbs an 'om ... te ...' completes: 'ik wil leren om ... te maken'.
_NEEDS_OM = frozenset({"leren", "proberen", "vragen", "beginnen", "besloten", "learn", "try",
                       # 'ik vond het moeilijk om met de bewoners te praten': what was hard
                       "moeilijk", "lastig", "leuk", "fijn", "spannend", "eng", "makkelijk",
                       "zwaar", "raar", "gezellig", "interessant", "moeilijker", "makkelijker"})
# Words a long clause may be cut before without losing its end.
_BOUNDARIES = frozenset({"maar", "but", "want", "because", "omdat", "toen", "dus", "so", "en",
                         "and", "dat", "als", "that", "if", "om", "then", "daarna", "terwijl",
                         "while", "when", "wat", "hoe", "what", "how", "of", "whether"})
# The last word of a text, with what may follow it: 'lol!! 😅'.
_LAST_WORD = re.compile(r"(\w+)[^\w]*$")
# What a clause opened by 'dat' / 'that' starts with ('dat de klant', 'that I').
_CLAUSE_SUBJECTS = frozenset({"ik", "i", "k", "je", "jij", "you", "hij", "he", "zij", "ze",
                              "she", "they", "we", "wij", "het", "it", "de", "the", "een", "a",
                              "mijn", "my", "die", "er", "there", "iemand", "someone",
                              "niemand", "nobody", "mensen", "people", "jullie", "u", "mn"})
_OBJECT_CLAUSE = frozenset({"hoe", "wat", "dat", "how", "what", "that", "waarom", "why"})
# 'Dat ik ...' answers a question on its own; Dutch puts the verb last, so it moves up.
_SUBORDINATE = re.compile(r"^(?P<that>dat|that) (?:ik|i|k) ")
# After 'idk' these ask a question of their own: 'idk of dat bij me past', 'idk what to do'.
_ASKED_WHAT = frozenset({"of", "wat", "hoe", "waarom", "waar", "wie", "wanneer", "welke",
                         "if", "what", "how", "why", "where", "who", "when", "which", "whether"})
# 'ik zei toch vergeten', 'i said forgot': the student repeats, no deed to say back.
_ZEI_TOCH = re.compile(r"^(?:ik |i )?(?:zei|zeg|said|told you) (?:het |it )?(?:toch|al|net|"
                       r"already|just)\b")
# Where the student works, told before the story: said back, it takes up nothing of the day
# ('Je werkt in een verzorgingshuis.' after 'vandaag is er een mevrouw overleden').
_BACKGROUND = re.compile(r"^(?:je|you) (?:werkt|loopt stage|loopt|zit|work|are doing your "
                         r"(?:placement|internship)|do your placement) (?:\w+ )?(?:in|op|bij|at|"
                         r"on)\b")
_WHERE_I_WORK = frozenset({"werk", "stage", "loop", "work", "placement", "internship"})
# Finite verbs that are nouns too: 'dit werk', 'de help', 'zijn leer'.
_ALSO_NOUNS = frozenset({"werk", "help", "leer", "hou", "houd", "doe"})
_FINITE_LATE = frozenset({"ben", "kan", "heb", "wil", "mag", "moet", "durf", "vind", "was",
                          "had", "kon", "wist", "deed", "weet", "hoef", "snap", "zie",
                          "blijf", "werk", "leer", "help", "merk", "denk", "voel", "hou",
                          "houd", "ga", "doe", "word", "werd", "bleef", "ging", "mocht",
                          "moest", "wilde", "vond", "zag", "leerde", "hielp", "werkte"})
_SUBJECT = re.compile(r"^(?:(?:vandaag|today|toen|then|daarna|after that|eerst|first|dus|so|"
                      r"en|and|maar|but|ook|also|honestly|eerlijk gezegd) )*(?:ik|i|k)(?=\s|$)")


# A clause that only hedges: 'ik denk het wel', 'denk van wel', 'i think so' ('Je denkt het.').
_HEDGE_ALONE = re.compile(r"(?:ja |nou |yes |yeah )?(?:ik |i )?(?:denk|geloof|hoop|think|guess|"
                          r"hope)(?: (?:het|van|t|so|it))?(?: (?:wel|niet|nie|not|so))?")


def echo(text: str, longest: int = 9, prefer: re.Pattern[str] | None = None,
         lang: str | None = None) -> str | None:
    """The student's own clause about themself, said back: 'Ik bleef rustig en hielp de klant'
    -> 'je bleef rustig en hielp de klant': the one that says most (with `prefer`, one that
    matches it, such as the doubt). None when none reads well."""
    best: tuple[float, str] | None = None
    for order, (joint, part) in enumerate(_joined_clauses(text)):
        if joint == "omdat" and len(part.split()) > 6:
            continue  # 'omdat ik de kassa verkeerd had afgesloten waar iedereen bij was':
            # too long to put the verb back in place ('Je de kassa verkeerd had afgesloten.')
        flat = flat_words(part)
        if _ALREADY_SAID.fullmatch(flat) or _HEDGE_ALONE.fullmatch(flat):
            continue  # 'I just told you', 'ik denk het wel': no deed to say back
        said = _echo_clause(part, longest, lang)
        if said is None:
            continue
        score = len([w for w in said.split() if w not in _STOP and len(w) > 3]) - 0.3 * order
        if prefer is not None and prefer.search(flat):
            score += 10
        if any(w in FEELINGS for w in said.split()):
            score += 2
        if _BACKGROUND.match(said) and len(flat_words(text).split()) > 8:
            continue  # 'je werkt in een verzorgingshuis': the setting, not the story told
        if best is None or score > best[0]:
            best = (score, said)
    return best[1] if best else None


def _echo_clause(part: str, longest: int, lang: str | None = None) -> str | None:
    tokens = expand(words(part))
    if not tokens:
        return None
    if lang == "en":  # chat 'n' is 'and' in English, not Dutch "'n" ('een')
        tokens = ["and" if t == "een" else t for t in tokens]
    if tokens[:4] == ["i", "do", "not", "know"] and tokens[4:5] and \
            tokens[4] not in _ASKED_WHAT:  # 'idk het werk is gwn saai': the idk is a shrug,
        return None  # not a clause ('Je weet niet het werk is gewoon saai.')
    if lang == "nl" and tokens[:4] == ["i", "do", "not", "know"]:  # 'idk of dat bij me past'
        tokens = ["ik", "weet", "niet", *tokens[4:]]
    if _ZEI_TOCH.match(" ".join(tokens)):
        return None  # 'ik zei toch vergeten': what they said before, not a deed
    if tokens[0] in ("omdat", "want", "because", "cause", "coz") and len(tokens) > 2:
        tokens = tokens[1:]  # 'omdat ik later autospuiter wil worden' as the whole answer
    while len(tokens) > 3:  # '... met mensen kan praten denk (ik)': the hedge is not said back
        hedge = next((h for h in _HEDGES_AT_END if tokens[-len(h):] == h), None)
        if hedge is None:
            break
        rest = tokens[:-len(hedge)]
        if rest[-1:] in (["dan"], ["than"], ["als"]) or rest[-2:] in (["dan", "ik"],
                                                                     ["than", "i"]):
            break  # 'meer dan ik denk': a comparison, not a hedge
        tokens = rest
    clause = " ".join(tokens)
    inverted = _INVERTED.match(clause)
    subordinate = _SUBORDINATE.match(clause)
    if subordinate is not None:  # 'dat ik goed ben in ...' -> 'ik ben goed in ...'
        rest = clause[subordinate.end():].split()
        if subordinate["that"] == "that":
            tokens = ["i", *rest]
        else:
            finite = [w for w in rest if w in _FINITE_LATE]
            if not finite:
                return None
            # 'dat ik dit werk wil blijven doen': 'werk' is the thing, 'wil' the verb
            verb = finite[-1] if len(finite) > 1 and finite[0] in _ALSO_NOUNS else finite[0]
            rest.remove(verb)
            tokens = ["ik", verb, *rest]
        clause = " ".join(tokens)
    elif inverted is not None:  # "vandaag mocht ik ..." -> "ik mocht ..."
        tokens = ["ik", inverted["verb"], *clause[inverted.end():].split()]
    if subordinate is None and inverted is None:
        found = _SUBJECT.match(clause)
        if found is None:
            return None
        tokens = clause[found.start():].split()
        start = next(i for i, t in enumerate(tokens) if t in ("ik", "i", "k"))
        tokens = tokens[start:]
    english = tokens[0] == "i"
    if len(tokens) < 3:
        return None
    if not english and is_plural_verb(tokens[1]) and not opens_a_thing(tokens, 1):
        return None  # '(mijn collega en) ik werken samen': not the student alone
    if _KNOWING.match(" ".join(tokens)):  # a doubt is said back whole, or not at all
        whole = tokens
        while whole and (whole[-1] in _DANGLING or whole[-1] in _TAGS):
            whole = whole[:-1]
        if len(whole) > longest + 5 or len(whole) < 5:
            return None
        return _to_you(whole, part, english)
    if not english and not could_be_verb(tokens[1]) and len(tokens) >= 4 and \
            tokens[-2] in _FINITE_LATE and tokens[-1].endswith("en") and \
            tokens[-1] not in _FINITE_LATE and len(tokens) <= longest and \
            not _SUBORDINATORS.intersection(tokens):
        # '(omdat) ik later autospuiter wil worden' -> 'ik wil later autospuiter worden'
        tokens = [tokens[0], tokens[-2], *tokens[1:-2], tokens[-1]]
    if not english and not could_be_verb(tokens[1]) and tokens[-1] in _FINITE_LATE and \
            len(tokens) <= longest and not _SUBORDINATORS.intersection(tokens):
        # '(omdat) ik te laat was' -> 'ik was te laat'
        tokens = [tokens[0], tokens[-1], *tokens[1:-1]]
    short = len(tokens) <= longest + 2  # said back whole rather than cut a word short
    cut = tokens if short else tokens[:longest]
    # 'ik zag hoe de collega's samenwerken': the seeing needs its what
    start = 3 if short and cut[2:3] and cut[2] in _OBJECT_CLAUSE else 2
    for stop in ("maar", "but", "want", "because", "omdat", "toen", "dus", "so", "en", "and",
                 "dat", "als", "wat", "hoe", "that", "what", "how", "if", "om"):
        if stop in cut[start:]:
            at = cut.index(stop, start)
            if stop == "om" and "te" not in tokens[at:at + 6]:
                continue  # 'om feedback' stays; 'om ... te ...' is a clause of its own
            if stop in ("dat", "that") and (short or not tokens[at + 1:at + 2] or
                                            tokens[at + 1] not in _CLAUSE_SUBJECTS):
                continue  # 'ik vond dat leuk'; 'ik heb het gevoel dat ik ...' said whole
            if stop == "maar" and cut[at - 1] in _BEFORE_MAAR:
                continue  # 'ik sta alleen maar te kijken': 'maar' is 'only', no new clause
            if stop == "wat" and (cut[at - 1] in PREPOSITIONS or cut[at - 1] in ("nog",)):
                continue  # 'met wat oudere kinderen': 'wat' is 'some'
            if (stop in _QUESTION_WORDS and _NEEDS_WHAT_FOLLOWS.intersection(cut[:at])) or \
                    (stop == "om" and cut[at - 1] in _NEEDS_OM):
                if short:
                    continue  # 'ik vroeg haar hoe ze ...', 'ik wil leren om ... te ...': whole
                return None  # cut there it would lose what it is about
            cut = cut[:at]
            break
    if _MINIMAL.match(" ".join(cut)) or _MINIMAL.match(" ".join(cut[1:])):
        return None
    natural = len(cut)  # where the clause was cut, before dangling words go
    ends_it = cut == tokens
    while len(cut) > 3 and (cut[-1] in _DANGLING or (cut[-1] in _STOP
                            and cut[-1] not in _KEEP_LAST and not _a_noun_ends(cut))) and \
            not (ends_it and _ends_whole(cut, english)):
        cut = cut[:-1]
    if len(cut) < 3 or (cut[-1] in _DANGLING and not (ends_it and _ends_whole(cut, english))):
        return None
    if natural < len(tokens) and not _ends_at_a_seam(tokens, natural):
        return None  # cut off inside a phrase: 'from like eight (patients)', 'alleen (stickers)'
    if len(cut) < len(tokens) and cut[-1] in _NEEDS_WHAT_FOLLOWS:
        return None  # 'je hebt geleerd (dat ...)': what was learned is the point
    return _to_you(cut, part, english)


_STOP_NOUNS = frozenset({"dag", "day"})


def _a_noun_ends(cut: list[str]) -> bool:
    """'een open dag', 'een drukke dag': a small word that is the noun its phrase ends on,
    not a loose word to drop ('Je wilt later naar een open.' lost it)."""
    return cut[-1] in _STOP_NOUNS and (cut[-2] in _ARTICLES or cut[-2] not in _STOP)


def _ends_at_a_seam(tokens: list[str], at: int) -> bool:
    """Whether a clause cut before `at` ends where a phrase ends: before a joining word or a
    preposition ('... met de monteur | naar een klant'), or after a joining word that is then
    dropped ('... gevraagd of | ik ...'); not inside 'een pallet goed in (te pakken)'."""
    after, before = tokens[at], tokens[at - 1]
    return after in _BOUNDARIES or after in _SUBORDINATORS or (
        after in PREPOSITIONS and after != "te") or before in _BOUNDARIES or \
        before in _SUBORDINATORS or after in _NEEDS_WHAT_FOLLOWS  # 'Fatima | zei dat ...'


_PARTICLES = frozenset({"op", "af", "uit", "mee", "aan", "bij", "door", "terug", "toe", "weg",
                        "over", "na", "om"})


def _ends_whole(clause: list[str], english: bool) -> bool:
    """Whether a whole clause's last word belongs there: its verb ('dat ik het goed deed'), or
    the preposition of an 'er' ('ik word er vrolijk van')."""
    last = clause[-1]
    if last in _OBJECT_PRONOUNS and clause[-2] not in PREPOSITIONS:
        return True  # 'I could see myself doing that', 'ik wil het'
    return not english and (is_finite(last) or (last in PREPOSITIONS
                                                and not _ER.isdisjoint(clause[:-1])) or
                            # 'ik let beter op', 'ik ruim de kast op': a verb's particle
                            (last in _PARTICLES and any(is_finite(w) for w in clause[1:-1])))


def _to_you(cut: list[str], part: str, english: bool) -> str:
    return recase(" ".join(said_back(cut, english)), part)


def recase(phrase: str, original: str) -> str:
    """Names as the student capitalised them: 'sandra' -> 'Sandra'."""
    out = []
    for word in phrase.split():
        found = re.search(rf"(?<![.!?]\s)(?<!^)\b({re.escape(word.capitalize())})\b", original)
        out.append(found[1] if found and len(word) > 1 and word not in _STOP else word)
    return " ".join(out)


_ALREADY = (r"(?:zei ik (?:toch )?(?:al|net|toch)|heb ik (?:toch |net |al )*(?:gezegd|verteld)|"
            r"zeg ik (?:toch|net|al)|i (?:already|just) (?:said|told you)(?: that)?|"
            r"said (?:that|it) already)")
# At the start or the end of an answer, as a clause of its own: not 'dat heb ik al verteld
# aan mijn begeleider'.
_ALREADY_IN_TEXT = re.compile(rf"^\s*{_ALREADY}\s*[,.!;:]+\s*|[,;.]?\s*\b{_ALREADY}[.!]*\s*$",
                              re.IGNORECASE)


def without_already(text: str) -> str:
    """An answer without the 'zei ik al' the student put in it ('Vakken vullen zei ik al.'),
    for the summary; the words as typed otherwise."""
    kept = _ALREADY_IN_TEXT.sub("", text).strip(" ,;")
    return kept if kept else text


def without_tags(text: str) -> str:
    """The student's words without the chat words they end on ('... voor mij is lol 😅'),
    as typed otherwise: for a doubt quoted back next time."""
    kept = text.rstrip()
    while True:
        match = _LAST_WORD.search(kept)
        if match is None or plain(match[1]) not in _TAGS or not kept[:match.start()].strip():
            return kept
        kept = kept[:match.start()].rstrip(" ,")


# A clause that starts with its verb has lost its subject ('is rustig werk'): quoted without it.
_NO_SUBJECT = frozenset({"is", "was", "zijn", "waren", "its"})
# Who may open a clause that is said back with the student as its object ('een klant
# schreeuwde tegen me' -> 'Een klant schreeuwde tegen je').
_SOMEONE = frozenset({"de", "het", "een", "mijn", "mn", "je", "ze", "zij", "hij", "die", "iedereen",
                      "niemand", "iemand", "collega", "collegas", "the", "a", "an", "my", "he",
                      "she", "they", "someone", "somebody", "nobody", "everyone", "everybody"})
# Small words a quoted clause does not start with: 'en misschien ook ...' -> '...'.
_QUOTE_OPENERS = frozenset({"en", "maar", "dus", "misschien", "ook", "toen", "and", "but", "so",
                            "maybe", "also", "then", "nou", "well", "ja", "yeah", "o", "oh",
                            "oja", "trouwens", "btw"})
# 'we hadden een brandoefening', said back: 'jullie hadden ...' (a user trial got 'we').
_WE = {"nl": {"we": "jullie", "wij": "jullie", "ons": "jullie", "onze": "jullie"},
       "en": {"we": "you", "us": "you", "our": "your"}}


def quote_clause(text: str, longest: int = 9, lang: str | None = None) -> str | None:
    """A short first clause that is not about the student themself, to take up as said:
    'de collega's zijn echt aardig'."""
    for joint, part in [*_joined_clauses(text), *_done_to_me_after_and(text)]:
        if joint == "omdat":
            continue  # 'omdat de klant boos was': Dutch word order that only fits after 'omdat'
        tokens = expand(words(part))
        if lang == "en":  # chat 'n' is 'and' in English, not Dutch "'n" ('een')
            tokens = ["and" if t == "een" else t for t in tokens]
        if tokens[:1] == ["that"]:  # 'That people like to explain' -> 'people like to ...'
            tokens = tokens[1:]
        while tokens and tokens[0] in _QUOTE_OPENERS:  # 'en misschien ook Fatima ...'
            tokens = tokens[1:]
        shortest = 3
        while tokens and tokens[-1] in _TAGS:  # 'vakken vullen ofz' -> 'vakken vullen'
            tokens, shortest = tokens[:-1], 2
        if tokens[:1] and tokens[0] in _NO_SUBJECT and len(tokens) >= 3:
            tokens, shortest = tokens[1:], 2  # 'is rustig werk' -> 'rustig werk', not 'is ...'
        elif tokens[:1] and lang == "nl" and is_past(tokens[0]):
            continue  # 'ging bijna dood van het lachen': their own 'ik' left out, no quote
        if not shortest <= len(tokens) <= longest + 3 or any(t in ("ik", "i", "k")
                                                       for t in tokens):
            continue
        to_me = any(t in ("me", "mij", "mezelf", "myself") for t in tokens)
        if to_me and (lang is None or tokens[0] not in _SOMEONE or
                      any(t in ("mezelf", "myself") for t in tokens)):
            continue  # 'een klant schreeuwde tegen me': theirs to hear back, as 'je'; only
            # with whoever did it first ('heeft me geleerd hoe ...' lost its Ingrid)
        cut = _trimmed(tokens[:longest], tokens)
        if len(cut) < len(tokens) and not (_ends_at_a_seam(tokens, len(cut)) or (
                len(tokens) > longest and _ends_at_a_seam(tokens, longest))):
            # cut inside a phrase: back to the last 'en' or 'maar' ('het magazijn was
            # ijskoud | en de mannen daar zeiden ...')
            seam = max((at for at in range(3, len(cut)) if cut[at] in _BOUNDARIES), default=0)
            cut = _trimmed(cut[:seam], tokens) if seam else []
        if len(cut) < shortest or cut[-1] in _DANGLING or (len(cut) < len(tokens)
                                                    and cut[-1] in _NEEDS_WHAT_FOLLOWS):
            continue  # nothing before what 'liet zien' shows
        if lang in _WE:
            cut = [_WE[lang].get(t, t) for t in cut]
        if to_me and len(cut) < len(tokens):
            continue  # 'the girl showed me | how the system works': not 'showed you'
        if lang == "en":
            cut = ["you" if t == "me" else t for t in cut]
        return recase(as_said_to_student(" ".join(cut)), part)
    return None


# 'ik deed de kassa en een klant schreeuwde tegen me': 'en' is a seam before someone who did
# something to the student, not inside what the student did ('de vakken en de kassa').
_AND_SOMEONE = re.compile(r"\s+(?:en|and|n)\s+(?=(?:de|het|een|mijn|mn|hij|ze|zij|die|the|"
                          r"a|an|my|he|she|they|someone|iemand)\s)", re.IGNORECASE)
_TO_ME = re.compile(r"\b(?:me|mij)\b", re.IGNORECASE)


def _done_to_me_after_and(text: str) -> list[tuple[str, str]]:
    """The clauses after an 'en' that tell what someone did to the student, to try when no
    clause of their own is one."""
    return [("en", part) for _, clause in _joined_clauses(text)
            for part in _AND_SOMEONE.split(clause)[1:] if _TO_ME.search(part)]


def _joined_clauses(text: str) -> list[tuple[str, str]]:
    """The clauses of `text`, each with the word or mark it was split off by ('' first)."""
    joints, start, parts = [""], 0, []
    for seam in _CLAUSES.finditer(text):
        parts.append(text[start:seam.start()])
        joints.append(seam[0].strip().lower())
        start = seam.end()
    parts.append(text[start:])
    return list(zip(joints, parts, strict=True))


def _trimmed(cut: list[str], tokens: list[str]) -> list[str]:
    """A quoted clause without the small words it was cut on ('... achter hun'); a whole
    clause keeps its verb ('als hij er weer is')."""
    whole = cut == tokens
    while len(cut) > 3 and (cut[-1] in _DANGLING or (cut[-1] in _STOP
                            and cut[-1] not in _KEEP_LAST and not _a_noun_ends(cut)) or
                            (not whole and cut[-1] in PREPOSITIONS)) and \
            not (whole and _ends_whole(cut, False)):
        cut = cut[:-1]
    return cut


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
    if u.people and not _DEATH.search(u.text.lower()):  # not what to ask one who died
        missing.append("person")
    return replace(u, missing=tuple(missing))


_DEATH = re.compile(r"\b(?:overleed|overleden|overlijden|gestorven|stierf|stierven|dood gegaan|"
                    r"doodgegaan|ingeslapen|died|dead|passed away|passed on|death|funeral|"
                    r"begrafenis|uitvaart|rouw\w*)\b")


def _praiser(flat: str, people: tuple[str, ...], praised: re.Match[str]) -> str | None:
    """Who praised: the one named just after 'compliment (gekregen) van' / 'from', else the
    one named nearest before the praise ('mijn begeleider zei dat ik het goed deed'); a user
    trial heard 'de klanten waren aardig en ik kreeg een compliment van mn begeleider' thanked
    to the customers."""
    after = flat[praised.end():praised.end() + 40]
    found = re.match(r"(?:\s+\w+){0,2}?\s+(?:van|from|by)\s+", after)
    if found is not None:
        rest = after[found.end():]
        for person in people:
            said = flat_words(person)
            if rest.startswith(said) or re.match(rf"(?:\w+\s+)?{re.escape(said)}\b", rest):
                return person
    return _helper(flat, people, praised.start())


def _helper(flat: str, people: tuple[str, ...], at: int) -> str | None:
    """Who helped: the person named nearest before the words of help ('the nurse showed me',
    not the 'eight patients' before; 'ik hielp de klanten en mijn collega hielp mij': the
    colleague), or the name just before a title ('Kim, de praktijkopleider, heeft me
    geholpen': Kim)."""
    named = sorted((where, where + len(said), person) for person in people
                   for said in [flat_words(person)]
                   for where in [flat.rfind(said, 0, at)] if where >= 0 and at - where < 60)
    if not named:
        return None
    where, _, person = named[-1]
    earlier = [n for n in named[:-1] if 0 <= where - n[1] <= 1]  # 'kim | de praktijkopleider'
    return earlier[-1][2] if earlier else person


def _says_nothing(content: list[str], core: str) -> bool:
    """No content word, or one that says nothing ('weet ik nog niet', 'gewoon werk', 'niks
    gezien'). One that does is an answer, however short: 'vergeten', 'ik ben geduldig',
    'te druk', 'kassa'."""
    if len(content) != 1:
        return not content
    said = core.split()
    return content[0] in _EMPTY_WORDS or not _NOTHING.isdisjoint(said) or \
        (not _NOT.isdisjoint(said) and content[0] not in FEELINGS) or len(content[0]) < 3 or \
        re.fullmatch(r"(?:h+m+|p+f+|tja+|huh+|ehm*|uh+m*)", content[0]) is not None


def _content(flat: str) -> list[str]:
    return [w for w in flat.split() if w not in _STOP and len(w) > 1]


def _base(word: str, lang: str | None) -> str:
    if lang is None:
        return base_form(word)
    import simplemma

    return simplemma.lemmatize(word, lang=lang).replace("_", "").casefold()


def _feelings(text: str, flat: str, lang: str | None = None) -> tuple[Feeling, ...]:
    found: list[Feeling] = []
    tokens = flat.split()
    asked: set[str] = set()  # words only in a question the student asks: 'of is dat raar?'
    if "?" in text:  # sentences with their end mark, in one pass (a search for '...?' from
        # every letter took seconds on a long message without one)
        pieces = re.split(r"(?<=[.!?\n])", text)
        asked = {w for piece in pieces if piece.endswith("?")
                 for w in expand(words(piece))} - {w for piece in pieces
                                                   if not piece.endswith("?")
                                                   for w in expand(words(piece))}
    for i, token in enumerate(tokens):
        if token in asked:
            continue  # a word only in a question the student asks is no feeling they had
        for candidate in (token, " ".join(tokens[i:i + 2])):
            base = _base(candidate, lang)
            entry = FEELINGS.get(candidate) or (  # 'best' is not 'goed', 'worse' not 'bad'
                FEELINGS.get(base) if base not in ("goed", "good", "slecht", "bad") else None)
            if entry is None:
                continue
            before = " ".join(tokens[max(0, i - 2):i])
            if (candidate in _NEEDS_A_VERB or (lang == "en" and base in _NEEDS_A_VERB)) \
                    and not re.search(
                    r"\b(?:voel|voelde|felt|feel|was|ben|am|werd|got|vond|found|zo|so|"
                    r"echt|really|super|heel|best)\s*(?:me |mij |myself )?$", before + " "):
                continue  # 'alleen maar afwassen', 'good job', 'lost my keys'
            if candidate in ("good", "goed", "great", "slecht", "bad", "sterk") and \
                    tokens[i + 1:i + 2] in (["at"], ["in"], ["met"], ["with"], ["bij"]):
                continue  # 'goed in mensen helpen' is a quality, not a feeling
            if candidate in ("goed", "slecht") and not re.search(
                    r"\b(?:voel|voelde|voelt)\s*(?:me |mij |je )?$", before + " "):
                continue  # 'ik deed het goed', 'best goed blijf in stress': no feeling
            if {"niet", "nie", "not", "geen", "niks", "niets", "nothing", "never", "nooit"} & \
                    set(tokens[max(0, i - 2):i]):
                continue  # 'niet leuk' is said but not this feeling
            if _someone_elses(tokens, i):
                continue  # 'een klant die heel boos werd': not the student's feeling
            if entry[1] != "about" and candidate != base and candidate.endswith("e") and \
                    not is_past(candidate) and tokens[i + 1:i + 2] and \
                    (tokens[i + 1] in _THIRD or re.fullmatch(ROLES, tokens[i + 1])):
                continue  # 'boze klanten', 'een blije klant': the feeling is theirs
            if _reported(tokens, i):
                continue  # 'mijn collega zegt dat ik dom ben': their word for them
            if tokens[i + 1:i + 2] and tokens[i + 1] in _THIRD and tokens[i + 1] not in (
                    "die", "who", "ze", "zij", "hij"):
                continue  # 'angry guests', 'boze klanten': the feeling is theirs
            if candidate in _INTENSIFIERS and tokens[i + 1:i + 2] and \
                    tokens[i + 1] not in _STOP:
                continue  # 'was super druk': the feeling is 'druk'
            if _conditional(tokens, i):
                continue  # 'als het rustiger is': not a feeling they had
            if candidate in ("kapot", "stuk", "broken") and (
                    tokens[i - 1:i] in (["ging"], ["gaat"], ["gegaan"], ["went"], ["got"]) or
                    tokens[i + 1:i + 2] in (["gegaan"], ["gemaakt"], ["gevallen"])):
                continue  # 'de scanner ging kapot': a thing broke, the student is not tired
            found.append(Feeling(candidate, _base(candidate, lang) if candidate not in FEELINGS
                                 else candidate, entry[0], entry[1] == "about"))  # type: ignore[arg-type]
            break
    if not found:  # 'voelde me echt onzichtbaar': a feeling the lexicon does not know
        named = _FELT.search(flat)
        if named is not None and named[1] not in _STOP and named[1] not in _NOT_A_FEELING:
            found.append(Feeling(named[1], named[1], "~", False))
    core = [t for t in tokens if t not in ("echt", "heel", "super", "really", "so", "zo", "was",
                                           "it", "het", "wel", "erg")]
    if not found and len(core) == 1 and core[0] in FEELINGS:  # "prima", "goed", "saai"
        entry = FEELINGS[core[0]]
        found.append(Feeling(core[0], core[0], entry[0], entry[1] == "about"))  # type: ignore[arg-type]
    unique = {f.base: f for f in found}
    return tuple(unique.values())


_INTENSIFIERS = frozenset({"super", "mega", "heel", "echt", "zo", "so", "really"})
# Feeling words only when said of oneself ('ik was druk', not 'druk bezig'; 'practise harder'
# is no feeling): a verb or an intensifier before them.
_NEEDS_A_VERB = frozenset({"good", "great", "nice", "goed", "slecht", "top", "super", "prima",
                           "mooi", "lekker", "zeker", "alleen", "thuis", "welkom", "energie",
                           "hard", "druk", "busy", "sick", "lost", "down", "rustig", "calm"})
_FELT = re.compile(r"\b(?:voel|voelde|voelt|felt|feel) (?:me|mij|myself )?\s?(?:(?:echt|heel|zo|"
                   r"super|best|een beetje|wel|really|so|kinda|pretty|a bit|totally) )*([a-z]{4,})"
                   r"\b")
_NOT_A_FEELING = frozenset({"alsof", "like", "that", "dat", "niet", "not", "nooit", "never",
                            "thuis", "home", "welkom", "welcome", "iemand", "something", "iets",
                            "helemaal", "beter", "better", "goed", "good", "slecht", "well"})
_IF = frozenset({"als", "if", "zodra", "wanneer"})
_IF_SUBJECTS = frozenset({"het", "ik", "k", "je", "ze", "zij", "hij", "er", "de", "it", "i",
                          "you", "they", "there", "we", "wij", "mijn", "my"})


def _conditional(tokens: list[str], i: int) -> bool:
    """A feeling word in an if-clause ('als het rustiger is', 'if I'm calm'): what might be,
    not what the student felt. 'als ik eerlijk ben, zwaar' is no if."""
    for at in range(max(0, i - 4), i):
        if tokens[at] in _IF and tokens[at + 1:at + 2] and tokens[at + 1] in _IF_SUBJECTS \
                and not {"eerlijk", "honest"} & set(tokens[at:i]):
            return True
    return False


_THIRD = frozenset({"hij", "zij", "ze", "die", "he", "she", "they", "klant", "klanten",
                    "customer", "client", "bewoner", "mevrouw", "meneer", "kid", "kind",
                    "kinderen", "kids", "collega", "baas", "chef", "begeleider", "who",
                    "supervisor", "manager", "boss", "bewoners", "patienten", "clienten",
                    "collegas", "collega's", "mensen", "ouders", "gasten", "leerlingen",
                    "customers", "clients", "residents", "patients", "people", "parents",
                    "guest", "guests", "gast", "visitor", "visitors", "bezoeker", "bezoekers",
                    "patient", "resident", "coworker", "colleague", "colleagues", "child",
                    "children", "baby", "peuter", "peuters", "toddler", "toddlers"})


def _someone_elses(tokens: list[str], i: int) -> bool:
    """A feeling word whose clause is about someone else ('de klant werd boos')."""
    before = tokens[max(0, i - 3):i]
    for word in reversed(before):
        if word in ("ik", "i", "me", "mij", "myself", "mezelf", "k"):
            return False
        if word in _THIRD or word == "ie":
            return True
    return False


# Saying or judging something of someone: 'zegt dat ik dom ben', 'calls me lazy'.
_REPORTING_NL = frozenset({"zegt", "zeggen", "zei", "zeiden", "noemt", "noemen", "noemde",
                           "noemden", "vindt", "vinden", "vond", "vonden", "roept", "riep",
                           "schreeuwt", "schreeuwde"})
_REPORTING = _REPORTING_NL | {"says", "said", "calls", "called", "thinks", "thought", "told",
                              "tells", "yells", "yelled"}


def _reported(tokens: list[str], i: int) -> bool:
    """A feeling word in what someone else says or thinks of the student ('mijn collega zegt
    steeds dat ik dom ben', 'he called me stupid'): their judgement, not how the student
    felt. Said by the student themself ('ik zei dat ik moe was') it is theirs."""
    mine = ("ik", "i", "k")
    for k in range(i - 1, max(-1, i - 6), -1):
        if tokens[k] in _REPORTING:  # 'ik vond', and in Dutch inverted: 'dat vond ik'
            inverted = tokens[k] in _REPORTING_NL and tokens[k + 1] in mine
            return (k == 0 or tokens[k - 1] not in mine) and not inverted
    return False


_MOST_PEOPLE = 12  # a long message names no more; each costs a look through the whole text


# 'meneer De Boer', 'mevrouw van Dijk', 'juf Sanne': one person, not 'een meneer' and 'de boer'
_TITLED = re.compile(r"\b((?:meneer|mevrouw|mr|mrs|ms|juf|meester|dokter|dr|zuster)\.? "
                     r"(?:(?:van|de|der|den|ter|ten|te|het|'t|la|le|du|el|al) )*[A-Z][a-z]+"
                     r"(?:-[A-Z][a-z]+)?)", re.IGNORECASE)


def _titled(text: str) -> list[str]:
    return [m[1] for m in _TITLED.finditer(text) if m[1].split()[-1][:1].isupper()]


def _people(text: str, flat: str) -> tuple[str, ...]:
    found: list[str] = _titled(text)
    titles = {name.split()[0].lower().rstrip(".") for name in found}
    named = {w.lower() for name in found for w in name.split()[1:]}
    role = re.compile(rf"\b(?:(?:mijn|mn|m'n|my|de|het|die|the|a|an|een|onze|our|that|this|"
                      rf"die ene|that one)\s+)?(?:\w+\s+)?(?:{ROLES})\b(?:\s+([a-z]+))?")
    seen: set[str] = set()
    for match in role.finditer(flat):
        if match[0] in seen:
            continue  # 'mijn chef' said again is the same person
        if len(seen) >= _MOST_PEOPLE:
            break
        seen.add(match[0])
        phrase = match[0]
        name = match[1]
        role_word = phrase.split()[-1 if name is None else -2]
        if role_word in titles or role_word in named:
            continue  # the title of a name found above, or a word of it ('De Boer')
        if (name is not None and name in _STOP | _NOT_NAMES) or (name and not _capital(text, name)):
            phrase = phrase[: match.start(1) - match.start()].strip()
        phrase = re.sub(r"^(\w+\s+)(\w+\s+)(?=(?:" + ROLES + r")\b)",
                        lambda m: m[1] if m[1].strip() in ("mijn", "mn", "my", "de", "the",
                                                           "een", "a", "die", "het") else "",
                        phrase)
        found.append(phrase.strip())
    # Each name is judged once (said again, one named 'Pieter, mijn collega' moves to the
    # front again); at most 2 * _MOST_PEOPLE words get the look through the whole text.
    judged: dict[str, bool | None] = {}  # to the front, after the others, or no person
    looked = 0
    for match in _NAME.finditer(text):
        name, low = match[1], match[1].lower()
        if name in judged:
            if judged[name]:
                found.insert(0, name)
            continue
        if low in _NOT_NAMES or low in _STOP or any(low in f.lower().split() for f in found):
            judged[name] = None
            continue
        if looked >= 2 * _MOST_PEOPLE:
            break
        looked += 1
        apposition = re.search(rf"\b{name}\b,? (?:de|het|een|mijn|mn|my|the|our|onze) ", text)
        if apposition or (base_form(low) == low and not _is_common(low)):
            judged[name] = apposition is not None
            found.insert(0, name) if apposition else found.append(name)
        else:
            judged[name] = None
    return tuple(dict.fromkeys(recase(p, text) for p in dict.fromkeys(found) if p))


def _capital(text: str, word: str) -> bool:
    return re.search(rf"\b{re.escape(word.capitalize())}\b", text) is not None


def _is_common(word: str) -> bool:
    from bot.language.lemmas import is_word

    return is_word(word) and word not in ("sandra", "mo", "jay", "dewi", "henk", "lisa")


_IDIOM_PHRASES = re.compile(
    r"\b(?:out of (?:my|your) (?:mind|head|skull)|off (?:my|your) head|uit (?:mijn|mn|m'n) "
    r"(?:hoofd|bol|dak|plaat|nek|slof)|uit de (?:hand|bocht)|in (?:mijn|mn|m'n) hoofd|op (?:mijn|"
    r"mn|m'n) (?:tenen|kop|donder|lazer|falie))\b")


def _phrase(flat: str, feelings: tuple[Feeling, ...], people: tuple[str, ...]) -> str | None:
    """A short noun phrase of the student's own words: 'de overdracht', 'een proefrit'."""
    # idioms are no things talked about: 'bored out of my mind' is not about 'my mind'
    tokens = _IDIOM_PHRASES.sub(" ", flat).split()
    skip = {w.lower() for p in people for w in p.split()} | {f.word for f in feelings}
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
            if length == 2 and (noun.endswith("ed") or is_past(noun) or _participle(noun)
                                or noun in _FINITE_LATE):
                continue  # 'the office asked', 'een liedje gezongen': a verb, not a thing
            after = tokens[i + 1 + length:i + 2 + length]
            if after and after[0] not in _STOP and after[0] not in _DANGLING and \
                    not after[0].endswith(("en", "ing", "ed", "de", "te")):
                continue  # 'the right work' of 'the right work shoes': a cut noun group
            if noun in _NOT_NOUNS:
                continue  # 'voor het eerst'
            if token == "het" and i > 1 and tokens[i - 1] in ("ik", "k", "je", "hij", "ze",
                                                            "we") and \
                    tokens[i - 2] in _SUBORDINATORS and is_stem(words_[0]) and \
                    not any(is_finite(t) and tokens[j - 1] not in _ARTICLES
                            for j, t in enumerate(tokens[i + 2:], start=i + 2)):
                continue  # 'als ik het vraag (aan ...)': 'het' is what is asked; but 'omdat
                # ik het werk leuk vind' has its verb later
            determiner = {"mn": "je", "m'n": "je", "mijn": "je", "my": "your"}.get(token, token)
            phrase = f"{determiner} {' '.join(words_)}"
            score = len(noun) + (3 if length == 1 else 0)
            if i >= 2 and tokens[i - 1] in ("in", "op", "bij", "at", "on") and _WHERE_I_WORK & \
                    set(tokens[max(0, i - 4):i - 1]) and len(tokens) > 8:
                break  # 'ik werk in een verzorgingshuis en vandaag ...': where, not what
            if best is None or score > best[0]:
                best = (score, phrase)
            break
    return best[1] if best else None


def _participle(word: str) -> bool:
    """'gezongen', 'gevuld': a Dutch past participle, not the end of a noun group."""
    if not word.startswith("ge") or len(word) < 6:
        return False
    lemma = dutch_lemma(word)
    return lemma != word and lemma.endswith("en")


def as_said_to_student(phrase: str) -> str:
    """A phrase the student wrote about themself, turned to 'you': 'mijn begeleider' ->
    'je begeleider'."""
    swaps = {"mijn": "je", "mn": "je", "m'n": "je", "my": "your", "me": "je", "mij": "jou",
             "myself": "yourself", "mezelf": "jezelf", "i": "you", "ik": "jij"}
    return " ".join(swaps.get(w.lower(), w) for w in phrase.split())


def plain_text(text: str) -> str:
    return plain(text)
