"""Four whole conversations, written to docs/transcripts.md by this test so they stay true.

Regenerate after changing the flow, prompts or the listening:
    LOOPBAANBOT_WRITE_TRANSCRIPTS=1 .venv/bin/pytest tests/test_transcripts.py
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date

from bot.app import Content
from bot.core.conversation import Context, Pressed, Said
from bot.core.machine import FlowMachine
from tests.conftest import ROOT

DOC = ROOT / "docs" / "transcripts.md"
TODAY = date(2026, 11, 24)  # a Tuesday

# (title, what it shows, context changes, the student's turns: text, or !value for a button)
CONVERSATIONS: list[tuple[str, str, dict[str, object], list[str]]] = [
    ("A student with a lot to say (Dutch)",
     "The replies take up her words and name her feeling; the bot asks further on what is "
     "missing; the action is hers, in her words, with a day.",
     {"conversation_number": 2},
     ["!good",
      "Ik mocht vandaag voor het eerst zelf een bewoner helpen met douchen. Ik was eerst best "
      "zenuwachtig, maar mijn begeleider Sandra bleef erbij.",
      "Ik merkte dat ik rustiger werd toen ik uitlegde wat ik ging doen. Dat ga ik vaker doen.",
      "!kwaliteiten", "!enough",
      "Ik kan goed uitleggen wat ik doe, daardoor voelde de bewoner zich ook rustiger.",
      "Dat ik rustig blijf en de bewoner vertel wat er gaat gebeuren.",
      "Volgende week vraag ik Sandra of ik het nog een keer alleen mag doen, met haar erbij",
      ]),
    ("A student who says little (Dutch)",
     "Short answers get a question that fits what is missing, then examples to pick from; a "
     "vague intention becomes a step with help.",
     {"conversation_number": 1},
     ["!so_so", "weet niet", "gwn", "!example0", "afwassen met de machine", "!you_choose",
      "niks", "geen idee", "!example0", "die zei niks", "beter mijn best doen", "!example:0",
      "vrijdag"]),
    ("A bad day (Dutch)",
     "A bad day gets a real turn and the offer to involve the mentor, before the usual "
     "questions.",
     {"conversation_number": 3},
     ["!bad", "Mijn begeleider was boos omdat ik te laat was, iedereen hoorde het.",
      "Ik voelde me dom en wilde eigenlijk naar huis.",
      "Een wekker die eerder afgaat, en de bus van 7 uur nemen.",
      "!mentor_no", "!netwerken", "!enough",
      "Mijn collega Fatima zei dat het haar ook wel eens overkomt, dat hielp.",
      "Dat ik Fatima dingen kan vragen.",
      "Dat collega's ook wel eens iets fout doen en me willen helpen.",
      "Morgen neem ik de bus van 7 uur"]),
    ("An English conversation",
     "The same flow in English.",
     {"language": "en", "conversation_number": 1},
     ["!great",
      "I helped a customer find the right work shoes. I felt proud because I listened well.",
      "That I'm good with customers when I take my time.",
      "!you_choose",
      "My supervisor Dave knows everything about stock.",
      "I could ask him during the break.",
      "That people like to explain things.",
      "On Thursday I'll ask Dave to show me how he orders stock"]),
]


def render(content: Content, machine: FlowMachine) -> str:
    out = ["# Four conversations", "",
           "Written by `tests/test_transcripts.py` from the shipped flow and prompts (the test "
           "fails when they no longer match; regenerate with "
           "`LOOPBAANBOT_WRITE_TRANSCRIPTS=1 .venv/bin/pytest tests/test_transcripts.py`). "
           f"The day is {TODAY:%A %-d %B %Y}.", ""]
    for title, shows, changes, turns in CONVERSATIONS:
        ctx = replace(Context(language="nl", today=TODAY), **changes)  # type: ignore[arg-type]
        engine = content.engine
        outcome = engine.start(machine, ctx)
        out += [f"## {title}", "", f"*{shows}*", ""]
        out += _bot(outcome.turn.messages, [o.label for o in outcome.turn.options])
        for said in turns:
            if said.startswith("!"):
                label = next((o.label for o in outcome.turn.options if o.value == said[1:]),
                             said[1:])
                out += [f"> **Student** presses: {label}", ""]
                outcome = engine.handle(machine, outcome.snapshot, Pressed(said[1:]), ctx)
            else:
                out += [f"> **Student:** {said}", ""]
                outcome = engine.handle(machine, outcome.snapshot, Said(said), ctx)
            assert outcome.accepted, (title, said, outcome.turn.text)
            out += _bot(outcome.turn.messages, [o.label for o in outcome.turn.options])
        assert outcome.turn.done, (title, outcome.turn.text)
    return "\n".join(out).rstrip() + "\n"


def _bot(messages: list[str], options: list[str]) -> list[str]:
    lines = []
    for message in messages:
        text = message.replace("\n", "  \n")
        lines += [f"**Bot:** {text}", ""]
    if options:
        lines += ["Buttons: " + " · ".join(f"`{o}`" for o in options), ""]
    return lines


def test_the_transcripts_in_docs_are_what_the_bot_says(content: Content,
                                                      stagedag: FlowMachine) -> None:
    written = render(content, stagedag)
    if os.environ.get("LOOPBAANBOT_WRITE_TRANSCRIPTS") == "1":
        DOC.parent.mkdir(exist_ok=True)
        DOC.write_text(written, encoding="utf-8")
    assert DOC.read_text(encoding="utf-8") == written, (
        "docs/transcripts.md is out of date; regenerate it: "
        "LOOPBAANBOT_WRITE_TRANSCRIPTS=1 .venv/bin/pytest tests/test_transcripts.py")
