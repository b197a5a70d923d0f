"""Everyday exaggerations and questions about the world: said, but not a disclosure."""

from __future__ import annotations

import re

from bot.safety.meanings.prefilter import Text, text_of

IDIOMS = re.compile(r"\b(?:" + "|".join([
    # dying, laughing, boredom, shame
    r"dood van (?:het |de )?(?:lachen|honger|dorst|verveling|stress|schaamte|kou|warmte|moeheid)",
    r"(?:lach|lachen|lag|lagen) (?:me|mij|ons|zich)? ?(?:dood|krom|een deuk|dubbel)",
    r"(?:schaam|schaamde|schrok|schrik|verveel|verveelde|ergerde|erger|werk|werkte) "
    r"(?:me|mij|ik me) (?:\w+ )?dood", r"(?:zat|zit|zaten) (?:me|mij|ons)? ?dood te vervelen",
    r"dood te vervelen", r"(?:viel|val|vallen) (?:bijna )?dood neer", r"doodmoe", r"doodop",
    # 'ik wou gwn dood neervallen op de bank': so tired
    r"dood neer ?(?:te )?vallen (?:op|in) (?:de|het|mijn|mn|m'n|een) (?:bank|bed|stoel|bankje)",
    r"(?:moe|kapot|op|uitgeput)\b(?: \w+){0,5} dood neer ?(?:te )?vallen",
    r"dood ?op\b", r"ik sterf (?:van|bijna)", r"stress\b.{0,40}\bik sterf",
    r"ik ga (?:hier )?dood (?:van|als|haha|lol)", r"ga (?:hier )?dood van", r"ik ga dood$",
    r"(?:ben|was) (?:echt |helemaal )?(?:kapot|gebroken|gesloopt|op)(?:moe)?$",
    r"ik ben (?:echt |helemaal )?(?:kapot|gebroken|gesloopt)\b",
    # a boss who will "kill" you, feet that "kill" you
    r"(?:slaat|slaan|sla) (?:me|mij|je) dood als", r"(?:maakt|maken) (?:me|mij) af als",
    r"(?:gaat|gaan) (?:me|mij) afmaken als", r"(?:vermoordt|vermoorden) (?:me|mij) als",
    r"(?:voeten|benen|rug|hoofd) (?:vermoorden|vermoordt|killen|slopen) (?:me|mij)",
    r"(?:feet|legs|back|head) (?:are|is) killing me", r"killing it", r"killed it",
    r"(?:literally |nearly |almost )?(?:died|dying|dead|die) (?:of|from)? ?(?:laughing|laughter|"
    r"boredom|embarrassment|cringe|shame)", r"bored to death", r"scared to death", r"dead tired",
    r"to die for", r"(?:is|are|am) (?:going to|gonna) (?:murder|kill) me", r"will kill me if",
    r"(?:shift|day|work|that|it|this) (?:literally )?(?:killed|kills|is killing) me",
    r"kon (?:hem|haar|ze|die) wel (?:schieten|wurgen|vermoorden)",
    r"could (?:have )?kill(?:ed)? (?:him|her|them)", r"moordend", r"i am dead\b",
    r"im dead\b", r"i'm dead\b", r"(?:kill|killing|slay|slayed|smashed|crushed) (?:the|that|"
    r"this|my) (?:test|exam|shift|presentation|deadline|interview)",
    r"(?:zin|neiging) om (?:\w+ )?(?:mn|mijn|m'n) (?:hoofd|kop) (?:\w+ )?tegen (?:de|een) "
    r"(?:muur|deur|tafel|bureau) te (?:slaan|bonken|beuken|rammen)",
    r"could (?:have )?(?:bang|banged|hit) my head (?:against|on) (?:the|a) (?:wall|desk|table)",
    r"als ik (?:nog )?(?:1|een|één) keer .{0,60}\b(?:spring|ga) ik", r"(?:spring|jump) (?:ik )?"
    r"(?:van|off) .{0,25}(?:haha|lol|lmao|xd)",
]) + r")")
# Questions about the world, not about the student: "wat als iemand...", "what if a customer".
QUESTIONS = re.compile(r"\b(?:wat als|what if|stel dat)\b(?! (?:ik|k|i|i'm|im|mij|me)\b)|"
                       r"^(?:als iemand|if someone)\b|\b(?:wat moet je doen als iemand|what do you "
                       r"do if someone|hoe help je iemand)\b")
# Safety and first-aid training: practising what to do, not living it.
DRILLS = re.compile(r"\b\w*(?:oefening|oefenden|geoefend|oefenen)\b|\b(?:drill|practised|practiced|"
                    r"practise|practice|mock|nagespeeld|gesimuleerd|simulated|pretended|deed "
                    r"alsof|speelde|play the|played the|toolbox|instructie over|training over|"
                    r"cursus|geleerd wat je moet doen|learned what to do|wat je moet doen als|"
                    r"what to do if|what to do when|hoe je moet|how to|(?:filmpjes|filmpje|"
                    r"video's|videos|video|beelden|footage) (?:van|over|of|about) "
                    r"(?:\w+ )?(?:ongelukken|ongevallen|ongeluk|accidents|accident))\b")


