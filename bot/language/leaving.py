"""A student who wants to stop talking for now, in words: 'ff pauze, ik ga eten', 'kunnen we
morgen verder?', 'k moet weg voetbal begint zo', 'nu ff nie', 'gtg dinner', 'doei'. The
channels have a way to pause (Telegram's /stop, the web chat's button, Ctrl-C in the
console), but students write it.

Only a message about the chat itself counts. It is read clause by clause: one clause must
start (after a filler like 'sorry', 'ewa', 'wacht ff') with a way of leaving for now, with at
most a few words after it ('ik moet weg | voetbal begint zo'); every other clause is short and
tells no story of the day (a reason: 'mn moeder roept', 'ik zit aan tafel'). An answer that
merely holds such a word ('in de pauze vroeg ik de chef om uitleg', 'morgen ga ik verder met
de kassa', 'we moesten de band stoppen') is an answer.

'ik wil stoppen', 'ik kap ermee', "i'm done": with this chat or with the internship? Those are
`stop_unclear`: the student is asked, and told how to pause."""

from __future__ import annotations

import re

from bot.language.lemmas import flat_words
from bot.language.person import is_past

# Words that may open a clause before the leaving itself.
_FILLER = (r"(?:(?:oke|ok|okay|oké|sorry|sry|srry|soz|ewa|wallah|bro|mattie|ja|nee|oh|o|uhm|eh|"
           r"hmm|lol|haha|wacht|wachte|wait|hey|yo|yoo|kijk|nou|nouja|maar|en|dus|so|well|"
           r"anyway|oja|ff|even|effe) )*")
_NOW = r"(?:nu|nou|noe|even|effe|eventjes|ff|echt|zo|snel|eerst|dadelijk|straks|nog)"
_DAYS = (r"(?:op |deze |volgende |a |on |next )?(?:maandag|dinsdag|woensdag|donderdag|vrijdag|"
         r"zaterdag|zondag|monday|tuesday|wednesday|thursday|friday|saturday|sunday|ma|di|wo|do|"
         r"vr|za|zo)")
_LATER = (r"(?:later|laterrr?|laters|morgen|overmorgen|straks|vanavond|thuis|een andere keer|"
          r"anders|volgende keer|na het eten|na school|na mijn werk|na het werk|na de training|"
          r"over een uur|over een uurtje|over n uurtje|in het weekend|dit weekend|het weekend|"
          r"vannacht|tomorrow|tonight|" + _DAYS + r")")
# 'gaan' before another verb is 'going to' ('ik moet gaan leren om sneller te werken')
_GAAN = r"gaan(?! (?!eten|slapen|douchen|pitten|maffen|afwassen|sporten|trainen)\w+en\b)"
_GO = (r"(?:" + _GAAN + r"|goan|weg|ervandoor|off|eten|avondeten|slapen|pitten|maffen|naar bed|"
       r"douchen|"
       r"afwassen|trainen|sporten|werken|koken|tafel dekken|de hond uitlaten|boodschappen doen|"
       r"huiswerk maken|leren|gamen|naar \w+(?: \w+)?|aan tafel|ophalen|(?:(?:mijn|m'n|de|het) )?"
       r"\w+ ophalen)")
_CHAT = (r"(?:dit|het|deze|de|dat) (?:gesprek|gesprekje|chat|vragen|reflectie|rest|rest van de "
         r"vragen|vragenlijst)|dit|het|de rest|verder")

_SUFFIX = (r"(?: (?:nu|nou|even|effe|ff|eventjes|aub|pls|plz|please|graag|oke|ok|ofzo|hoor|he|"
           r"dan|ajb|wel|goed|voor nu|voor vandaag|voor vanavond|for now|for today|rn|now|"
           r"right now|sorry|sry|srry|soz|mattie|bro|man|lol))*")
