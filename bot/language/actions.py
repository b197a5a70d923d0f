"""Is an answer a step the student will take? Action judgement, in Dutch and English. Pure.

A step has the student as actor, a doable deed (ask, practise, prepare, look up, send...) with
an object or a person, in the future: "morgen vraag ik Sandra om feedback". An intention
without a deed one could see being done ("beter mijn best doen", "meer opletten", "be more
confident") is vague: it gets help, not a refusal. A doubt, a feeling, a question, something
already done, "weet niet" or only a date is not an action at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from bot.language.dates import DateReader, DateReading, strip_times, without_event
from bot.language.lemmas import base_form, dutch_lemma, flat_words
from bot.language.person import is_past
from bot.language.text import plain, words

Label = Literal["step", "vague", "not_action"]

# Deeds one could see being done, as base forms (Dutch and English).
DEEDS = frozenset({
    "vragen", "vraag", "navragen", "ask", "oefenen", "practise", "practice", "opzoeken",
    "zoeken", "look", "search", "google", "googlen", "bellen", "opbellen", "call", "phone",
    "mailen", "emailen", "email", "appen", "app", "text", "sturen", "versturen", "opsturen",
    "send", "lezen", "doorlezen", "nalezen", "read", "schrijven", "opschrijven", "write",
    "noteren", "afmaken", "finish", "meenemen", "bring", "kijken", "bekijken", "terugkijken",
    "watch", "invullen", "fill", "inleveren", "hand", "submit", "aanmelden", "inschrijven",
    "sign", "register", "plannen", "inplannen", "plan", "schedule", "regelen", "arrange",
    "voorbereiden", "prepare", "prep", "bespreken", "discuss", "tonen", "show", "meelopen",
    "shadow", "meekijken", "meegaan", "meedoen", "join", "maken", "make", "bouwen", "build",
    "testen", "test", "controleren", "checken", "check", "leren", "learn", "solliciteren",
    "apply", "printen", "print", "kopen", "buy", "bestellen", "order", "vertellen", "tell",
    "uitleggen", "explain", "helpen", "help", "opruimen", "clean", "schoonmaken", "doen",
    "knippen", "cut", "koken", "cook", "bakken", "bake", "meten", "measure", "wisselen",
    "change", "repareren", "fix", "repair", "zetten", "opzetten", "set", "set up", "updaten",
    "update", "nakijken", "review", "herhalen", "repeat", "presenteren", "present",
    "vlechten", "kleuren", "föhnen", "fohnen", "verzorgen", "wassen", "tillen", "lift",
    "rijden", "drive", "proberen", "try", "spreken", "praten", "talk", "speak", "meet",
    "afspreken", "starten", "beginnen", "start", "begin", "opstellen", "draft",
    "verbeteren", "improve", "aanpassen", "adjust", "opnemen", "record",
    "filmen", "film", "fotograferen", "photograph", "tekenen", "draw", "ontwerpen", "design",
    "organiseren", "organise", "organize", "uitzoeken", "figure", "research", "sparen",
    "save", "bezoeken", "visit", "langsgaan", "langskomen", "stay", "blijven", "open", "openen",
    "opmaken", "afhandelen", "handle", "aansluiten", "connect", "installeren", "install",
    "injecteren", "inject", "leveren", "zien", "laten zien", "geven", "give", "nemen", "take",
    "zijn", "gaan", "go",
    "komen", "come", "hebben", "have", "laten", "let", "mogen",
    # telling someone: 'morgen zeg ik tegen de chef dat ...'
    "zeggen", "zeg", "say", "melden", "aangeven", "aankaarten", "report",
})
# Deeds so general they need a concrete object or person to be a step.
_WEAK_DEEDS = frozenset({"doen", "maken", "make", "proberen", "try", "zijn", "gaan", "go",
                         "komen", "come", "hebben", "have", "laten", "let", "blijven", "stay",
                         "geven", "give", "nemen", "take", "praten", "talk", "leren",
                         "learn", "verbeteren", "improve", "helpen", "help", "werken",
                         "mogen", "zetten", "set", "starten", "start", "beginnen", "begin"})
_PERSONS = re.compile(
    r"\b(?:begeleider|praktijkbegeleider|stagebegeleider|praktijkopleider|werkbegeleider|"
    r"leermeester|collega|collegas|collega's|chef|baas|teamleider|leidinggevende|manager|"
    r"bedrijfsleider|mentor|slb|slb'er|docent|leraar|juf|klant|klanten|client|clienten|"
    r"bewoner|bewoners|patient|monteur|kok|eigenaar|receptie|verpleegkundige|zuster|"
    r"supervisor|boss|coworker|colleague|teacher|nurse|head nurse|chef|customer|"
    r"customers|mechanic|owner|tutor|coach|mijn moeder|mijn vader|mum|mom|dad)\b")
_VAGUE = re.compile(
    r"^(?:ik )?(?:wil|wou|want to|wanna) (?:graag |ook |nog |beter |echt )?(?:leren|learn)\b|"
    r"\b(?:(?:meer|vaker|more) (?:\w+ )?bezig (?:zijn|gaan)|creatie[fv]e?r? (?:bezig )?(?:zijn|"
    r"worden|being)|(?:mijn|mn|m'n|my) best|best doen|beter (?:mijn best|opletten|luisteren|"
    r"communiceren|voorbereid|worden|werken|doen|presteren)|opletten|pay (?:more )?attention|"
    r"focus(?:sen|ed)?|concentre\w+|harder (?:werken|work)|work harder|try harder|do better|"
    r"(?:meer|more|vaker|often) (?:te |to )?(?:initiatief|initiative|vragen|questions|praten|talk|"
    r"laten zien|van "
    r"mezelf|zelfvertrouwen|confident|actief|active|inzet|effort|mijn best|doen|werken|"
    r"leren|oefenen|opletten)|(?:minder|less) (?:zenuwachtig|nervous|verlegen|shy|stress)|"
    r"\b(?:iets|something|dingen|things) (?:\w+ )?(?:vragen|ask)\b|\b(?:later|es|eens) (?:\w+ )?"
    r"(?:iets|wat) vragen\b|"
    r"(?:rustig|rustiger|kalm|calm|calmer|positief|positiever|positive|zelfstandig|zelfstandiger|"
    r"independent|netter|neater|sneller|faster|beter|better|confident|zelfverzekerd|"
    r"assertiever|assertive|proactief|proactive|professioneler|professional|serieuzer|"
    r"punctueler|punctual|actiever|vrolijker|aardiger|nicer|socialer|zekerder)"
    r"(?: (?:blijven|worden|zijn|werken|be|stay|become|get))?\b|"
    r"(?:op tijd|on time) (?:komen|zijn|be|come)|(?:komen|zijn|be) (?:op tijd|on time)|"
    r"(?:ervoor|er voor) gaan|go for it|doorzetten|keep going|step up|show (?:more )?"
    r"initiative|initiatief (?:nemen|tonen)|time management|chill blijven|gewoon "
    r"(?:doorgaan|doorwerken)|(?:weer|again) proberen|(?:probeer|try) (?:het|it) (?:\w+ )?"
    r"(?:weer|again)|(?:laten zien|show) (?:wat ik kan|what i can)|\bmezelf zijn\b|"
    r"be myself|(?:meer|more) uit (?:mijn|my) \w+ (?:halen|get)|"
    # 'ik ga gewoon door zoals ik bezig ben': going on as they are is no step (an eighth trial)
    r"(?:ga|gaan|blijf|keep) (?:\w+ )?(?:gewoon )?(?:door|verder|going)\b.{0,12}\b(?:zoals|like|"
    r"as) (?:ik|i) (?:\w+ )?(?:bezig ben|ben|doe|am|do|was|deed|did)|(?:zoals|like|as) "
    r"(?:altijd|nu|always|usual|before|vroeger))\b")
# 'sure', 'ja', 'prima' to the examples: agreeing, but to which one?
_AGREED = re.compile(r"^(?:ja+|jep|yes+|yep|yeah|yup|sure|ok|oke|okay|okido|fine|prima|goed|"
                     r"is goed|top|prima hoor|oke dan|ok dan|doe maar|alright|👍+)[.!]*$")
_VAGUE_TIME = re.compile(r"\b(?:ooit|someday|some day|sometime|at some point|one day|eventually)"
                         r"\b|^(?:een keer|eens)\b")
# Not knowing ('weet ik niet', 'kweenie', 'idk'), and the tags a message may end with.
_NOT_KNOWING = (r"(?:ik )?weet (?:ik )?(?:het )?(?:nog |echt )?(?:niet|nie)|kweenie|kweetnie|"
                r"weetnie|weet nie|geen (?:flauw )?idee|geen flauwe|idk|i do not know|"
                r"do not know|no idea|dunno|not sure|no clue|tja+")
_ENDING = (r"(?: (?:eigenlijk|eig|echt|hoor|man|bro|tbh|lol|haha|wallah|fr|really|ofzo|"
           r"of zo))*$")
_DONT_KNOW = re.compile(r"^(?:(?:dat|dit|het) )?(?:" + _NOT_KNOWING + r"|(?:even |ff |eens )"
                        r"kijken|huh+|h+m+|p+f+|ehm*|uh+m*|niks|niets|nothing|geen|none|nvt|"
                        r"n\.?v\.?t|ik zie (?:het|t) wel|we zien wel|nothing really|geen plan)"
                        + _ENDING)
# 'weet ik niet', 'kweenie', 'idk': not knowing, unlike 'niks' or 'geen' (an answer of sorts)
_NOT_SURE = re.compile(r"^(?:(?:dat|dit|het) )?(?:" + _NOT_KNOWING + r")" + _ENDING)


def says_not_sure(text: str) -> bool:
    """'weet ik niet', 'kweenie hoor', 'idk': the student does not know what to say."""
    return _NOT_SURE.match(flat_words(text)) is not None


_REFUSAL = re.compile(r"^(?:nee|no|nah|nope|boeie|boeit niet|maakt niet uit|laat maar|hoeft "
                      r"niet|hoef ik niet|hoef geen|geen stap|geen zin|skip|pass|i'?m good|im good|"
                      r"no thanks|nee "
                      r"dank je|geen actie|whatever|doe maar niks|do not care|dont care|"
                      r"ik hoef geen|i do not need|(?:ik )?(?:wil|hoef|heb|doe) (?:\w+ )?geen "
                      r"(?:actie|stap|stappen|doel|voornemen)|(?:i )?(?:do not|don't|dont) want "
                      r"(?:an? |any )?(?:action|step|goal)|(?:ik )?(?:wil|ga|hoef|doe) (?:gewoon |"
                      r"echt |lekker |lekkers )?(?:niks|niets|nix|helemaal niks)(?: (?:te )?doen)?|"
                      r"(?:i )?(?:want to|wanna|will|am going to) do nothing)\b")
_QUESTION_START = re.compile(r"^(?:wat|hoe|waarom|wie|welke|wanneer|moet ik|mag ik nu|kun je|"
                             r"kan je|kunt u|what|how|why|who|which|when|do i|should i|"
                             r"can you|could you|is het|is dit|bedoel je|kan (?:er )?iemand|"
                             r"can someone|can somebody|could someone)\b")
# 'niks eigenlijk, alles gaat goed' (a ninth trial: 'Goed plan!', and saved as the action)
_ALL_FINE = re.compile(r"^(?:(?:niks|niets|nothing|nee|no)(?: eigenlijk| echt| really| hoor)?,? )?"
                       r"(?:alles|everything|het|it)(?:'?s| is)? (?:gaat |goes |is |was )?"
                       r"(?:allemaal )?(?:goed|prima|fine|good|ok|oke|okay)(?: eigenlijk| hoor| "
                       r"really)?$")
_DOUBT = re.compile(r"\b(?:weet (?:ik )?(?:niet|nie|eigenlijk niet) of|twijfel|twijfelen|"
                    r"(?:do not|don't|dont) (?:even |really )?know (?:if|whether|of)|not sure "
                    r"(?:if|whether|i want|i even|i wanna)|no idea if|of ik (?:nog|wel|het) "
                    r"(?:\w+ )?wil|(?:wel |eigenlijk )?iets voor (?:mij|me) is|"
                    r"if i (?:even )?want to (?:stay|continue|go back))\b")
_FEELING = re.compile(r"^(?:ik )?(?:ben|voel me|voel mij|was|i am|i feel|feel|i was|im|i'm)\b"
                      r"(?: \w+){0,3} (?:moe|blij|boos|verdrietig|zenuwachtig|kut|rot|slecht|"
                      r"goed|gestrest|bang|tired|happy|sad|angry|nervous|stressed|anxious|"
                      r"upset|done|kapot|op)\b|^(?:ik )?(?:baal|balen|ben het zat|voel)\b")
# 'ik kijk er wel naar uit': looking forward is a feeling, not a deed
_LOOKING_FORWARD = re.compile(r"^(?:ik |i )?(?:kijk|keek|kijken|am looking|look|looking) (?:er "
                              r"|erg |echt |wel |best |heel |so |really )*(?:naar uit|forward)\b")
_DONE = re.compile(r"\b(?:heb|hebt|had|have|has|ben) (?:\w+ ){0,6}(?:ge\w+d|ge\w+t|ge\w+en|"
                   r"asked|done|did|sent|called|finished|arranged)\b|\b(?:al|already) "
                   r"(?:\w+ ){0,2}(?:gedaan|gevraagd|geregeld|done|asked|sent|did|"
                   r"finished)\b|\b(?:did|asked|sent|called|finished|arranged) (?:it|her|him|"
                   r"them)? ?(?:already|last week|yesterday)\b")
_FUTURE = re.compile(r"\b(?:ga|gaan|ik ga|zal|zullen|wil|morgen|straks|volgende|will|going "
                     r"to|gonna|i'll|tomorrow|next)\b")
_LEISURE = re.compile(r"\b(?:voetballen|gamen|slapen|chillen|netflix\w*|feesten|uitgaan|"
                      r"uitslapen|game|gaming|sleep|party|partying|hang out|football|"
                      r"playstation|fortnite|naar bed|bed|fridge|koelkast|eten|snack)\b")
_FILLERS = frozenset({
    "ik", "i", "ga", "gaan", "ben", "zal", "will", "gonna", "going", "to", "morgen", "het",
    "t", "de", "een", "n", "even", "ff", "gewoon", "gwn", "dan", "en", "and", "also", "ook",
    "nog", "wel", "maar", "the", "a", "an", "my", "mijn", "mn", "m'n", "me", "mij", "om", "te",
    "of", "that", "dat", "die", "er", "have", "am", "is", "it", "maybe", "misschien", "denk",
    "think", "guess", "i'll", "im", "i'm", "just", "echt", "really", "so", "zo", "wallah",
    "ewa", "bro", "lol", "haha", "man", "oke", "ok", "okay", "dus", "want", "wil",
    # 'of zo' in chat: no thing the step is about ('ff oefenen ofz' is still vague)
    "ofz", "ofzo", "enzo", "enz", "etc", "zoiets", "or", "something", "whatever", "stuff",
    "things", "dingen", "dinges",
    # how much or how well, not what: 'harder oefenen', 'practise a bit harder'
    "harder", "bit", "beetje", "extra", "hard",
})


@dataclass(frozen=True)
class ActionJudgement:
    label: Label
    why: str = ""  # for vague / not_action: intention, doubt, feeling, question, done,
    #                dont_know, refusal, date_only, vague_time, agreed, other
    person: str | None = None  # someone the step involves, for coaching

    @property
    def is_step(self) -> bool:
        return self.label == "step"


def judge(text: str, reading: DateReading | None = None) -> ActionJudgement:
    """Step, vague or not an action, with why. `reading` is the date found in the text, if
    the caller read it (with today and the school's calendar); else dates are found here
    only to set them apart from the deed."""
    flat = flat_words(text)
    if not flat:
        return ActionJudgement("not_action", "dont_know")
    sentences = [s for s in re.split(r"[.!?\n]+", text) if words(s)]
    if len(sentences) > 1 and _DONT_KNOW.match(flat_words(sentences[0])):
        return judge(" ".join(sentences[1:]), reading)  # 'Weet ik niet. ...': what follows counts
    if reading is None:
        reading = _READER.read(text, date(2000, 1, 3))
        reading = DateReading(reading.due, False, reading.matched, reading.hedge,
                              reading.vague, reading.time_only,
                              internship_unknown=reading.internship_unknown,
                              event=reading.event)
    person_match = _PERSONS.search(flat)
    person = person_match[0] if person_match else _name_in(text)
    rest = flat_words(strip_times(text))
    if reading.matched:
        rest = flat_words(strip_times(plain(text).replace(plain(reading.matched), " ")))
    if reading.event:  # 'na de toets': a day, however the bot cannot tell which
        rest = without_event(rest)
    content = [w for w in rest.split() if w not in _FILLERS]
    if _DONT_KNOW.match(flat):
        return ActionJudgement("not_action", "dont_know")
    if _AGREED.match(flat) or _AGREED.match(text.strip()):
        return ActionJudgement("not_action", "agreed")
    if _ALL_FINE.match(flat):
        return ActionJudgement("not_action", "refusal")
    if _REFUSAL.match(flat) and (len(content) <= 4 or re.search(
            r"\b(?:niet|nie|not|geen|never|nooit)\b", flat)):
        return ActionJudgement("not_action", "refusal")
    if (reading.understood or reading.internship_unknown or reading.event) and \
            len(content) <= 1:
        return ActionJudgement("not_action", "date_only")  # 'als ik weer stage heb' too
    if text.strip().endswith("?") or _QUESTION_START.match(flat):
        return ActionJudgement("not_action", "question")
    if _DOUBT.search(flat):
        return ActionJudgement("not_action", "doubt")
    if (_DONE.search(flat) and not _FUTURE.search(flat)) or (
            (reading.in_past or _PAST_WORDS.search(flat)) and _told_as_done(flat)):
        return ActionJudgement("not_action", "done")  # not 'gisteren vraag ik ...': a plan
        # on a day gone by, which the coach says has passed
    if _LOOKING_FORWARD.match(flat):
        return ActionJudgement("not_action", "feeling")
    if _FEELING.match(flat) and not _strong_deeds(rest):
        return ActionJudgement("not_action", "feeling")
    if _LEISURE.search(flat) and not person_match:
        return ActionJudgement("not_action", "other")
    vague = _VAGUE.search(rest) is not None
    concrete = _VAGUE.sub(" ", rest)  # what is left once the good intentions are taken out
    deeds = _strong_deeds(concrete)
    objects = [w for w in concrete.split() if w not in _FILLERS and base_form(w) not in DEEDS
               and w not in DEEDS and len(w) > 2]
    if _VAGUE_TIME.search(flat) and reading.due is None:
        return ActionJudgement("vague", "vague_time", person)
    if deeds and (objects or person):
        return ActionJudgement("step", "", person)
    weak = [w for w in concrete.split() if base_form(w) in _WEAK_DEEDS or w in _WEAK_DEEDS]
    if weak and not vague and ((person and objects) or len(objects) >= 2 or (
            objects and _CLOCK.search(text))):  # 'ik zet mijn wekker om 6 uur'
        return ActionJudgement("step", "", person)
    if vague or deeds or content:
        return ActionJudgement("vague", "intention", person)
    return ActionJudgement("not_action", "other")


_READER = DateReader()
_CLOCK = re.compile(r"\b(?:om|at|voor|before) (?:half )?\d{1,2}(?:[:.]\d{2})?"
                    r"(?: ?uur| ?u\b| ?am| ?pm|\b)", re.IGNORECASE)
_PAST_WORDS = re.compile(r"\b(?:gisteren|gister|eergisteren|vorige week|yesterday|last week|"
                         r"al gedaan|already done|already did)\b")


_PAST_EN = re.compile(r"\b(?:\w+ed|did|went|sent|told|spoke|got|made|had|saw|met|gave|"
                      r"took|already)\b")


_DONE_AFTER_ALL = re.compile(
    r"^(?:(?:oh|o|oja|maar|nee|eigenlijk|haha|ja|uhm|eh) )*(?:ik heb (?:het|dat|hem|haar) "
    r"(?:\w+ )?(?:al|toch|inmiddels|intussen|gewoon|allang) (?:al )?(?:gedaan|gevraagd|geregeld|"
    r"gehad)|(?:het |dat )?is (?:al|toch|inmiddels|intussen|allang) (?:al )?(?:gelukt|gebeurd|"
    r"gedaan|geregeld)|al gedaan|al gelukt|i (?:already )?did it(?: already)?|already done|"
    r"done already|it's done|it is done)\b(?!.*\b(?:nog niet|not yet)\b)")


def done_after_all(text: str) -> bool:
    """Asked for a new day, the student says it has been done meanwhile: 'Ik heb het al
    gedaan, het gesprek staat gepland', 'is toch gelukt'."""
    return _DONE_AFTER_ALL.search(flat_words(text)) is not None


def _told_as_done(flat: str) -> bool:
    """Whether a sentence with a past day tells a deed as done ('gisteren appte ik haar',
    'ik heb het gisteren al gevraagd', 'asked her yesterday'), not as a plan ('gisteren
    vraag ik mijn mentor ...')."""
    return _DONE.search(flat) is not None or _PAST_EN.search(flat) is not None or \
        re.search(r"\b(?:al gedaan|already done|already did)\b", flat) is not None or \
        any(is_past(word) or _participle(word) for word in flat.split())


def _participle(word: str) -> bool:
    """'gebeld', 'gevraagd', 'gesproken' (chat drops the 'heb'): a verb's past participle."""
    if not word.startswith("ge") or len(word) < 6:
        return False
    lemma = dutch_lemma(word)
    return lemma != word and lemma.endswith("en")


def _strong_deeds(text: str) -> list[str]:
    """Deeds one could see being done ('vragen', 'oefenen'), not 'doen' or 'zijn'."""
    found = []
    for word in text.split():
        form = base_form(word)
        if (form in DEEDS or word in DEEDS) and form not in _WEAK_DEEDS and \
                word not in _WEAK_DEEDS:
            found.append(form)
    return found


def _name_in(text: str) -> str | None:
    """A first name the student wrote with a capital, not at the start: 'vraag ik Sandra'."""
    for match in re.finditer(r"(?<=\s)([A-Z][a-z]{2,})\b", text):
        if match[1].lower() not in ("ik", "morgen", "vrijdag", "maandag", "dinsdag", "woensdag",
                                    "donderdag", "zaterdag", "zondag", "monday", "tuesday",
                                    "wednesday", "thursday", "friday", "saturday", "sunday",
                                    "i'll", "youtube", "instagram"):
            return match[1]
    return None


# 'dat zei ik net toch', 'wat ik net zei', 'what i just said lol': the step was in an earlier
# answer; words after it ('wat ik net zei. meekijken bij medicijnen') may say it again.
_POINTS_BACK = re.compile(
    r"^(?:(?:dat|that|die|uh|eh|nou|ja|yes|yeah|maar|but|man|bro|toch|dus|zo|gewoon|just|"
    r"euh|uhm) )*(?:zei ik (?:toch )?(?:al|net|toch|daarnet|zojuist)|heb ik (?:toch |net |al )*"
    r"(?:gezegd|verteld|gezegt|geschreven)|zeg ik (?:toch|net|al)|(?:wat|dat) ik (?:net|al|"
    r"daarnet|zojuist|eerder|toch) (?:zei|zeg|schreef|typte|vertelde)|(?:i )?(?:already|just) "
    r"(?:said|told you|wrote)(?: (?:that|it|so))?|what i (?:just |already )?(?:said|wrote|typed)"
    r"(?: before| earlier| above)?|(?:zie|see) (?:boven|hierboven|above)|hetzelfde als (?:net|"
    r"daarnet|eerder)|same as (?:before|above))(?: (?:toch|al|net|man|bro|lol|dus|already|"
    r"before|haha|ofzo|toch al))*")


def points_back(text: str) -> str | None:
    """The words after 'dat zei ik net toch' or 'what i just said' ('' when none); None when
    the message does not point back to an earlier answer."""
    flat = flat_words(text)
    found = _POINTS_BACK.match(flat)
    if found is None:
        return None
    return flat[found.end():].strip()


# Why an action did not happen, when it was not theirs to help: 'hij was ziek', 'de winkel was
# dicht', 'she was off that week' (an eighth user trial got 'Wat zou je helpen om het wel te
# doen?' after 'nee hij was ziek').
_OUTSIDE = re.compile(
    r"\b(?:hij|zij|ze|ie|die|mijn \w+|mn \w+|de \w+|he|she|they|my \w+|the \w+) (?:was|is|waren|"
    r"were|lag|had) (?:\w+ )?(?:ziek|sick|ill|er niet|afwezig|away|absent|off|vrij|op vakantie|"
    r"on holiday|on vacation|weg|in het ziekenhuis|thuis|niet op (?:stage|werk|school)|geen "
    r"tijd|no time|griep|the flu)\b|\b(?:was|is|waren|were) (?:\w+ )?(?:dicht|gesloten|closed)\b|"
    r"\b(?:ging|gingen|went) (?:\w+ )?(?:niet|not) (?:door|ahead)\b|\b(?:werd|is|was|got|were) "
    r"(?:\w+ )?(?:afgezegd|afgelast|geannuleerd|cancell?ed)\b|\b(?:had|heb) (?:\w+ )?(?:geen|no) "
    r"(?:stage|dienst|shift|work)\b")


def not_theirs_to_help(text: str) -> bool:
    """The action did not happen for a reason outside the student's hands; not when they
    also tell their own part ('ze was er niet en ik durfde het niet aan een ander te vragen')."""
    flat = flat_words(text)
    if _OUTSIDE.search(flat) is None:
        return False
    own_part = re.search(r"\b(?:ik|i|k) (?:\w+ ){0,3}(?:niet|nie|not|didn't|didnt|vergat|"
                         r"vergeten|forgot|durfde|durf|dare|geen zin|lui|lazy)\b", flat)
    return own_part is None or re.search(
        r"\b(?:ik|i|k) (?:had|heb|have) (?:\w+ )?(?:geen|no) (?:stage|dienst|shift|work)\b",
        flat) is not None