# A topic talked about, at school or in the news: "bij burgerschap ging het over ...".
TOPICS = re.compile(r"\b(?:ging|gaat|gingen|gaan) het over\b|\b(?:les|lessen|lesson|lessons|"
                    r"class|voorlichting|presentatie|workshop|gastles|documentaire|documentary|"
                    r"rollenspel|roleplay|role play|toneelstuk|reportage) "
                    r"(?:\w+ ){0,3}(?:over|about)\b|\b(?:we )?(?:talked|learned|leerden|spraken|"
                    r"praatten|hadden het) (?:\w+ ){0,2}(?:about|over)\b")


def is_idiom_or_question(clause: str, searched: Text | None = None) -> bool:
    """An exaggeration ("dood van het lachen"), a question about something ("wat als..."), or a
    topic talked about in class; `clause` is folded words, one space apart (`searched`: the
    same as a prefilter.Text, when the caller has it)."""
    if searched is None:
        searched = text_of(clause)
    return any(searched.has(pattern) for pattern in (IDIOMS, QUESTIONS, TOPICS))


# The student says plainly it is not so: 'ik meen het niet echt', 'i'm not suicidal'.
DISCLAIMED = re.compile(r"\b(?:i am not suicidal|ben (?:niet|nie) suicidaal|(?:ik )?meen (?:het|t) "
                        r"(?:niet|nie)|(?:do not|don't|dont) mean it|was (?:maar )?een grapje|was "
                        r"(?:just )?a joke|ging over (?:die|de|mijn|mn|het|t) (?:presentatie|toets|"
                        r"test|examen|exam)|i only said|i only meant|bedoelde (?:alleen|maar) dat|"
                        r"(?:niet|nie|not|never) van plan om (?:er )?(?:een )?(?:eind|einde) "
                        r"(?:aan )?te maken|(?:not|never) planning (?:on|to) (?:end(?:ing)? it|"
                        r"kill(?:ing)? myself))\b")
# A threat told and taken back as a joke: 'maak ik je af 😂 maar hij meende het niet'.
JOKED = re.compile(r"\b(?:hij|ze|zij|die|he|she|they|ie) (?:\w+ )?(?:meende|meent|meant|means) "
                   r"(?:het|t|it) (?:niet|nie|not)\b|\b(?:was|is|als) (?:maar |gewoon |just )?"
                   r"(?:een |a )?(?:grap|grapje|geintje|joke)\b|\b(?:was|were|is) (?:just )?"
                   r"(?:joking|kidding|aan het grappen|aan het dollen)\b|\bfor a laugh\b")
# Someone who kept the student from falling: held, not attacked ('pakte mn arm vast toen ik
# bijna van de trap viel', 'he caught me before i fell').
SAVED_FROM_FALLING = re.compile(
    r"\b(?:bijna (?:\w+ ){0,4}(?:viel|vallen|gevallen|uitgleed|uitgegleden|struikelde)|"
    r"anders (?:was|viel|lag) ik|zodat ik (?:niet|nie) (?:viel|zou vallen)|ving (?:me|mij) op|"
    r"(?:caught|grabbed) me (?:before|as|when) i (?:fell|fall|slipped|tripped)|"
    r"(?:nearly|almost) (?:fell|slipped|tripped)|(?:from|before) (?:falling|i fell)|"
    r"so i (?:didn't|didnt|wouldn't|wouldnt) fall|hielp (?:me|mij) (?:juist|overeind)|"
    r"helped me up)\b")
# Dementia and the like: a client hitting out is part of care work, not an assault.
# Someone at home in a temper: what a hoodie or long sleeves then hide is theirs, not the
# student's own doing ('my mum's boyfriend was in one of his moods again ... hide my arms').
THEIR_TEMPER = re.compile(
    r"\b(?:(?:in )?(?:one of )?(?:his|her) (?:moods?|tempers?)|zijn buien|haar buien|(?:de )?"
    r"buien van (?:de|mijn|mn|m'n|zijn|haar) \w+|(?:vriend|stiefvader|vader|moeder|stiefmoeder|"
    r"oom|broer) (?:\w+ ){0,3}(?:boos|kwaad|dronken) is|(?:een )?"
    r"(?:slechte|rot) bui|(?:had|heeft|was) (?:\w+ )?(?:weer )?(?:een )?bui|in a (?:bad )?mood "
    r"again|was (?:weer|again) (?:boos|kwaad|angry|mad)|(?:weer|again) (?:boos|kwaad|angry|mad) "
    r"(?:was|geworden|got))\b")
CARE_CONTEXT = re.compile(r"\b(?:dementie|dementia|alzheimer|korsakov|ziektebeeld|verward|"
                          r"confused|delier|delirium|onrustige client|angstig werd)\b")