# Ways of leaving that make the whole clause ('pauze', 'kunnen we morgen verder?').
_WHOLE_NL = (
    # 'pauze', 'ff pauze', 'mag ik pauze'
    r"(?:(?:ik wil|ik ga|mag ik|kan ik|kunnen we|gaan we|laten we|we|ik neem) )?(?:even |effe |"
    r"ff |eventjes |een )?(?:pauze|pauzeren|pauzeer|pauze nemen)",
    # 'stop', 'ff stoppen voor vandaag aub', 'ik stop ff', 'ik wil stoppen voor vandaag'
    r"(?:even |ff |effe )?(?:stop|stoppen|stop maar|hou maar op|ophouden)",
    r"(?:ik |we )?(?:stop|stoppen|kap|kappen|hou op|houden op|ophouden)(?: " + _NOW +
    r")*(?: (?:ermee|hiermee))? voor (?:nu|vandaag|vanavond|even)",
    r"(?:ik wil|ik ga|mag ik|kan ik|kunnen we|gaan we|laten we|we|zullen we) (?:" + _NOW +
    r" )*(?:stoppen|ophouden|kappen) voor (?:nu|vandaag|vanavond)",
    r"(?:ik |we )?(?:stop|kap|hou)(?: ermee| hiermee)? (?:even|ff|effe|eventjes)(?: op)?",
    r"(?:ik wil|ik ga|mag ik|kan ik|kunnen we|gaan we|laten we|we|zullen we) (?:" + _NOW +
    r" )+(?:stoppen|ophouden|kappen)",
    r"(?:mag ik|kan ik|kunnen we|mogen we|zullen we|laten we) (?:nu )?(?:stoppen|ophouden)",
    r"(?:stop|stoppen|ophouden|kappen) (?:met|mee) (?:" + _CHAT + r")",
    # 'nu ff nie', 'niet nu', 'ik ben er ff nie', 'moet het nu?'
    r"(?:nu|nou) (?:even |ff |effe )?(?:niet|nie|nit)|(?:niet|nie) nu|ik ben er (?:even |ff )?"
    r"(?:niet|nie)|moet (?:dit|het|dat) (?:echt )?nu",
    # 'morgen verder', 'mörgen wieder', 'ik kom er later op terug'
    r"(?:(?:kunnen|kan|kunne|mogen|mag|gaan|zullen) (?:we|ik|dit|het) (?:dit |het )?|ik ga |"
    r"we gaan |ik kom |ik )?(?:dit |het |de rest |dat |er )?(?:" + _LATER + r") (?:verder|"
    r"afmaken|verder gaan|verdergaan|weer|wieder|wiejer|de rest|terug|erop terug|op terug|"
    r"reageren|antwoorden|verder met (?:" + _CHAT + r"))",
    # 'later', 'morgen' alone (outside the action; 'tot morgen' is below); not a weekday alone
    r"(?:later+|laters|straks|morgen|een andere keer|volgende keer|another time)",
    # 'geen tijd nu', 'heb nu geen puf meer', 'k ben te moe nu', 'ik ben klaar voor vandaag'
    r"(?:ik )?(?:heb |hebt )?(?:nu |even |ff |echt |effe )*geen (?:tijd|puf|zin|energie)"
    r"(?: meer)?(?: voor (?:dit|dit gesprek|de vragen|deze vragen))?",
    r"(?:ik ben |ben )?(?:te|zo|echt te) (?:moe|kapot|gesloopt)",
    r"(?:ik ben |ben )?klaar voor (?:vandaag|nu|vanavond)",
    # 'dat bedenk ik later', 'weet ik morgen wel': thinking it over, another time
    r"(?:dat |dit |het )?(?:bedenk|verzin|weet|zie|kijk) ik (?:" + _LATER + r")(?: (?:wel|nog|"
    r"even|ff))*",
)
# Ways of leaving that may have a few words after them ('ik moet weg voetbal begint zo').
_TAILED_NL = (
    # 'kunne we dit morgen afmaken ik ben kapot', 'kan dit later?'
    r"(?:kan|kunnen|kunne|mag|mogen) (?:dit|het|dat|we) (?:dit |het )?(?:\w+ )?(?:" + _LATER +
    r")(?: (?:verder|doen|afmaken|verder gaan))?",
    # 'ff pauze moet eten': a reason right after it
    r"(?:even |ff |effe )?pauze(?= (?:ik|moet|mot|ga|want|omdat|mijn|eten|bus|trein|training))",
    r"(?:ik doe|doe|ik maak|maak) (?:dit|het|de rest|de vragen|de rest van de vragen) (?:\w+ )?"
    r"(?:" + _LATER + r")",
    # 'ik moet weg', 'k moet nu echt gaan', 'moet ff mn broertje ophalen', 'ich mot noe goan'
    r"(?:ik |ich |k )?(?:moet|mot|mout|moe|ga) (?:" + _NOW + r" )*(?:" + _GAAN + r"|goan|weg|"
    r"ervandoor|off|pitten|slapen|maffen|douchen|eten|afwassen)",
    r"(?:ik |k )?(?:moet|mot|mout) (?:" + _NOW + r" )*" + _GO,
    r"(?:ik |k )?(?:ga|gaan) (?:" + _NOW + r" )+" + _GO,
    r"(?:ik |k )?(?:ga|gaan) (?:pitten|slapen|maffen|douchen|naar bed|eten)",
    # 'brb', 'ben zo terug', 'tot morgen', 'doei', 'welterusten'
    r"brb|bb|ik ben zo terug|ik kom zo terug|ben zo terug|zo terug|kom zo terug|ik kom later "
    r"terug|(?:ik )?ben (?:over )?(?:\w+ ){0,2}(?:weer )?terug",
    # a reason alone: 'mama roept', 'mn bus komt', 'batterij bijna leeg', 'eten is klaar'
    r"(?:mijn |m'n )?(?:mama|papa|moeder|vader|ma|pa|mam|pap|ouders|oma|opa|broer|zus|"
    r"broertje|zusje) (?:roept|roepen|belt|wil dat ik|zegt dat ik)",
    r"(?:mijn |m'n )?(?:bus|trein|tram|lift|taxi) (?:komt|gaat|is er|vertrekt)",
    r"(?:mijn |m'n )?(?:batterij|accu|telefoon|mobiel) (?:is |gaat |zit )?(?:bijna )?(?:leeg|op|"
    r"dood|uit)",
    r"(?:het )?eten is klaar|we gaan eten|genoeg voor (?:vandaag|nu|vanavond)",
    r"(?:doei|doeii+|dooei|doeg|ciao|ciao ciao|bye|byee+|bai|ff later|laterr+|laters|"
    r"tot (?:later|morgen|straks|zo|vanavond|de volgende keer|snel)|spreek je (?:later|morgen|"
    r"snel)|welterusten|slaap lekker|truste|trusten|de mazzel|hoi hoi)",
)
_WHOLE_EN = (
    r"(?:(?:can we|could we|let's|lets|can i|could i|may i) )?(?:take a )?(?:pause|break|stop)"
    r"(?: (?:here|this|the chat|this chat|for a bit))*",
    r"(?:i |we )?(?:want to|wanna|need to|have to|'d like to)? ?(?:pause|stop) (?:for now|for "
    r"today|here|this chat|this)",
    r"(?:(?:can we|could we|let's|lets|we can|i will|i'll|i can) )?(?:continue|carry on|finish|"
    r"go on|do) (?:this |it |the rest )?(?:later|tomorrow|another time|tonight|in a bit|"
    r"(?:on )?" + _DAYS + r")",
    r"(?:i )?(?:do not|don't|dont) have (?:the )?time(?: for this)?|no time|not now|not rn|"
    r"not right now|(?:i'm|im|i am) (?:too tired|busy)|(?:i'm|im|i am) done for (?:today|now|"
    r"tonight)",
)
_TAILED_EN = (
    r"(?:i )?(?:have|need|got|gotta|must) (?:to )?(?:go|leave|run|eat|sleep)|gotta go|gtg|g2g|"
    r"brb|be right back|be back (?:in a bit|soon|later)|bbl|ttyl|talk (?:to you )?later|"
    r"later+|bye|bye bye|cya|see ya|good night|goodnight|night|gn|nite",
    r"(?:i'm|im|i am) (?:heading|going|off) to (?:bed|sleep|dinner|work|practice|training)|"
    r"heading to bed|off to bed|going to bed|time for bed|dinner(?: s| is)? ready|"
    r"(?:my )?(?:mom|mum|dad|mother|father|parents)(?:'s|s)?(?: is| are)? calling(?: me)?",
    r"(?:my )?(?:bus|train|ride|lift)(?: is| s)? (?:here|coming|leaving)|(?:my )?(?:phone|battery)"
    r"(?: is| s)? (?:dying|almost dead|low|about to die|at \w+)",
    r"(?:i )?(?:have|need|got|gotta|must) to (?:go |)(?:eat|sleep|shower|work|train)",
)
_WHOLE = re.compile(_FILLER + r"(?:" + "|".join(_WHOLE_NL + _WHOLE_EN) + r")" + _SUFFIX)
_TAILED = re.compile(_FILLER + r"(?:" + "|".join(_TAILED_NL + _TAILED_EN) + r")" + _SUFFIX +
                     r"(?P<tail>(?: \w+){0,7})")
