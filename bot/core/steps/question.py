"""`question`: a free-text question; the bot listens and asks further on what is missing."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field

from bot.core.choosing import match_one
from bot.core.competencies import CompetencyKey
from bot.core.conversation import (
    ActionReviewed,
    AnswerGiven,
    Input,
    Note,
    OptionView,
    Outcome,
    Pressed,
    Said,
)
from bot.core.listening import AskedBefore, gives_reason, probe_key
from bot.core.steps.base import PLACEHOLDERS, Language, StepId, Texted, Variants
from bot.core.steps.kind import BOX, StepKind, Turn, Wording, next_edge, texts_of
from bot.core.texts import pick
from bot.language.actions import not_theirs_to_help, says_not_sure
from bot.language.answers import (
    AskedBack,
    Understanding,
    answer_after_asking,
    understand,
    without_already,
)
from bot.language.text import words

# Kinds of follow-up question a listening step may word itself (see prompts/<lang>/listening).
FollowUpKind = Literal["situation", "own_part", "feeling", "cause", "learning", "person"]
# A step's own follow-up wordings may also name what the student said.
FOLLOW_UP_PLACEHOLDERS = frozenset({"feeling", "Feeling", "person", "Person", "phrase"})


class Question(Texted):
    """A free-text question; asks further with a probe when the answer is short or vague."""

    type: Literal["question"]
    id: StepId
    competency: CompetencyKey | None = Field(
        default=None, description="Tag the answer with one of the five competencies."
    )
    records: Literal["moment", "action_learning"] | None = Field(
        default=None,
        description="moment: the moment of the day shown in the summary; "
        "action_learning: what the student learned from their previous action.",
    )
    probes: dict[Language, list[Annotated[str, Field(min_length=1)]]] = Field(
        default_factory=dict, description="Follow-up questions per language (vraag door)."
    )
    open_text: dict[Language, Variants] | None = Field(
        default=None, description="Shorter, more open wordings for students who have "
        "reflected more often than settings.open_questions_after.")
    moment_text: dict[Language, Variants] | None = Field(
        default=None, description="Wordings that refer to today's moment ({moment}: a few of "
        "the student's own words), used when the bot took such words from the moment.")
    max_probes: int | None = Field(default=None, ge=0, le=5)
    listen: bool = Field(default=True, description="Take up the student's words and ask "
                         "further on what the answer lacks; false: stock replies and `probes`.")
    follow_ups: dict[FollowUpKind, dict[Language, Variants]] = Field(
        default_factory=dict, description="This step's own wording per kind of follow-up "
        "(situation, own_part, feeling, cause, learning, person); others come from "
        "prompts/<lang>/listening.yaml.")
    why: dict[Language, Annotated[str, Field(min_length=1)]] = Field(
        default_factory=dict, description="Why the bot asks this, for a student who asks "
        "'waarom vraag je dat?' (said before the question again); without it, the general "
        "answer in prompts/<lang>/listening.yaml (listen.asked_why).")
    next: StepId


_WHAT_HAPPENED = re.compile(r"[,;:]|\b(?:maar|but|was|were|had|kon|could|ziek|sick|druk|busy|"
                            r"geen tijd|no time|vergeten|vergat|forgot|lukte|lukt|ging niet|"
                            r"durfde|dared)\b")


def _tells_why(said: str, lang: str) -> bool:
    """Words with the choice that say what happened: 'nog niet, mn baas was ziek', 'een
    beetje, ik vroeg het maar ze had geen tijd' (not 'nog niet' alone)."""
    return gives_reason(said, lang) or (
        len(words(said)) >= 4 and _WHAT_HAPPENED.search(said.lower()) is not None)


