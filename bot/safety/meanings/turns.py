"""A story that turns out to be the student's own: 'mn vriendin wordt geslagen... eigenlijk ben
ik het', 'not the client. me.', 'niemand heeft me aangeraakt... behalve die collega'. The turn
tells who; the harm words around it tell which kind."""

from __future__ import annotations

from bot.safety.meanings.part import Part
from bot.safety.meanings.registry import Kind, meaning

TURN = (r"\b(?:eigenlijk (?:gaat (?:het|t) over (?:mij|me)|ben ik het|is het (?:mij|me)|was ik "
        r"het|ben ik t|gaat t over mij)|actually (?:it is|its|it's) (?:me|about me)|(?:it|that) "
        r"(?:was|is) me\b|(?:niet|nie|not|wasn't|wasnt|was not) (?:de|the|die|een|a) "
        r"(?:client|clienten|bewoner|meneer|mevrouw|kat|cat|patient|resident)\b.{0,60}\b(?:me|"
        r"mij|ik|maar|but|it was)|behalve (?:dan )?(?:gisteren|die|de|dat|mijn|mn)|except (?:for )?"
        r"(?:yesterday|that|him|her|my)|for real\b|echt waar|self ?made|zelf ?gemaakt|"
        r"(?:mine|die van mij) (?:are|zijn)|(?:dat|that) (?:ben|was|is) ik (?:zelf|eigenlijk)|"
        r"(?:het|t) gaat (?:eigenlijk )?over (?:mij|me)|ik lieg|i lied|ik ook(?: eigenlijk)?$|"
        r"ik ook eigenlijk|me too|zo ga ik (?:het|t) (?:ook )?doen|that's how i'll do it)")
_HARM: dict[Kind, str] = {
    "violence": r"\b(?:sloeg|slaat|geslagen|slapped|slaps|hit|hits|klap|klappen|schopte|geschopt|"
                r"kicked|duwde|pushed|beat|beats)\b",
    "sexual": r"\b(?:aangeraakt|aanraakt|aan (?:haar|me|mij) (?:zat|zit)|zat aan|touched|touches|"
              r"groped|betast|lichaam|body|nudes|foto's|fotos)\b",
    "self_harm": r"\b(?:scratches|krassen|krasjes|sneed|snijd|snijdt|snij|cuts|cutting|cut|armen|"
                 r"arms|mezelf|myself|zichzelf|herself|littekens|scars|wondjes|marks|kat|cat)\b",
    "suicidal": r"\b(?:goodbye letter|afscheidsbrief|goodbye|afscheid|zelfmoord|suicide|dood|"
                r"dead|die|sterven|leven|life)\b",
    "unsafe_work": r"\b(?:naald|needle|geprikt|prikaccident|verbrand|burned|zaag|saw|machine)\b",
}


def _turned(p: Part, kind: Kind) -> bool:
    return p.message(TURN) and p.message(_HARM[kind])


@meaning("sexual")
def sexual_turned_to_me(p: Part) -> bool:
    return _turned(p, "sexual")


@meaning("violence")
def violence_turned_to_me(p: Part) -> bool:
    return _turned(p, "violence") and not p.message(_HARM["sexual"])


@meaning("self_harm")
def self_harm_turned_to_me(p: Part) -> bool:
    return _turned(p, "self_harm") and not p.message(_HARM["violence"])


@meaning("unsafe_work")
def unsafe_work_turned_to_me(p: Part) -> bool:
    return _turned(p, "unsafe_work") and not p.message(_HARM["self_harm"])


@meaning("suicidal")
def suicidal_turned_to_me(p: Part) -> bool:
    return _turned(p, "suicidal") and not any(
        p.message(_HARM[k]) for k in ("violence", "sexual", "self_harm", "unsafe_work"))