# Somewhere in the message: the cheap first look (on the words the rest of the turn reads too).
_ANYWHERE = re.compile(r"\b(?:" + "|".join(_WHOLE_NL + _WHOLE_EN + _TAILED_NL + _TAILED_EN) +
                       r"|(?:ik )?ben (?:nu |even |ff )?weg)\b")
_A_DAY = re.compile(r"\b" + _LATER + r"\b")
_NOT_A_DAY_ANSWER = re.compile(r"\b(?:pauze\w*|verder|afmaken|gesprek|chat|vragen|rest|brb|gtg|"
                               r"doei|weg|gaan|pause|continue|finish|chat|terug|back)\b")
_GONE = re.compile(_FILLER + r"(?:ik )?ben (?:nu |even |ff )?weg")  # alone it may be quitting
_FED_UP = frozenset({"genoeg", "boeie", "laat maar", "whatever", "pff", "bah", "nee"})
# 'later', 'morgen' alone: at the action, the day asked for
_BARE_TIME = re.compile(_FILLER + r"(?:" + _LATER + r"|later+)" + _SUFFIX)

# Clauses: marks, and the words that join a reason ('ik moet weg want voetbal begint').
_CLAUSES = re.compile(r"[,.;!?\n]+|\s+(?:omdat|because|cause|cuz|maar|but|en|and)\s+|"
                      r"\s+want\s+(?!(?:to|it|a|an|the|more|that|this|my|some|them|him|her|you|"
                      r"me|us)\b)")  # Dutch 'want' (because), not English 'I want to'