def ask(turn: Turn, step: Question) -> None:
    """Today's moment in the student's words when the bot has them; shorter, more open
    wordings for a student who has reflected often; else the step's text. Looking back on the
    action, a reason typed with the choice ('nog niet, het was te druk') is the answer to
    'what held you back?': heard, and the step's learning follow-up asked instead."""
    lang, ctx = turn.ctx.language, turn.ctx
    said, turn.snap.choice_words = turn.snap.choice_words, None
    learning = step.follow_ups.get("learning", {}).get(lang)
    if said and step.records == "action_learning" and (not_theirs_to_help(said) or
                                                       turn.snap.alerted):
        # 'nee hij was ziek': why, and not theirs to help; on to its new day
        turn.emit(AnswerGiven(step.id, step.competency, said, "answer"))
        if ctx.open_action is not None:
            turn.emit(ActionReviewed(ctx.open_action.id, learning=said))
        _not_theirs_to_help(turn, step, said, None)
        return
    if said and learning and step.records == "action_learning" and _tells_why(said, lang):
        turn.emit(AnswerGiven(step.id, step.competency, said, "answer"))
        if ctx.open_action is not None:
            turn.emit(ActionReviewed(ctx.open_action.id, learning=said))
        turn.snap.notes.append(Note(step=step.id, competency=step.competency,
                                    records=step.records, text=said))
        turn.say(turn.listener.acknowledge(understand(said, lang), lang,
                                           ctx.conversation_number)
                 or turn.texts.say(lang, "listen.plain"))
        turn.snap.probes_used += 1
        turn.ask(turn.fill(pick(learning, ctx.conversation_number)))
        return
    grown = ctx.conversation_number > turn.settings.open_questions_after
    # not built on the moment after a danger told in it (a ninth trial: 'Wie was er bij het
    # magazijn, en wat kon je van die persoon leren?' where the man had touched her)
    if step.moment_text is not None and turn.snap.moment_phrase and lang in step.moment_text \
            and not turn.snap.alerted:
        turn.ask(turn.fill(pick(step.moment_text[lang], ctx.conversation_number)))
    elif step.open_text is not None and grown:
        turn.ask(turn.fill(pick(step.open_text[lang], ctx.conversation_number)))
    else:
        turn.ask(turn.text(step))


def answer(turn: Turn, step: Question, given: Input) -> Outcome:
    """Typed words; a button only when it is one of the examples the bot offered."""
    if isinstance(given, Pressed):
        label = turn.label(given.value)
        if turn.snap.phase != "examples" or label == given.value:
            return turn.refuse("input.type_answer")
        _listen(turn, step, label, chosen_example=True)
        return turn.finish(label)
    assert isinstance(given, Said)
    shown = turn.snap.last_turn.options if turn.snap.last_turn else []
    if not shown and re.fullmatch(r"\s*\d{1,2}[.)]?\s*", given.text):
        # '4' at an open question: a tap meant for the buttons of before, not an answer (a
        # user trial got 'Helder.' and the next question)
        return turn.refuse("input.type_answer")
    value = match_one(given.text, shown) if turn.snap.phase == "examples" else None
    if value is not None:  # '1', or the example's words, typed
        label = turn.label(value)
        _listen(turn, step, label, chosen_example=True)
        return turn.finish(label)
    _listen(turn, step, answer_after_asking(given.text))  # 'wat bedoel je, gewoon niks'
    return turn.finish(given.text)


