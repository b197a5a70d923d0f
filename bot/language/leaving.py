"""A student who wants to stop talking for now, in words: 'ff pauze, ik ga eten', 'kunnen we
morgen verder?', 'ik moet nu gaan', 'stop', 'gtg'. The channels have a way to pause (Telegram's
/stop, the web chat's button, Ctrl-C in the console), but students write it.

Only a message that is about the chat itself counts: every clause either asks to stop for now
or gives a short reason ('ik ga eten'). An answer that merely holds such a word ('in de pauze
vraag ik het aan mijn begeleider', 'ik wil stoppen met te laat komen') is an answer."""

from __future__ import annotations

import re

from bot.language.lemmas import flat_words

_NOW = r"(?: (?:nu|even|effe|eventjes|ff|vandaag|vanavond|voor nu|voor vandaag|voor vanavond|" \
    r"aub|pls|plz|graag|oke|ok|ofzo|hoor|dan|ajb))*"
_CHAT = r"(?:dit|het|deze|de) (?:gesprek|chat|gesprekje|vragen|reflectie)"
_LEAVE_NL = (
    # 'pauze', 'ff pauze', 'ik wil even pauzeren', 'mag ik pauze'
    rf"(?:(?:ik wil|ik ga|mag ik|kan ik|kunnen we|gaan we|laten we|we) )?(?:even |effe |ff |"
    rf"eventjes )?(?:pauze|pauzeren|pauzeer|een pauze|pauze nemen|een pauze nemen){_NOW}",
    # 'stop', 'ik wil stoppen voor vandaag', 'kunnen we even stoppen', 'stop met dit gesprek'
    r"(?:stop|stoppen|stop maar|hou maar op|ik stop|ik ga stoppen)(?: voor nu| voor vandaag)?",
    rf"(?:ik wil|ik ga|mag ik|kan ik|kunnen we|gaan we|laten we|we) (?:even |effe |ff |eventjes |"
    rf"nu |hier )+(?:stoppen|ophouden)(?: voor nu| voor vandaag| voor vanavond| met {_CHAT})?",
    rf"(?:ik wil|ik ga|mag ik|kan ik|kunnen we|gaan we|laten we|we) (?:stoppen|ophouden)"
    rf"(?: voor nu| voor vandaag| voor vanavond| met {_CHAT})",
    r"(?:mag ik|kan ik|kunnen we|mogen we|zullen we|laten we) (?:nu )?(?:stoppen|ophouden)",
    rf"(?:stop|stoppen|ophouden) (?:met|mee) {_CHAT}",
    # 'kunnen we later verder', 'morgen verder', 'ik ga straks verder'
    rf"(?:(?:kunnen|kan|mogen|gaan|zullen) (?:we|ik) |ik ga |ik doe |we gaan )?(?:dit |het )?"
    rf"(?:later|morgen|straks|een andere keer|anders een andere keer|vanavond|thuis|"
    rf"volgende keer|na het eten|na school|na mijn werk|na het werk) (?:verder|afmaken|"
    rf"verder gaan|verdergaan|doen)(?: met {_CHAT})?{_NOW}",
    # 'ik moet nu gaan', 'ik moet weg', 'ik heb nu geen tijd', 'brb'
    r"ik (?:moet|ga) (?:nu |even |ff |zo |echt |snel )*(?:gaan|weg|ervandoor|off)(?: nu)?",
    r"ik heb (?:nu |even |ff |echt )*geen tijd(?: meer)?(?: nu| voor dit| hiervoor)?",
    r"brb|ik ben zo terug|ik kom zo terug|ben zo terug|zo terug|ik kom later terug",
)
_LEAVE_EN = (
    r"(?:(?:can we|could we|let's|lets|i want to|i wanna|i need to|i'd like to|can i) )?"
    r"(?:take a )?(?:pause|break|stop)(?: (?:for now|for today|here|now|please|pls|this|"
    r"the chat))?",
    r"(?:(?:can we|could we|let's|lets|we can|i will|i'll) )?(?:continue|carry on|finish|go on) "
    r"(?:this |it )?(?:later|tomorrow|another time|tonight)(?: please| pls)?",
    r"i (?:have|need|got) to (?:go|leave)(?: now)?|i gotta go|gotta go|gtg|g2g|brb|be right back",
    r"i (?:do not|don't|dont) have time(?: now| right now| for this)?",
)
_LEAVE = re.compile(r"(?:" + "|".join(_LEAVE_NL + _LEAVE_EN) + r")")
# A short reason next to it: 'ik ga eten', 'mijn bus komt', 'ik moet werken'.
_REASON = re.compile(r"(?:ik |i |mijn |my |de |the |want |omdat |because |cause |cuz )"
                     r"(?:\w+ ?){0,6}")
_CLAUSES = re.compile(r"[,.;!?\n]+|\s+(?:want|omdat|because|maar|but|en|and)\s+")


# Every request above holds one of these (a cheap look before the clauses are read).
_HINTS = re.compile(r"pau[sz]|stop|verder|later|morgen|straks|moet|tijd|brb|terug|gtg|g2g|"
                    r"go|have to|need to|got to|break|continue|carry|finish|time|leave|"
                    r"ophoud|afmaken")


def wants_a_pause(text: str) -> bool:
    """The whole message asks to stop talking for now (with at most a short reason)."""
    if len(text) > 160 or _HINTS.search(text.lower()) is None:
        return False
    clauses = [flat_words(c) for c in _CLAUSES.split(text)]
    clauses = [c for c in clauses if c]
    if not clauses or len(clauses) > 3 or sum(len(c.split()) for c in clauses) > 16:
        return False
    asks = [_LEAVE.fullmatch(c) is not None for c in clauses]
    return any(asks) and all(a or _REASON.fullmatch(c) is not None
                             for a, c in zip(asks, clauses, strict=True))


_FOR_NOW = re.compile(r"\b(?:voor nu|voor vandaag|voor vanavond|even|effe|ff|eventjes|pauze\w*|"
                      r"later|morgen|straks|verder|gesprek|gesprekje|chat|vragen|reflectie|"
                      r"for now|for today|this chat|the chat|break|pause|tomorrow)\b")


def only_for_now(text: str) -> bool:
    """A pause that says it is only about now or about this chat ('ik wil stoppen voor
    vandaag', 'even stoppen'): not a wish to quit the internship, which a bare 'ik stop' may
    be."""
    return wants_a_pause(text) and _FOR_NOW.search(flat_words(text)) is not None


_BARE_STOP = re.compile(r"(?:ik wil|ik ga|ik|wil|i want to|i wanna) (?:nu |gewoon |echt )?"
                        r"(?:stoppen|stop|quit)(?: ermee| hiermee| with this| now)?|ik kap "
                        r"ermee|ik kap hiermee|ik hou ermee op|ik ben er klaar mee|ik ben klaar "
                        r"ermee")


_STOP_HINTS = re.compile(r"stop|quit|kap|klaar|ermee")


def stop_unclear(text: str) -> bool:
    """'ik wil stoppen', 'ik kap ermee': with this chat, or with the internship? The student
    is asked, and told how to pause."""
    if len(text) > 60 or _STOP_HINTS.search(text.lower()) is None:
        return False
    return _BARE_STOP.fullmatch(flat_words(text)) is not None and not wants_a_pause(text)
