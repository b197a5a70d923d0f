"""The dialogue engine: one snapshot and one input in, the next snapshot and a reply out.

Pure: no I/O, no clock (today comes in the Context), no storage. The flow's state machine
says where to go; each step type says what it does with what the student typed (its kind's
hooks in bot/core/steps/, given a `_Turn`); this module holds what they share: safeguarding
(every text screened first, whatever its length), the offer of the mentor, matching options
(choosing.py), walking the flow and ending the conversation.
"""

from __future__ import annotations

import dataclasses
import re
import zlib
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from bot.core.choosing import ENOUGH, YOU_CHOOSE, by_words, many, match_one, means_any
from bot.core.coaching import Coach
from bot.core.conversation import (
    ActionReviewed,
    AnswerGiven,
    BotTurn,
    Context,
    Event,
    Expects,
    FactNoted,
    FlagRaised,
    Input,
    OptionView,
    Outcome,
    Pressed,
    Said,
    Snapshot,
)
from bot.core.flow import AnyStep, FlowSettings, Texted, variants_of
from bot.core.lifecycle import LIFECYCLE, OPEN
from bot.core.listening import Listener
from bot.core.machine import Facts, FlowError, FlowMachine
from bot.core.steps import kind_of
from bot.core.steps.choice import low_options
from bot.core.summary import MANY_VAGUE, quote
from bot.core.texts import Texts, fill, pick
from bot.core.understanding import Lexicon, clean
from bot.language.actions import done_after_all, says_not_sure
from bot.language.again import happened_again
from bot.language.answers import (
    Understanding,
    keeps_mentor_out,
    says_joking,
    says_misread,
    still_hard,
    understand,
    used_to_it,
    without_tags,
)
from bot.language.correcting import taken_back
from bot.language.dates import DateReader
from bot.language.greeting import just_greets
from bot.language.leaving import (
    no_mood_to_talk,
    only_for_now,
    stop_unclear,
    stops_for_today,
    wants_a_pause,
)
from bot.language.no_internship import no_internship_today
from bot.language.text import words as words_of
from bot.language.yes_no import yes_or_no
from bot.safety.meanings.registry import KINDS
from bot.safety.screening import Hit, Screener
from bot.school import Helpline

HOLD_CHOICES = ("continue", "pause", "stop")
STOP_CHOICES = ("chat", "internship", "go_on")  # 'ik wil stoppen': with what?
MENTOR_YES, MENTOR_NO = "mentor_yes", "mentor_no"
WEAK_ACTIONS = 3  # this many conversations in a row without a real step is a concern
MAX_HOPS = 200
# Concerns the student is heard on first, and asked about next time (as after the helplines).
_HEAVY_CONCERNS = ("basic_needs", "bullying")
_COMMAND = re.compile(r"/[A-Za-z_]{1,32}(?:@\w+)?")  # a command, never an answer


class _Move:
    """The work of one turn: a private copy of the snapshot and the reply being built."""

    def __init__(self, snapshot: Snapshot) -> None:
        # a deep copy; through plain data it is three times quicker than copy.deepcopy
        self.snap = Snapshot.model_validate(snapshot.model_dump())
        self.snap.paused = False  # the student is back: it waits as any other again
        self.messages: list[str] = []
        self.options: list[OptionView] = []
        self.expects: Expects = "text"
        self.events: list[Event] = []

    def ask(self, text: str, options: list[OptionView] | None = None,
            expects: Expects | None = None) -> None:
        self.messages.append(text)
        self.options = options or []
        self.expects = expects or ("choice" if options else "text")

    def ask_again(self, asked: BotTurn) -> None:
        """The question of an earlier turn, with its options, asked once more."""
        self.ask(asked.messages[-1], list(asked.options), asked.expects)

    def turn(self) -> BotTurn:
        done = self.snap.mode == "completed"
        return BotTurn(messages=self.messages, options=[] if done else self.options,
                       expects="none" if done else self.expects, done=done,
                       stopped=self.snap.mode == "stopped", at=position(self.snap))


class _Turn:
    """One turn at one step, as a step type's hooks see it (`bot.core.steps.Turn`): the move
    being built, and the engine's shared machinery."""

    def __init__(self, engine: Engine, machine: FlowMachine, move: _Move, ctx: Context,
                 before: Snapshot | None = None) -> None:
        self.engine = engine
        self.machine = machine
        self.move = move
        self.ctx = ctx
        self.before = before or move.snap  # the snapshot as it came in: a refusal keeps it

    @property
    def snap(self) -> Snapshot:
        return self.move.snap

    @property
    def settings(self) -> FlowSettings:
        return self.machine.flow.settings

    @property
    def texts(self) -> Texts:
        return self.engine.texts

    @property
    def listener(self) -> Listener:
        return self.engine.listener

    @property
    def coach(self) -> Coach:
        return self.engine.coach

    def lexicon(self) -> Lexicon:
        return self.engine.lexicons[self.ctx.language]

    def say(self, message: str) -> None:
        self.move.messages.append(message)

    def ask(self, text: str, options: list[OptionView] | None = None,
            expects: Expects | None = None) -> None:
        self.move.ask(text, options, expects)

    def emit(self, *events: Event) -> None:
        self.move.events += events

    def flag(self, rule_id: str) -> None:
        self.move.events += [f for f in [self.engine.derived(rule_id)] if f]

    def mentor_request(self) -> None:
        self.move.events += self.engine.mentor_flags(self.move.snap)

    def text(self, step: Texted) -> str:
        return self.engine._text(step, self.ctx, self.snap)

    def fill(self, template: str) -> str:
        return self.engine._fill(template, self.ctx, self.snap, question=True)

    def topic(self, key: str) -> str:
        return self.engine._topic(self.ctx.language, key)

    def label(self, value: str) -> str:
        return _label(value, self.before)

    def match(self, given: Input, options: list[OptionView], many_: bool,
              also: Mapping[str, Sequence[str]] | None = None,
              moods: Mapping[str, str] | None = None) -> list[str] | str:
        return self.engine._match(given, options, many_, also, moods)

    def low_day(self) -> bool:
        return self.engine._low_day(self.machine, self.snap)

    def note_facts(self, heard: Understanding, text: str) -> None:
        self.engine._note_facts(self.move, heard, text)

    def advance(self, chosen: str | None = None) -> None:
        self.engine._advance(self.machine, self.move, self.ctx, chosen)

    def move_on(self, heard: Understanding | None) -> None:
        self.engine._move_on(self.machine, self.move, self.ctx, heard)

    def refuse(self, key: str, **values: object) -> Outcome:
        return self.engine._refuse(self.before, self.ctx, key, **values)

    def keep_words(self, text: str) -> Outcome:
        return self.engine._kept_at_choice(self.move, self.before, text, self.ctx)

    def finish(self, student: str | None) -> Outcome:
        return self.engine._finish(self.move, student)