# A story of the day in a clause makes it an answer: 'we moesten de band stoppen'.
_STORY = re.compile(r"\b(?:vandaag|today|toen|then|op (?:mijn|mn|de) stage|at work|klant|"
                    r"klanten|customer|begeleider|chef|collega|baas|supervisor|boss)\b")

# Every way of leaving above holds one of these (a cheap look before the clauses are read).
_HINTS = re.compile(r"pau[sz]|stop|verder|later|morgen|mörgen|straks|moe|mot|tijd|brb|terug|"
                    r"dag\b|day\b|weekend|roep|bus|trein|batterij|accu|telefoon|phone|battery|"
                    r"klaar|genoeg|kappen|tomorrow|tonight|"
                    r"gtg|g2g|go|have to|need to|got to|break|continue|carry|finish|time|leave|"
                    r"ophoud|afmak|kap|doei|doeg|ciao|bye|tot |welterust|truste|nie|not|puf|"
                    r"zin|energie|klaar|weg|ben |bb|ttyl|cya|night|gn|nite|bed|done|ga |gaan|"
                    r"pitten|slapen|rest|hoi hoi|mazzel|dinner|busy|tired|rn\b|back|calling|"
                    r"eat|eten|later")


_MOST_WORDS = 16  # a request to stop for now is short; most answers of a reflection are not


