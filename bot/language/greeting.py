"""A message that only says hello: 'hoi', 'heyy 👋', 'goedemiddag!', 'ik ben er weer', 'yo
wzp'. Students write one when they come back to a conversation, and a greeting is no answer
to the question waiting for them ('Wat voelde je toen?' answered 'hoi' was taken as the
feeling). A greeting with an answer after it ('hoi, ik heb de kassa gedaan') is an answer."""

from __future__ import annotations

import re

from bot.language.lemmas import flat_words

# not 'alles goed' (an answer to 'hoe gaat het nu met je?') nor 'avond' (to 'wanneer?')
_HELLO = (r"(?:ho+i+|ha+i+|he+y+|hee+|hei|hallo+|hallootjes|hello+|hi+|hiya|yo+|joe+|"
          r"goedemorgen|goedemiddag|goedenavond|goeiemorgen|goeiemiddag|goeienavond|"
          r"good (?:morning|afternoon|evening)|sup|wa+zz?u+p|wassup|wzp|hoe is het|"
          r"hoe gaat ie|hoe gaat het)")
_BACK = (r"(?:(?:ik ben|ben|daar ben ik|hier ben ik|ik ben er|ben er|i am|im|i'm) ?"
         r"(?:er )?(?:weer|terug|back|again)|(?:ik ben|ben|i am|im) (?:er|hier|here)|"
         r"daar ben ik|here i am|weer terug)")
_TO = r"(?:daar|there|bot|loopbaanbot|allemaal|weer|again|hoor|he|ff|even|man|bro|mattie)"
_GREETING = re.compile(rf"(?:{_HELLO}(?: {_HELLO})*(?: {_TO})*(?: {_BACK})?|{_BACK})"
                       rf"(?: {_TO})*")


def just_greets(text: str) -> bool:
    """The whole message is a hello (or 'ik ben er weer'), nothing more."""
    if len(text) > 60 or len(text.split()) > 8:
        return False  # read only what is short enough to be a hello (most answers are not)
    words = flat_words(text)
    return bool(words) and len(words) <= 40 and _GREETING.fullmatch(words) is not None