class Engine:
    """Leads one conversation along its flow, one input at a time."""

    def __init__(self, texts: Texts, lexicons: Mapping[str, Lexicon], dates: DateReader,
                 max_input_chars: int = 4000, screener: Screener | None = None,
                 helplines: Sequence[Helpline] = ()) -> None:
        self.texts = texts
        self.lexicons = lexicons
        self.dates = dates
        self.max_input_chars = max_input_chars
        self.screener = screener
        self.helplines = tuple(helplines)
        self.listener = Listener(texts)
        self.coach = Coach(texts, dates)

    # -- the three things a channel asks ------------------------------------------------

    def start(self, machine: FlowMachine, ctx: Context) -> Outcome:
        """Open a new conversation at the flow's start."""
        move = _Move(Snapshot(step=machine.flow.start))
        self._enter(_Turn(self, machine, move, ctx), machine.flow.start)
        return self._finish(move)

    def handle(self, machine: FlowMachine, snapshot: Snapshot, given: Input,
               ctx: Context) -> Outcome:
        """Take one input; a bad one gets a clear answer and changes nothing. Every text is
        screened first, whatever its length: an urgent one gets the helplines at once."""
        if snapshot.mode not in OPEN:
            return self._refuse(snapshot, ctx, "conversation.already_done")
        step = machine.flow.step(snapshot.step)
        hits: list[Hit] = []
        if isinstance(given, Said):
            text = clean(given.text)
            if not text:  # 'or pick an option' only where there are options
                last = snapshot.last_turn
                return self._refuse(snapshot, ctx, "input.empty" if last and last.options
                                    else "input.empty_text")
            hits = self.screen(text) or self._told_again_since(ctx, text)
            urgent = [hit for hit in hits if hit.level == "urgent"]
            if urgent and (snapshot.held or any(h.rule not in snapshot.alerted for h in urgent)
                           or len(text) > self.max_input_chars or _COMMAND.fullmatch(text)):
                return self._urgent(snapshot, ctx, text, hits)
            if urgent:  # the same danger again, after they chose to go on: no second alarm
                return self._told_again(machine, snapshot, step, Said(text), ctx,
                                        [hit for hit in hits if hit.level != "urgent"])
            if len(text) > self.max_input_chars:
                refused = self._refuse(snapshot, ctx, "input.too_long", max=self.max_input_chars,
                                       length=len(text))
                return self._with_concerns(refused, snapshot, ctx, text, hits) if hits \
                    else refused
            leaving = self._leaving(snapshot, step, ctx, text, hits)
            if leaving is not None:
                return leaving
            if not hits and not snapshot.held and just_greets(text):  # 'hoi', back again
                return self._refuse(snapshot, ctx, "input.greeting")
            if _COMMAND.fullmatch(text):  # '/start' typed where a channel has no commands
                refused = self._refuse(snapshot, ctx, "input.command", command=text)
                return self._with_concerns(refused, snapshot, ctx, text, hits) if hits \
                    else refused  # '/mentor' still asks for the mentor
            given = Said(text)
        elif not isinstance(given, Pressed):
            return self._refuse(snapshot, ctx, "input.unreadable")
        elif given.at is not None and given.at != position(snapshot):
            return self._refuse(snapshot, ctx, "input.stale_button")

        if snapshot.held:
            return self._after_urgent(machine, snapshot, ctx, given, hits)
        if snapshot.stop_words is not None:
            return self._after_which_stop(machine, snapshot, step, given, ctx, hits)
        if isinstance(given, Said) and not hits:
            done = self._done_early(snapshot, ctx, given.text) or \
                self._mood_taken_back(machine, snapshot, step, ctx, given.text) or \
                self._no_internship_today(snapshot, step, ctx, given.text)
            if done is not None:
                return done
        if any(hit.action == "mentor_request" for hit in hits) and not snapshot.offered_mentor:
            # 'kan mn mentor me ff bellen?': asked already, so not offered in the same breath
            snapshot = snapshot.model_copy(update={"offered_mentor": True})
        outcome = self._step(machine, snapshot, step, given, ctx)
        if hits:
            assert isinstance(given, Said)
            return self._with_concerns(outcome, snapshot, ctx, given.text, hits)
        return outcome

    def screen(self, text: str) -> list[Hit]:
        """Flag rules that fire on a student's text (none without a screener)."""
        return self.screener.screen(text) if self.screener else []

    def _told_again_since(self, ctx: Context, text: str) -> list[Hit]:
        """'hij deed het vandaag weer' in the conversation after one that told of a danger:
        that danger again, for the mentor and with its helplines, as if told in its words."""
        remembered = ctx.memory.get("heavy")
        if not remembered or self.screener is None or not happened_again(text):
            return []
        rule = next((r for r in self.screener.rules.rules if r.id == remembered), None)
        kind = rule.kinds[0] if rule is not None and rule.kinds else remembered
        if kind not in KINDS:
            return []  # a rule without a kind, or a memory from before kinds were kept
        hit = self.screener.hit_for(kind, "happened_again")
        return [hit] if hit is not None else []

    def derived(self, rule_id: str) -> FlagRaised | None:
        """A flag the bot raises itself (no phrases), if the school keeps that rule."""
        rules = self.screener.rules.rules if self.screener else []
        rule = next((r for r in rules if r.id == rule_id), None)
        return FlagRaised(rule.id, rule.level, dict(rule.reason), rule.action) if rule else None

    def mentor_request(self) -> FlagRaised:
        """The flag for a student who asks for their mentor (by command or a button)."""
        rules = self.screener.rules.rules if self.screener else []
        rule = next((r for r in rules if r.action == "mentor_request"), None)
        reason = dict(rule.reason) if rule else {
            lang: self.texts.say(lang, "mentor.request_reason") for lang in self.texts.languages}
        return FlagRaised(rule.id if rule else "mentor_gevraagd", "concern", reason,
                          "mentor_request")

    def mentor_flags(self, snap: Snapshot) -> list[FlagRaised]:
        """The mentor request, unless this conversation raised it already (kept in `snap`)."""
        flag = self.mentor_request()
        if flag.rule in snap.flagged:
            return []
        snap.flagged.append(flag.rule)
        return [flag]

    def emergency(self, language: str, kinds: Sequence[str | None] = ()) -> list[str]:
        """The warm words and the helplines that fit the danger: what a student in danger
        gets first."""
        wanted = {k for k in kinds if k}
        lines = [self.texts.say(language, "safety.helpline", name=line.name,
                                contact=line.contact.get(language)
                                or next(iter(line.contact.values())))
                 for line in self.helplines if not wanted or line.fits(wanted)]
        # the words that fit the danger told (an eighth user trial: one reply for every kind,
        # naming nothing, and no word about being safe right now), else the general ones
        first = next((k for k in kinds if k), None)
        key = f"safety.urgent_for.{first}"
        intro = self.texts.say(language, key) if first and key in self.texts.keys(language) \
            else self.texts.say(language, "safety.urgent")
        return [intro, "\n".join(lines), self.texts.say(language, "safety.mentor_will_see")]

    def outside(self, text: str, language: str) -> tuple[list[str], list[FlagRaised]]:
        """A text with no conversation to answer (outside a reflection, an edited message):
        screened like any other. What to say about it and the flags it raises; nothing when
        no human is needed."""
        hits = self.screen(clean(text))
        flags = [flag_of(hit) for hit in hits]
        if any(hit.level == "urgent" for hit in hits):
            return self.emergency(language, [h.kind for h in hits if h.level == "urgent"]), flags
        if not hits:
            return [], []
        key = "safety.mentor_request" if any(h.action == "mentor_request" for h in hits) \
            else "safety.concern"
        return [self.texts.say(language, key)], flags

    def welcome_back(self, snapshot: Snapshot, ctx: Context, left_on: date | None = None
                     ) -> BotTurn:
        """Show where a conversation stopped, when the student comes back to it. `left_on`:
        the day it last moved; an earlier day than today is named, so that a question about
        'vandaag' reads as that day's (a pause on Thursday, back on Monday)."""
        last = snapshot.last_turn
        lang = ctx.language
        if left_on is not None and left_on < ctx.today:
            day = self.texts.say(lang, "conversation.yesterday") \
                if left_on == ctx.today - timedelta(days=1) else self.texts.date(lang, left_on)
            greeting = self.texts.say(lang, "conversation.welcome_back_from", day=day)
        else:
            greeting = self.texts.say(lang, "conversation.welcome_back",
                                      seed=ctx.conversation_number)
        heavy = []
        if left_on is not None and left_on < ctx.today and snapshot.alerted:
            # a day or more after the helplines in this very conversation (a user trial came
            # back two days after 'niet meer wakker worden' to 'Wat voelde je toen?' alone)
            heavy = [self.texts.say(lang, "conversation.welcome_back_heavy")]
        if last is None:
            return BotTurn(messages=[greeting, *heavy])
        where = []  # what they were talking about: a day later, the question alone says little
        if snapshot.started_topics and snapshot.mode == "active":
            where = [self.texts.say(ctx.language, "conversation.were_on",
                                    topic=self._topic(ctx.language, snapshot.started_topics[-1]))]
        elif snapshot.moment_phrase and snapshot.mode == "active":
            where = [self.texts.say(ctx.language, "conversation.were_telling",
                                    moment=snapshot.moment_phrase)]
        elif snapshot.mode == "active" and any(n.records == "moment" for n in snapshot.notes):
            # no few words of the moment: the start of what they told (a user trial came
            # back to 'Wat voelde je toen?' with nothing to say what 'toen' was)
            told = next(n.text for n in snapshot.notes if n.records == "moment")
            where = [self.texts.say(ctx.language, "conversation.were_telling_words",
                                    words=quote(told, 60))]
        return last.model_copy(update={"messages": [greeting, *heavy, *where,
                                                    last.messages[-1]]})

    # -- safeguarding --------------------------------------------------------------------

    def _urgent(self, snapshot: Snapshot, ctx: Context, text: str, hits: list[Hit]) -> Outcome:
        """Helplines in this very turn; the reflection waits until the student chooses. The
        mentor is alerted once per rule in a conversation."""
        move = _Move(snapshot)
        snap = move.snap
        if not snap.held:
            snap.held_turn = snapshot.last_turn
            # a work story ('de zaag had geen kap, was best eng') at a question answers it;
            # other dangers are not made the day's moment: the student chooses what to tell
            urgent_kinds = {hit.kind for hit in hits if hit.level == "urgent"}
            last = snapshot.last_turn
            snap.held_answer = text if urgent_kinds == {"unsafe_work"} and last is not None \
                and last.expects == "text" and len(text) <= self.max_input_chars else None
        snap.mode = LIFECYCLE.move(snap.mode, "urgent")
        new = [hit for hit in hits if hit.level != "urgent" or hit.rule not in snap.alerted]
        snap.alerted += list(dict.fromkeys(hit.rule for hit in new if hit.level == "urgent"))
        move.events += [flag_of(hit) for hit in new]
        move.messages += self.emergency(ctx.language, [h.kind for h in hits
                                                       if h.level == "urgent"])
        move.ask(self.texts.say(ctx.language, "safety.choose"), self._hold_options(ctx))
        return self._finish(move, text)

    def _told_again(self, machine: FlowMachine, snapshot: Snapshot, step: AnyStep, given: Said,
                    ctx: Context, concerns: list[Hit]) -> Outcome:
        """A danger told before in this conversation, told again after the student chose to
        go on ('volgende keer zeg ik tegen de chef dat ik niet alleen aan de snijmachine
        wil'): the answer is taken as an answer, the mentor is not alerted a second time, and
        the student hears that the help of before still stands."""
        outcome = self._step(machine, snapshot, step, given, ctx)
        if concerns:
            outcome = self._with_concerns(outcome, snapshot, ctx, given.text, concerns)
        note = self.texts.say(ctx.language, "safety.told_again")
        turn = outcome.turn.model_copy(update={"messages": [note, *outcome.turn.messages]})
        if outcome.accepted:
            outcome.snapshot.last_turn = turn
        return dataclasses.replace(outcome, turn=turn)

    def _after_urgent(self, machine: FlowMachine, snapshot: Snapshot, ctx: Context,
                      given: Input, hits: list[Hit]) -> Outcome:
        """Go on, pause or stop; going on starts with how the student is now and offers the
        mentor, then the question where they were."""
        say = self.texts.say
        lang = ctx.language
        move = _Move(snapshot)
        snap = move.snap
        move.events += [flag_of(hit) for hit in hits if hit.rule not in snap.alerted]
        student = given.text if isinstance(given, Said) else _label(
            given.value if isinstance(given, Pressed) else "", snapshot)
        if snap.mode == "checking_in":
            if isinstance(given, Said):
                heard = understand(given.text, lang)
                move.events.append(AnswerGiven(snap.step, None, given.text, "check_in"))
                ack = say(lang, "safety.joke") if says_joking(given.text) else \
                    say(lang, "safety.misread") if says_misread(given.text) else \
                    say(lang, "safety.mentor_kept_out") if keeps_mentor_out(given.text) else \
                    say(lang, "safety.used_to_it") if used_to_it(given.text) else \
                    say(lang, "safety.still_hard") if still_hard(given.text) \
                    or heard.polarity == "negative" else \
                    self.listener.acknowledge(heard, lang, ctx.conversation_number)
                if ack:
                    move.messages.append(ack)
            snap.mode = LIFECYCLE.move(snap.mode, "checked_in")
            if isinstance(given, Said) and keeps_mentor_out(given.text):
                snap.offered_mentor = True  # they said no already: no offer, on we go
                return self._resume(machine, move, ctx, student)
            move.ask(say(lang, "safety.offer_mentor"), self._mentor_options(ctx))
            return self._finish(move, student)
        if snap.mode == "offering_mentor":
            found = self._mentor_choice(given, ctx)
            if isinstance(given, Said) and keeps_mentor_out(given.text):
                found = [MENTOR_NO]  # 'zeg het niet tegen mijn mentor': a no, told honestly
                move.messages.append(say(lang, "safety.mentor_kept_out"))
            elif isinstance(found, str):
                move.ask(say(lang, "safety.offer_mentor"), self._mentor_options(ctx))
                return self._finish(move, student)
            if found[0] == MENTOR_YES:
                move.events += self.mentor_flags(snap)
                move.messages.append(say(lang, "heard.mentor_asked"))
            elif not move.messages:  # the urgent alert went out already: no 'ask later'
                move.messages.append(say(lang, "safety.mentor_not_now"))
            snap.offered_mentor = True
            return self._resume(machine, move, ctx, student)
        options = self._hold_options(ctx)
        found = self._match(given, options, many_=False)
        if isinstance(found, str) and isinstance(given, Said):
            # 'ff pauze', 'doei', 'ik wil stoppen voor vandaag', 'laat maar' at this choice
            if stops_for_today(given.text):
                found = ["stop"]
            elif wants_a_pause(given.text):
                found = ["pause"]
            if not isinstance(found, str):  # no quitting the internship read in it
                quitting = {hit.rule for hit in hits if hit.kind == "quit"}
                move.events = [e for e in move.events
                               if not (isinstance(e, FlagRaised) and e.rule in quitting)]
        if isinstance(found, str) and isinstance(given, Pressed):
            return self._refuse(snapshot, ctx, found)
        if isinstance(found, str):  # more words: heard, and still the choice
            said = given.text if isinstance(given, Said) else ""
            move.messages.append(say(lang, "safety.mentor_kept_out" if keeps_mentor_out(said)
                                     else "safety.joke" if says_joking(said)
                                     else "safety.misread" if says_misread(said)
                                     else "safety.heard"))
            move.ask(say(lang, "safety.choose"), options)
            return self._finish(move, student)
        choice = found[0]
        if choice == "continue":
            snap.mode = LIFECYCLE.move(snap.mode, "go_on")
            move.ask(say(lang, "safety.how_now"))
            return self._finish(move, student)
        if choice == "pause":  # coming back, they are asked how they are first, then on
            snap.mode = LIFECYCLE.move(snap.mode, "come_back")
            move.messages.append(say(lang, "safety.paused"))
            move.expects = "none"
            outcome = self._finish(move, student)
            outcome.snapshot.last_turn = BotTurn(messages=[say(lang, "safety.how_later")],
                                                 at=position(outcome.snapshot))
            outcome.snapshot.paused = True
            return outcome
        snap.held_turn = None
        snap.mode = LIFECYCLE.move(snap.mode, "stop")
        move.messages.append(say(lang, "safety.stopped"))
        move.expects = "none"
        return self._finish(move, student)

    def _resume(self, machine: FlowMachine, move: _Move, ctx: Context,
                student: str | None) -> Outcome:
        """Back to where the reflection was held: its question again; but a follow-up the
        student was answering ('Wat zegt dat over jou?') is not asked again after this: the
        question it followed up was answered, so on to the next one."""
        snap = move.snap
        held = snap.held_turn
        held_answer, snap.held_answer = snap.held_answer, None
        snap.held_turn = None
        snap.mode = LIFECYCLE.move(snap.mode, "mentor_answered")
        step = machine.flow.step(snap.step)
        if held is not None and held_answer and getattr(step, "type", None) == "question":
            # the story told at the question is its answer: heard, and on from there
            snap.last_turn = held
            answered = self._step(machine, snap, step, Said(held_answer), ctx)
            if answered.accepted:
                said = answered.turn.messages
                on = _Move(answered.snapshot)
                on.messages = [*move.messages, *said[:-1]]
                on.events = [*move.events, *answered.events]
                if answered.snapshot.step == step.id and answered.turn.expects == "text":
                    self._advance(machine, on, ctx)  # no 'Wat zegt dat over jou?' about the
                    # danger talked over just now
                else:
                    on.ask(said[-1], list(answered.turn.options), answered.turn.expects)
                return self._finish(on, student)
        if held is not None and snap.probes_used and snap.phase == "ask" and \
                getattr(step, "type", None) == "question":
            self._advance(machine, move, ctx)
        elif held is not None and getattr(step, "checks_in", False):
            # 'hoe gaat het nu met je?' was just asked and answered after the helplines: not a
            # third time (a user trial was asked it three times in a row)
            self._advance(machine, move, ctx)
        elif held is not None:
            if getattr(step, "type", None) == "question" and not snap.probes_used:
                # not 'Wil je vertellen wat er gebeurde?' as if nothing was told just now
                move.messages.append(self.texts.say(ctx.language, "safety.back_to_question"))
            move.ask_again(held)
        return self._finish(move, student)

    # -- stopping for now, in words --------------------------------------------------------

    def _leaving(self, snapshot: Snapshot, step: AnyStep, ctx: Context, text: str,
                 hits: list[Hit]) -> Outcome | None:
        """'ff pauze, ik ga eten' pauses; 'ik wil stoppen' asks which stop is meant; None for
        everything else. Not while 'met dit gesprek, of met je stage?' waits for its answer,
        and not in words that are an offered option's ('nee, nu niet')."""
        if snapshot.mode != "active" or snapshot.stop_words is not None:
            return None
        last = snapshot.last_turn
        if wants_a_pause(text, at_action=step.type == "action",
                         asked_for_a_day=last is not None and last.expects == "date") and \
                match_one(text, last.options if last else []) is None:
            kept = [h for h in hits if h.kind != "quit"] if only_for_now(text) else hits
            if not kept:  # the question waits for them
                return self._pause(snapshot, ctx, text)
            if all(hit.kind == "quit" for hit in kept):  # 'ik wil nu stoppen': which?
                return self._which_stop(snapshot, ctx, text, hits)
            return None
        if no_mood_to_talk(text) and not hits and \
                match_one(text, last.options if last else []) is None:
            return self._pause(snapshot, ctx, text, "conversation.paused_no_mood")
        return self._which_stop(snapshot, ctx, text, hits) if stop_unclear(text) else None

    def _mood_taken_back(self, machine: FlowMachine, snapshot: Snapshot, step: AnyStep,
                         ctx: Context, text: str) -> Outcome | None:
        """'nee wacht, eigenlijk was het niet leuk' at the question right after the day's mood
        (a user trial: it was said back as the moment): the mood is chosen again with those
        words, replacing the first, and the flow goes on from it ('Wat vervelend dat je dag
        niet fijn was ...'). 'verkeerd geklikt' alone: the mood question again. None when the
        words are no such correction, or name the mood chosen already."""
        if not snapshot.choices or getattr(step, "type", None) != "question" or \
                snapshot.probes_used or any(note.step == step.id for note in snapshot.notes):
            return None
        mood_id = next(reversed(snapshot.choices))
        mood_step = machine.flow.step(mood_id)
        if getattr(mood_step, "records", None) != "mood" or \
                machine.next_step(mood_id, self._facts(snapshot, ctx)) is None:
            return None
        meant = taken_back(text)
        if meant is None:
            return None
        lang = ctx.language
        move = _Move(snapshot)
        if not meant:  # 'oeps, verkeerd geklikt'
            move.messages.append(self.texts.say(lang, "conversation.mood_again"))
            self._enter(_Turn(self, machine, move, ctx), mood_id)
            return self._finish(move, text)
        kind = kind_of(mood_step)
        assert kind.ask is not None and kind.answer is not None
        at_mood = _Move(snapshot)
        kind.ask(_Turn(self, machine, at_mood, ctx), mood_step)
        at_mood.snap.step, at_mood.snap.last_turn = mood_id, at_mood.turn()
        chosen = self._step(machine, at_mood.snap, mood_step, Said(meant), ctx)
        if not chosen.accepted or chosen.snapshot.choices[mood_id] == snapshot.choices[mood_id]:
            return None
        value = chosen.snapshot.choices[mood_id]
        label = next(o.label for o in at_mood.options if o.value == value)
        said = self.texts.say(lang, "conversation.mood_corrected", mood=label)
        turn = chosen.turn.model_copy(update={"messages": [said, *chosen.turn.messages]})
        chosen.snapshot.last_turn = turn
        events = tuple(dataclasses.replace(e, text=text) if isinstance(e, AnswerGiven) else e
                       for e in chosen.events)  # the words typed at the choice: all of them
        return dataclasses.replace(chosen, turn=turn, events=events, student_text=text)

    def _no_internship_today(self, snapshot: Snapshot, step: AnyStep, ctx: Context,
                             text: str) -> Outcome | None:
        """'ik had vandaag geen stage?' asked how today's internship day went (a user trial
        got the same question back, twice): the words are kept, and the day's mood is asked
        about their last internship day."""
        if getattr(step, "records", None) != "mood" or "no_internship" in snapshot.noted or \
                snapshot.last_turn is None or not no_internship_today(text):
            return None
        move = _Move(snapshot)
        move.snap.noted.append("no_internship")
        move.events.append(AnswerGiven(snapshot.step, None, text, "said_at_choice"))
        last = snapshot.last_turn
        move.ask(self.texts.say(ctx.language, "conversation.no_internship_today"),
                 list(last.options), last.expects)
        return self._finish(move, text)

    def _done_early(self, snapshot: Snapshot, ctx: Context, text: str) -> Outcome | None:
        """'ik heb het al gedaan' after 'Je wilde nog: ...': the action done before its day is
        marked done, and the question asked again."""
        action = ctx.open_action
        if action is None or action.due is None or action.due <= ctx.today or \
                "done_early" in snapshot.noted or not done_after_all(text):
            return None
        move = _Move(snapshot)
        move.snap.noted.append("done_early")
        move.events.append(ActionReviewed(action.id, outcome="done"))
        move.messages.append(self.texts.say(ctx.language, "action.done_after_all"))
        if snapshot.last_turn is not None:
            move.ask_again(snapshot.last_turn)
        return self._finish(move, text)

    def _pause(self, snapshot: Snapshot, ctx: Context, text: str,
               key: str = "conversation.paused") -> Outcome:
        """The student asked to stop for now: their words are kept, the question they were
        at is where they come back to."""
        move = _Move(snapshot)
        move.messages.append(self.texts.say(ctx.language, key))
        move.expects = "none"
        outcome = self._finish(move, text)
        outcome.snapshot.last_turn = snapshot.last_turn
        outcome.snapshot.paused = True
        return outcome

    def _which_stop(self, snapshot: Snapshot, ctx: Context, text: str,
                    hits: list[Hit]) -> Outcome:
        """'ik wil stoppen', 'ik kap ermee': with this chat or with the internship? Asked,
        with buttons; the words are kept, and only a student who means the internship is
        reported as wanting to quit (a user trial: 'stop the chat' reached the mentor as
        quitting). Other concerns in the words are passed on as always."""
        move = _Move(snapshot)
        snap = move.snap
        snap.stop_words, snap.stop_question = text, snapshot.last_turn
        others = [hit for hit in hits if hit.kind != "quit"]
        move.ask(self.texts.say(ctx.language, "conversation.stop_which"),
                 self._stop_options(ctx))
        outcome = self._finish(move, text)
        return self._with_concerns(outcome, snapshot, ctx, text, others) if others else outcome

    def _stop_options(self, ctx: Context) -> list[OptionView]:
        say = self.texts.say
        return [OptionView(value=key, label=say(ctx.language, f"conversation.stop_{key}"))
                for key in STOP_CHOICES]

    def _after_which_stop(self, machine: FlowMachine, snapshot: Snapshot, step: AnyStep,
                          given: Input, ctx: Context, hits: list[Hit]) -> Outcome:
        """The answer to 'met dit gesprek, of met je stage?'."""
        raw = self.texts.raw
        also = {key: list(variants_of(raw(ctx.language, f"conversation.stop_also.{key}")))
                for key in STOP_CHOICES}
        found = self._match(given, self._stop_options(ctx), many_=False, also=also)
        both = set(variants_of(raw(ctx.language, "conversation.stop_both")))
        if isinstance(given, Said) and without_tags(" ".join(words_of(given.text))) in both:
            found = ["both"]  # 'allebei eigenlijk lol': the internship, and this chat for now
        words = snapshot.stop_words or ""
        waiting = snapshot.model_copy(deep=True)
        waiting.stop_words, waiting.stop_question = None, None
        waiting.last_turn = snapshot.stop_question or snapshot.last_turn
        if isinstance(found, str):  # an answer to the question they were at: on with it
            if isinstance(given, Pressed):
                return self._refuse(snapshot, ctx, found)
            outcome = self._step(machine, waiting, step, given, ctx)
            return self._with_concerns(outcome, waiting, ctx, given.text, hits) \
                if hits and isinstance(given, Said) else outcome
        student = given.text if isinstance(given, Said) else self.texts.say(
            ctx.language, f"conversation.stop_{found[0]}")
        if found[0] == "chat":
            return self._pause(waiting, ctx, student)
        move = _Move(waiting)
        if found[0] == "both":
            paused = self._pause(waiting, ctx, student)
            quit_hit = self.screener.hit_for("quit", "asked") if self.screener else None
            if quit_hit is None:
                return paused
            turn = paused.turn.model_copy(update={"messages": [
                self.texts.say(ctx.language, "safety.concern"), *paused.turn.messages]})
            return dataclasses.replace(paused, turn=turn, events=(
                *paused.events, flag_of(quit_hit),
                AnswerGiven(snapshot.step, None, words, "said_at_choice")))
        if found[0] == "internship":
            quit_hit = self.screener.hit_for("quit", "asked") if self.screener else None
            if quit_hit is not None:
                move.events.append(flag_of(quit_hit))
                move.messages.append(self.texts.say(ctx.language, "safety.concern"))
            move.events.append(AnswerGiven(snapshot.step, None, words, "said_at_choice"))
        last = waiting.last_turn
        if last is not None:
            move.ask_again(last)
        return self._finish(move, student)

    def _with_concerns(self, outcome: Outcome, snapshot: Snapshot, ctx: Context, text: str,
                       hits: list[Hit]) -> Outcome:
        """Concerns go to the mentor's overview; the student is told so, and talks on. A
        request for the mentor once a conversation ('mijn mentor dus' after asking is not a
        second request); every other concern each time it is told, so that the mentor sees
        every turn that holds one."""
        base = outcome.snapshot if outcome.accepted else snapshot.model_copy(deep=True)
        new = [hit for hit in hits
               if hit.action != "mentor_request" or hit.rule not in base.flagged]
        base.flagged += [hit.rule for hit in new if hit.action == "mentor_request"]
        if any(hit.action != "mentor_request" for hit in new) and "concern" not in base.noted:
            base.noted.append("concern")  # the goodbye is gentle (bot/core/summary.py)
        keys = dict.fromkeys("safety.mentor_request" if hit.action == "mentor_request"
                             else "safety.concern" for hit in new) or ["safety.passed_on"]
        notes = [self.texts.say(ctx.language, key) for key in keys]
        flags: tuple[Event, ...] = tuple(flag_of(hit) for hit in new)
        heavy = next((k for k in _HEAVY_CONCERNS if any(hit.kind == k for hit in new)), None)
        if heavy is not None and "heavy" not in base.noted:
            # no food at home, bullying: the next conversation first asks how they are now,
            # as after the helplines (the kind is kept, never their words)
            base.noted.append("heavy")
            flags += (FactNoted("heavy", heavy),)
        if outcome.accepted:  # the note thanks them: no cheerful "Helder, dank je." after it
            cheerful = {m for key in ("ack", "listen.plain")
                        for m in variants_of(self.texts.raw(ctx.language, key))}
            said = [m for m in outcome.turn.messages if m not in cheerful]
            if heavy is not None and said:
                # not 'De kindjes zijn lief, hoor ik.' after 'ze negeren me', nor 'Wat zegt dat
                # over jou?' after 'thuis is er niks te eten' (user trials): heard, and asked
                # whether they want to say more, when the question stays
                asking = said[-1]
                if outcome.snapshot.step == snapshot.step and outcome.turn.expects == "text":
                    asking = self.texts.say(ctx.language, "safety.say_more")
                notes = [self.texts.say(ctx.language, f"safety.heard_{heavy}"), *notes]
                said = [asking]
            turn = outcome.turn.model_copy(update={"messages": notes + said})
            outcome.snapshot.last_turn = turn
            return Outcome(outcome.snapshot, turn, outcome.events + flags,
                           student_text=outcome.student_text)
        # The step could not use these words, but they still count: keep and flag them.
        turn = outcome.turn.model_copy(update={"messages": notes + outcome.turn.messages[-1:]})
        return Outcome(base, turn, flags, accepted=True, student_text=text)

    def _hold_options(self, ctx: Context) -> list[OptionView]:
        return [OptionView(value=key, label=self.texts.say(ctx.language, f"safety.{key}"))
                for key in HOLD_CHOICES]

    def _mentor_choice(self, given: Input, ctx: Context) -> list[str] | str:
        """Yes or no to the mentor: a button, its label, or a yes or no in the student's words
        ('nee hoeft nie', 'nope': a user trial got the same question back each time)."""
        found = self._match(given, self._mentor_options(ctx), many_=False)
        if isinstance(found, str) and isinstance(given, Said):
            meant = yes_or_no(given.text)
            if meant is not None:
                return [MENTOR_YES if meant == "yes" else MENTOR_NO]
            if says_not_sure(given.text) or re.match(r"(?:misschien|maybe|weet niet|idk|later)\b",
                                                    given.text.strip().lower()):
                return [MENTOR_NO]  # 'kweenie', 'misschien': not now; the no says how, later
        return found

    def _mentor_options(self, ctx: Context) -> list[OptionView]:
        return [OptionView(value=MENTOR_YES, label=self.texts.say(ctx.language,
                                                                  "heard.mentor_yes")),
                OptionView(value=MENTOR_NO, label=self.texts.say(ctx.language, "heard.mentor_no"))]

    # -- step types ----------------------------------------------------------------------

    def _step(self, machine: FlowMachine, snapshot: Snapshot, step: AnyStep, given: Input,
              ctx: Context) -> Outcome:
        """What the current step does with a clean input: its kind's `answer`."""
        move = _Move(snapshot)
        if snapshot.phase == "offer_mentor":
            return self._mentor_offer(machine, move, snapshot, given, ctx)
        answer = kind_of(step).answer
        if answer is None:
            raise FlowError(f"step '{step.id}' does not wait for an answer")
        return answer(_Turn(self, machine, move, ctx, snapshot), step, given)

    def _move_on(self, machine: FlowMachine, move: _Move, ctx: Context,
                 heard: Understanding | None) -> None:
        """Leave a question; after a hard day or a doubt, first offer the mentor (once)."""
        snap = move.snap
        low_day = self._low_day(machine, snap)
        worried = heard is not None and (heard.doubt or heard.wish in ("quit", "other_study")
                                         or heard.negative_self)
        if (worried or low_day) and not snap.offered_mentor and not snap.flagged:
            snap.offered_mentor = True  # (not when the student asked for the mentor already)
            snap.phase = "offer_mentor"
            move.ask(self.texts.say(ctx.language, "heard.offer_mentor"),
                     self._mentor_options(ctx))
            return
        self._advance(machine, move, ctx)

    def _mentor_offer(self, machine: FlowMachine, move: _Move, snapshot: Snapshot,
                      given: Input, ctx: Context) -> Outcome:
        found = self._mentor_choice(given, ctx)
        student = given.text if isinstance(given, Said) else _label(
            given.value if isinstance(given, Pressed) else "", snapshot)
        if isinstance(found, str):
            if isinstance(given, Said):  # their words are kept, and the question stays
                move.events.append(AnswerGiven(snapshot.step, None, given.text, "said_at_choice"))
                move.messages.append(self.texts.say(ctx.language, "choice.kept_words"))
                move.ask(self.texts.say(ctx.language, "heard.offer_mentor"),
                         self._mentor_options(ctx))
                return self._finish(move, student)
            return self._refuse(snapshot, ctx, found)
        if found[0] == MENTOR_YES:
            move.events += self.mentor_flags(move.snap)
            move.messages.append(self.texts.say(ctx.language, "heard.mentor_asked"))
        else:
            move.messages.append(self.texts.say(ctx.language, "heard.mentor_not_now"))
        self._advance(machine, move, ctx)
        return self._finish(move, student)

    def _note_facts(self, move: _Move, heard: Understanding, text: str) -> None:
        """What the student said that matters next time: a doubt, a wish (once each)."""
        snap = move.snap
        facts = []
        if heard.doubt or heard.wish in ("quit", "other_study"):
            facts.append(("doubt", quote(without_tags(text), 140)))
        if heard.people:
            facts.append(("person", heard.people[0]))
        for kind, said in facts:
            if kind not in snap.noted:
                snap.noted.append(kind)
                move.events.append(FactNoted(kind, said))

    def _kept_at_choice(self, move: _Move, snapshot: Snapshot, text: str,
                        ctx: Context) -> Outcome:
        """Words at a choice that mean no option: kept, answered, and the choice again; from
        the second time, with plain words on how to choose (a user trial answered 'Hoe ging
        dat?' four times in words and got the same question back each time)."""
        move.events.append(AnswerGiven(snapshot.step, None, text, "said_at_choice"))
        last = snapshot.last_turn
        move.snap.struggles += 1
        if move.snap.struggles >= 2 and last is not None and last.options:
            numbers = ", ".join(str(o.number or i) for i, o in enumerate(last.options, 1))
            move.messages.append(self.texts.say(ctx.language, "choice.kept_again",
                                                numbers=numbers))
            move.ask_again(last)
            return self._finish(move, text)
        heard = understand(text, ctx.language)
        ack = self.listener.acknowledge(heard, ctx.language, ctx.conversation_number)
        move.messages.append(ack or self.texts.say(ctx.language, "choice.kept_words"))
        if last is not None:
            move.ask_again(last)
        return self._finish(move, text)

    # -- moving along the flow ---------------------------------------------------------

    def _advance(self, machine: FlowMachine, move: _Move, ctx: Context,
                 chosen: str | None = None) -> None:
        facts = self._facts(move.snap, ctx, chosen)
        self._enter(_Turn(self, machine, move, ctx),
                    machine.next_step(move.snap.step, facts))

    def _enter(self, turn: _Turn, step_id: str) -> None:
        """Walk into a step and on through steps that need no answer, until one does; a step
        that needs none and leads nowhere ends the conversation."""
        machine, move, ctx = turn.machine, turn.move, turn.ctx
        for _ in range(MAX_HOPS):
            snap = move.snap
            snap.step, snap.probes_used, snap.phase, snap.tries = step_id, 0, "ask", 0
            snap.struggles = 0
            step = machine.flow.step(step_id)
            competency = getattr(step, "competency", None)
            if competency and competency not in snap.started_topics:
                snap.started_topics.append(competency)
            kind = kind_of(step)
            if kind.ask is not None:
                kind.ask(turn, step)
                return
            if kind.enter is not None:
                kind.enter(turn, step)
            if machine.is_terminal(step_id):
                self._complete(move, ctx)
                return
            step_id = machine.next_step(step_id, self._facts(snap, ctx))
        raise FlowError(f"flow '{machine.flow.flow}' went round more than {MAX_HOPS} steps "
                        "without asking anything")

    def _complete(self, move: _Move, ctx: Context) -> None:
        snap = move.snap
        if snap.action is None:
            raise FlowError("the flow ended without an action; validation should prevent this")
        snap.mode = LIFECYCLE.move(snap.mode, "complete")
        if snap.vague_answers >= MANY_VAGUE:
            move.events += [f for f in [self.derived("veel_weet_niet")] if f]
        if snap.action.kind == "vague" and ctx.weak_actions_before + 1 >= WEAK_ACTIONS:
            move.events += [f for f in [self.derived("geen_echte_actie")] if f]

    # -- helpers ---------------------------------------------------------------------------

    def _finish(self, move: _Move, student_text: str | None = None) -> Outcome:
        turn = move.turn()
        move.snap.last_turn = turn
        return Outcome(move.snap, turn, tuple(move.events), student_text=student_text)

    def _refuse(self, snapshot: Snapshot, ctx: Context, key: str, **values: object) -> Outcome:
        """A clear answer to input we cannot use, and the question again; nothing changes."""
        message = self.texts.render(ctx.language, key, values)
        last = snapshot.last_turn
        if last is None:
            return Outcome(snapshot, BotTurn(messages=[message]), accepted=False, refusal=key)
        turn = last.model_copy(update={"messages": [message, last.messages[-1]]})
        return Outcome(snapshot, turn, accepted=False, refusal=key)

    def _facts(self, snap: Snapshot, ctx: Context, chosen: str | None = None) -> Facts:
        waiting = [t for t in snap.topics if t not in snap.started_topics]
        action = ctx.open_action
        return Facts(has_open_action=action is not None,
                     next_topic=waiting[0] if waiting else None,
                     choices=dict(snap.choices), chosen=chosen,
                     action_due=action is not None and (action.due is None
                                                        or action.due <= ctx.today),
                     remembers=frozenset(ctx.memory))

    @staticmethod
    def _low_day(machine: FlowMachine, snap: Snapshot) -> bool:
        """The student chose an option that declares the low mood, in this conversation."""
        return any(snap.choices.get(step) == value
                   for step, value in low_options(machine.flow.steps))

    def _topic(self, lang: str, key: str) -> str:
        return self.texts.say(lang, f"competencies.{key}")

    def _text(self, step: Texted, ctx: Context, snap: Snapshot | None = None) -> str:
        if step.text is not None:
            template = pick(step.text[ctx.language], ctx.conversation_number)
        else:
            assert step.prompt is not None
            template = pick(self.texts.raw(ctx.language, step.prompt), ctx.conversation_number)
        return self._fill(template, ctx, snap, question=getattr(step, "type", "") == "question")

    def _fill(self, template: str, ctx: Context, snap: Snapshot | None = None,
              question: bool = False) -> str:
        if question and snap is not None and "no_internship" in snap.noted:
            template = self._that_day(template, ctx.language)
        action = ctx.open_action
        due = self.texts.date(ctx.language, action.due) if action and action.due else ""
        moment = snap.moment_phrase if snap and snap.moment_phrase else ""
        # the student's words go in quotes that the template closes: no 'goed.”.'
        return fill(template, {"action": action.text.rstrip(_END_MARKS) if action else "",
                               "action_due": due, "name": ctx.name,
                               "doubt": ctx.memory.get("doubt", "").rstrip(_END_MARKS),
                               "moment": moment})

    def _that_day(self, template: str, lang: str) -> str:
        """A question about 'today' asked about the last internship day instead ('Welk moment
        van vandaag' -> 'Welk moment van die dag'), after 'ik had vandaag geen stage'."""
        today, that_day = (self.texts.say(lang, f"conversation.{k}") for k in ("today_word",
                                                                              "that_day"))
        return re.sub(rf"\b{re.escape(today)}\b", lambda m: that_day[:1].upper() + that_day[1:]
                      if m[0][:1].isupper() else that_day, template, flags=re.IGNORECASE)

    def _match(self, given: Input, options: list[OptionView], many_: bool,
               also: Mapping[str, Sequence[str]] | None = None,
               moods: Mapping[str, str] | None = None) -> list[str] | str:
        """Option values the student meant, or the prompt key of what to say instead."""
        values = [o.value for o in options]
        if isinstance(given, Pressed):
            return [given.value] if given.value in values else "input.stale_button"
        assert isinstance(given, Said)
        found = match_one(given.text, options)
        if found is not None:
            return [found]
        if YOU_CHOOSE in values and means_any(given.text, self.lexicons):
            return [YOU_CHOOSE]
        if ENOUGH in values and (any(lexicon.means(given.text, lexicon.enough)
                                     for lexicon in self.lexicons.values())
                                 or yes_or_no(given.text) == "no"):  # 'nee hoeft nie'
            return [ENOUGH]
        if also is not None or moods is not None:  # a flow's choice: its words, its moods
            by = by_words(given.text, options, also or {}, moods or {})
            if by is not None:
                return [by]
        if many_:
            several = many(given.text, options)
            if several:
                return several
        number = given.text.strip().rstrip(".)")
        if number.isdecimal():
            return "input.option_out_of_range"
        return "input.choose_option"


_HOLD_STAGES = {"held": "choose", "checking_in": "check_in", "offering_mentor": "offer_mentor"}


def position(snapshot: Snapshot) -> str:
    """A short token for the question a conversation is at; buttons carry it."""
    stage = _HOLD_STAGES.get(snapshot.mode)  # as before the lifecycle: buttons stay valid
    where = f"{snapshot.step}/{snapshot.phase}/{'hold' + stage if stage else ''}/{snapshot.tries}"
    return format(zlib.crc32(where.encode()), "08x")


def flag_of(hit: Hit) -> FlagRaised:
    return FlagRaised(hit.rule, hit.level, hit.reason, hit.action)


_END_MARKS = " .!?;,"


def _label(value: str, snapshot: Snapshot) -> str:
    options = snapshot.last_turn.options if snapshot.last_turn else []
    return next((o.label for o in options if o.value == value), value)