def _listen(turn: Turn, step: Question, text: str, chosen_example: bool = False) -> None:
    snap, ctx = turn.snap, turn.ctx
    lang = ctx.language
    limit = turn.settings.max_probes if step.max_probes is None else step.max_probes
    kind = "probe_answer" if snap.probes_used else "answer"
    if step.records == "moment":
        kind = "moment"
    heard = understand(text, lang) if step.listen else None  # read once, used twice
    back = _back_to_the_bot(heard, text, lang, step) if heard and not chosen_example else None
    if back is not None:  # 'wat bedoel je?': kept, but no answer (not the moment, no summary)
        turn.emit(AnswerGiven(step.id, step.competency, text, "asked_back"))
        _answer_back(turn, step, back)
        return
    turn.emit(AnswerGiven(step.id, step.competency, text, kind))
    if step.records == "action_learning" and ctx.open_action is not None:
        turn.emit(ActionReviewed(ctx.open_action.id, learning=text))
    if heard is None:  # the school switched listening off for this step
        _without_listening(turn, step, text, limit)
        return
    if chosen_example:
        if step.records != "moment":  # 'Iets wat goed ging' is a kind of moment, not one
            snap.notes.append(Note(step=step.id, competency=step.competency,
                                   records=step.records, text=text))
        snap.phase = "ask"
        snap.probes_used += 1
        turn.ask(turn.texts.say(lang, "examples.chosen", example=text))
        return
    if step.competency == "netwerken" and _NOBODY.fullmatch(" ".join(words(text))):
        # 'niemand' to 'who can help you?' is an answer, not a don't-know: heard, no examples
        snap.notes.append(Note(step=step.id, competency=step.competency,
                               records=step.records, text=text))
        turn.say(turn.texts.say(lang, "listen.nobody"))
        turn.move_on(heard)
        return
    if step.records == "action_learning" and (not_theirs_to_help(text) or snap.alerted):
        # after a danger told in this conversation (a ninth trial: 'nee lukte niet hij kwam
        # gewoon' got 'Wat zou je helpen om het wel te doen?'), keeping safe is not theirs alone
        _not_theirs_to_help(turn, step, text, heard)
        return
    if heard.already_said:  # not asked again, and not in the summary as an answer
        turn.say(turn.texts.say(lang, "listen.already_said"))
        turn.move_on(heard)
        return
    last_kind = next((k.split("/", 1)[1] for k in reversed(snap.probes_asked)
                      if k.startswith(f"{step.id}/")), None)
    if not heard.content and snap.probes_used and last_kind not in (None, "situation"):
        # 'kweenie' or 'ja' to a follow-up ('Hoe voel je je daarbij?'): heard, and on to the
        # next question; not 'Noem één moment van vandaag' about a moment already told
        snap.vague_answers += 1
        turn.say(turn.texts.say(lang, "listen.not_sure" if says_not_sure(text)
                                else "listen.plain", seed=len(snap.probes_asked)))
        turn.move_on(heard)
        return
    if not heard.content and step.records == "action_learning":
        # 'weet niet' to what held them back: no 'tell me about today' in the middle of
        # looking back on the action; on to its new day
        snap.vague_answers += 1
        turn.say(turn.texts.say(lang, "examples.move_on"))
        turn.move_on(heard)
        return
    if heard.content:
        snap.struggles = 0
        snap.notes.append(Note(step=step.id, competency=step.competency,
                               records=step.records, text=without_already(text)))
        first = sum(n.step == step.id for n in snap.notes) == 1
        if step.records == "moment" and heard.phrase and not snap.moment_phrase \
                and first:  # the moment itself, not what would help afterwards
            snap.moment_phrase = heard.phrase
        turn.note_facts(heard, text)
    else:
        snap.struggles += 1
        snap.vague_answers += 1
    wordings = {k: v[lang] if isinstance(v[lang], list) else [v[lang]]
                for k, v in step.follow_ups.items() if lang in v}
    said_here = [n.text for n in snap.notes if n.step == step.id]
    so_far = understand(". ".join(said_here), lang) if len(said_here) > 1 else heard
    result = turn.listener.follow_up(
        so_far, lang, step.records or step.competency,
        AskedBefore(snap.probes_asked, snap.probes_used, snap.struggles,
                    [k.split("/", 1)[1] for k in snap.probes_asked
                     if k.startswith(f"{step.id}/")]), limit,
        ctx.conversation_number + len(snap.probes_asked), wordings,  # type: ignore[arg-type]
        latest=heard)
    if result.ack:
        turn.say(result.ack)
    if result.examples:
        snap.phase = "examples"
        snap.probes_used += 1
        options = [OptionView(value=f"example{i}", label=e)
                   for i, e in enumerate(result.examples)]
        turn.ask(turn.texts.say(lang, "examples.intro"), options, "text")
        return
    if result.probe:
        snap.probes_used += 1
        snap.probes_asked.append(probe_key(result.probe))
        if result.probe_kind:
            snap.probes_asked.append(f"{step.id}/{result.probe_kind}")
        turn.ask(turn.fill(result.probe))
        return
    if not heard.content:
        turn.say(turn.texts.say(lang, "examples.move_on"))
    turn.move_on(heard)


def _not_theirs_to_help(turn: Turn, step: Question, text: str,
                        heard: Understanding | None) -> None:
    """'nee hij was ziek': heard as why, not theirs to help; no 'what would help you do it?',
    on to the action's new day."""
    turn.snap.notes.append(Note(step=step.id, competency=step.competency,
                                records=step.records, text=text))
    turn.say(turn.texts.say(turn.ctx.language, "listen.not_theirs_to_help"))
    turn.move_on(heard)