def wants_a_pause(text: str, at_action: bool = False, asked_for_a_day: bool = False) -> bool:
    """The whole message asks to stop talking for now (with at most a short reason).
    `at_action`: at the action, 'morgen' or 'later' alone is its day; `asked_for_a_day`: asked
    which day, 'kan het maandag?' is one too."""
    lowered = text.lower()
    if len(text) > 160 or len(lowered.split()) > _MOST_WORDS or \
            _HINTS.search(lowered) is None or _ANYWHERE.search(flat_words(text)) is None:
        return False
    clauses = [c for c in (flat_words(part) for part in _CLAUSES.split(text)) if c]
    if not clauses or len(clauses) > 4 or sum(len(c.split()) for c in clauses) > _MOST_WORDS:
        return False
    leaving = False
    if len(clauses) > 1 and any(_GONE.fullmatch(c) for c in clauses) and not any(
            c in _FED_UP for c in clauses):
        leaving = True  # 'osso roepen me, ben weg': gone, with a reason
    for clause in clauses:
        if _GONE.fullmatch(clause):
            continue
        if (at_action and _BARE_TIME.fullmatch(clause)) or (asked_for_a_day and _A_DAY.search(
                clause) and not _NOT_A_DAY_ANSWER.search(clause)):
            continue  # 'later', 'morgen', 'kan het maandag?': the day they were asked for
        tailed = _TAILED.fullmatch(clause)
        if _WHOLE.fullmatch(clause) or (tailed is not None and not _tells_a_story(tailed["tail"])):
            leaving = True
        elif len(clause.split()) > 9 or _tells_a_story(clause):
            return False  # a clause about the day: this is an answer
    return leaving


_PAST = frozenset({"moest", "moesten", "mocht", "mochten", "ging", "gingen", "kwam", "kwamen",
                   "zag", "zagen", "deed", "deden", "zei", "zeiden", "stond", "stonden", "zat",
                   "zaten", "liep", "liepen", "kreeg", "kregen", "hielp", "hielpen", "vond",
                   "vonden", "wist", "dacht", "kon", "konden", "werd", "werden", "bleef",
                   "bleven", "liet", "lieten", "gaf", "gaven", "nam", "namen", "vroeg", "vroegen",
                   "sloeg", "waren", "went", "did", "made", "saw", "told"})


def _tells_a_story(words: str) -> bool:
    """A clause that tells what happened at the internship ('we moesten de band stoppen')."""
    return _STORY.search(words) is not None or any(
        w in _PAST or (w.endswith(("de", "te", "den", "ten")) and is_past(w))
        for w in words.split())


_FOR_NOW = re.compile(r"\b(?:voor nu|voor vandaag|voor vanavond|even|effe|ff|eventjes|pauze\w*|"
                      r"later|morgen|straks|verder|gesprek|gesprekje|chat|vragen|reflectie|"
                      r"for now|for today|this chat|the chat|break|pause|tomorrow|nu even "
                      r"niet|nu ff niet|geen tijd|no time|not now|tot)\b")


def only_for_now(text: str) -> bool:
    """A pause that says it is only about now or about this chat ('ik wil stoppen voor
    vandaag', 'even stoppen'): not a wish to quit the internship, which a bare 'ik stop' may
    be."""
    return wants_a_pause(text) and _FOR_NOW.search(flat_words(text)) is not None


_BARE_STOP = re.compile(
    _FILLER + r"(?:(?:laat maar|boeie|genoeg|whatever|pff+|bah|nee) )*(?:ik wil|ik ga|ik|wil|"
    r"i want to|i wanna|i) (?:nu |gewoon |echt |er |hier )?(?:stoppen|stop|quit|ophouden|"
    r"kappen|ermee kappen|ermee stoppen|ermee ophouden)(?: ermee| hiermee| with this| now)?"
    r"(?: (?:denk ik|hoor|he|echt|i think|lol))*|"
    + _FILLER + r"(?:(?:laat maar|boeie|genoeg|whatever|pff+|bah|nee) )*(?:ik kap (?:ermee|"
    r"hiermee)|ik hou (?:ermee|hiermee) op|ik ben er klaar mee|ik ben klaar (?:ermee|hiermee)|"
    r"ik ben hier klaar mee|ik doe (?:niet|nie) meer mee|ik hoef (?:dit|het) (?:niet|nie) meer|"
    r"ik heb (?:hier |er )?(?:echt |gewoon )?geen zin meer(?: in)?|ik ga weg|ik ben weg|"
    r"(?:i'm|im|i am) done|(?:i'm|im|i am) out|i give up|ik geef het op|ik kap|ik stop|"
    r"ik ben (?:het|t) (?:zat|beu|spuugzat)|ik wil (?:hier )?weg|(?:i'm|im|i am) over it|"
    r"(?:i'm|im|i am) sick of (?:it|this)|kappen|(?:i'm|im|i am) done with (?:this|it))"
    r"(?: (?:denk ik|hoor|he|echt|i think|lol))*")