_NOBODY = re.compile(r"(?:echt |eigenlijk |nog |really |honestly )*(?:niemand|nobody|no one|"
                     r"noone|geen een|geen idee wie|no idea who)(?: eigenlijk| echt| really)*")


def _back_to_the_bot(heard: Understanding, text: str, lang: str,
                     step: Question) -> AskedBack | Literal["mentor"] | None:
    """A question back to the bot, or only a wish for the mentor ('ik wil mijn mentor
    spreken': flagged by the screening, and no moment of the day to ask about; but an
    answer to who could help, or what to do next)."""
    if heard.asked_back is not None:
        return heard.asked_back
    if step.competency in ("netwerken", "loopbaansturing"):
        return None
    if heard.wish == "mentor" and not (heard.did or heard.feelings or heard.cause
                                       or gives_reason(text, lang)) and len(text.split()) <= 10:
        return "mentor"
    return None


def _answer_back(turn: Turn, step: Question, back: AskedBack | Literal["mentor"]) -> None:
    """A question back to the bot gets its answer, then the question again: what it means
    (with examples where the bot has them), why it is asked, or that the bot only helps with
    this reflection. Asked again at the same question: on to the next one."""
    snap, lang = turn.snap, turn.ctx.language
    key = f"{step.id}/{back}"
    if key in snap.asked_back:
        turn.say(turn.texts.say(lang, "examples.move_on"))
        turn.move_on(None)
        return
    snap.asked_back.append(key)
    examples = turn.listener.examples(lang, step.records or step.competency)
    if back == "meaning" and examples and snap.phase != "examples" and not snap.probes_used:
        # examples fit the step's own question, not a follow-up ('Wat zegt dat over jou?')
        snap.phase = "examples"
        turn.say(turn.texts.say(lang, "listen.asked_meaning"))
        turn.ask(turn.texts.say(lang, "examples.intro"),
                 [OptionView(value=f"example{i}", label=e) for i, e in enumerate(examples)],
                 "text")
        return
    # without examples to show, 'meaning' gets no promise to explain it otherwise
    own_why = step.why.get(lang) if back == "why" else None
    turn.say(own_why or turn.texts.say(lang, "listen.asked_meaning_again" if back == "meaning"
                                       else f"listen.asked_{back}"))
    snap.phase = "ask"  # examples shown before are no longer on screen
    last = snap.last_turn
    if last is not None and last.messages and not last.options:
        turn.ask(last.messages[-1])  # the question they asked about: a follow-up, maybe
    else:
        ask(turn, step)


def _without_listening(turn: Turn, step: Question, text: str, limit: int) -> None:
    """The school switched listening off for this step: stock replies and its probes."""
    snap, ctx = turn.snap, turn.ctx
    probes = step.probes.get(ctx.language, [])
    vague = turn.lexicon().is_vague(text, turn.settings.min_answer_words)
    if vague:
        snap.vague_answers += 1
    else:
        snap.notes.append(Note(step=step.id, competency=step.competency,
                               records=step.records, text=text))
    if vague and probes and snap.probes_used < limit:
        for offset in range(len(probes)):
            probe = pick(probes, ctx.conversation_number + snap.probes_used + offset)
            if probe_key(probe) not in snap.probes_asked:
                snap.probes_used += 1
                snap.probes_asked.append(probe_key(probe))
                turn.ask(turn.fill(probe))
                return
    key = "probe.move_on" if vague else "ack"
    turn.say(turn.texts.say(ctx.language, key, seed=len(snap.notes)))
    turn.advance()


def wordings(step: Question) -> list[Wording]:
    found = texts_of(step)
    if step.probes:
        found.append(Wording("probes", ("probes",), step.probes))
    if step.open_text is not None:
        found.append(Wording("open_text", ("open_text",), step.open_text))
    if step.moment_text is not None:
        found.append(Wording("moment_text", ("moment_text",), step.moment_text))
    found += [Wording(f"follow_ups.{kind}", ("follow_ups", kind), texts,
                      PLACEHOLDERS | FOLLOW_UP_PLACEHOLDERS)
              for kind, texts in step.follow_ups.items()]
    return found


KIND = StepKind(name="question", model=Question, shape=BOX, edges=next_edge,
                ask=ask, answer=answer, wordings=wordings)