_STOP_HINTS = re.compile(r"stop|quit|kap|klaar|ermee|hiermee|ophoud|mee|meer|weg|done|out|"
                         r"give up|geef|zat|beu|over it|sick of|kappen")


def stop_unclear(text: str) -> bool:
    """'ik wil stoppen', 'ik kap ermee', "i'm done": with this chat, or with the internship?
    The student is asked. (Ask `wants_a_pause` first: 'ik wil stoppen voor vandaag' is both.)"""
    if len(text) > 80 or _STOP_HINTS.search(text.lower()) is None:
        return False
    clauses = [c for c in (flat_words(part) for part in _CLAUSES.split(text)) if c]
    return bool(clauses) and all(_BARE_STOP.fullmatch(c) is not None or c in (
        "laat maar", "boeie", "genoeg", "whatever", "dit is niks voor mij", "this is not for me")
        for c in clauses) and any(_BARE_STOP.fullmatch(c) for c in clauses)


_FOR_TODAY = re.compile(_FILLER + r"(?:(?:ik wil|ik ga|we|laten we|kunnen we|mag ik) )?(?:nu |"
                        r"maar |gewoon )?(?:stop|stoppen|stop maar|kappen|ophouden|laat maar|"
                        r"doei|genoeg|klaar|ik ben klaar|ik wil niet meer praten|niet meer "
                        r"praten|ik wil (?:er )?niet meer over praten|bye|i'm done|im done|"
                        r"stop for today|i want to stop)(?: voor (?:vandaag|nu|vanavond)| for "
                        r"today| for now)?" + _SUFFIX)


def stops_for_today(text: str) -> bool:
    """After the helplines, where the choice is to go on, pause or stop: 'stop maar', 'laat
    maar', 'doei', 'ik wil stoppen voor vandaag', 'ik wil niet meer praten'."""
    return len(text) <= 80 and _FOR_TODAY.fullmatch(flat_words(text)) is not None


# 'heb geen zin hierin', 'ik wil gwn niet praten ok', 'i dont feel like talking': not an
# answer to say back ('Heb geen zin hierin, hoor ik.'), and no reason to keep asking.
_NO_MOOD = re.compile(
    r"^(?:(?:sorry|sry|nee|nah|ugh|pff+|bro|man|eerlijk|honestly) )*(?:ik )?(?:heb|had|have) "
    r"(?:echt |gewoon |gwn |even |ff |nu )*(?:geen|no) (?:zin|energie|puf) (?:in |om |voor )?"
    r"(?:dit|deze|hierin|hier in|dit gesprek|deze chat|de chat|die vragen|deze vragen|vragen|"
    r"praten|te praten|te chatten|this|talking)(?: (?:nu|vandaag|ok|oke|hoor|eigenlijk))*$|"
    r"^(?:(?:sorry|sry|nee|nah|ugh|pff+|bro|man|eerlijk|honestly) )*(?:ik )?(?:wil|wou) "
    r"(?:gewoon |gwn |echt |nu |vandaag )*(?:niet|nie|geen) (?:praten|chatten|hierover praten|"
    r"vragen (?:meer )?beantwoorden)(?: (?:nu|vandaag|ok|oke|hoor|eigenlijk))*$|"
    r"^(?:i )?(?:don't|dont|do not) (?:want to|wanna|feel like) (?:talk|talking|chat|chatting|"
    r"do this|doing this)(?: (?:now|today|ok|okay|rn))*$")


def no_mood_to_talk(text: str) -> bool:
    """'heb geen zin hierin', 'ik wil gwn niet praten ok': the student does not want to talk
    now (asked nothing, told nothing)."""
    if len(text.split()) > 12:
        return False
    flat = flat_words(text)
    return bool(flat) and len(flat.split()) <= 12 and _NO_MOOD.match(flat) is not None
