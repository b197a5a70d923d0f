"""The dialogue engine: one snapshot and one input in, the next snapshot and a reply out.

Pure: no I/O, no clock (today comes in the Context), no storage. The flow's state machine
says where to go; this module says what each kind of step does with what the student typed.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from bot.core.competencies import COMPETENCIES, least_discussed
from bot.core.conversation import (
    ActionReviewed,
    ActionSet,
    AnswerGiven,
    BotTurn,
    Context,
    DraftAction,
    Event,
    Expects,
    FlagRaised,
    Input,
    Note,
    OptionView,
    Outcome,
    Pressed,
    Said,
    Snapshot,
)
from bot.core.flow import (
    ActionStep,
    AnyStep,
    BranchStep,
    Choice,
    CompetencyChoice,
    Message,
    Question,
    Summary,
    Texted,
)
from bot.core.machine import Facts, FlowError, FlowMachine
from bot.core.texts import Texts, fill, pick
from bot.core.understanding import DateReader, Lexicon, clean, fold
from bot.safety.rules import Helpline
from bot.safety.screening import Hit, Screener

HOLD_CHOICES = ("continue", "pause", "stop")
LOW_MOOD = "bad"  # the value of a mood option that counts as a very low mood
MANY_VAGUE = 3  # this many vague answers in one conversation is a concern
YOU_CHOOSE = "you_choose"
ENOUGH = "enough"
WHEN_CHOICES = ("tomorrow", "friday", "next_week", "two_weeks")
MAX_HOPS = 200
QUOTE_CHARS = 160
_SEPARATORS = re.compile(r"\s*(?:[,;/&+]|\ben\b|\band\b)\s*|\s+(?=\d)", re.IGNORECASE)


class _Move:
    """The work of one turn: a private copy of the snapshot and the reply being built."""

    def __init__(self, snapshot: Snapshot) -> None:
        # a deep copy; through plain data it is three times quicker than copy.deepcopy
        self.snap = Snapshot.model_validate(snapshot.model_dump())
        self.messages: list[str] = []
        self.options: list[OptionView] = []
        self.expects: Expects = "text"
        self.events: list[Event] = []

    def ask(self, text: str, options: list[OptionView] | None = None,
            expects: Expects | None = None) -> None:
        self.messages.append(text)
        self.options = options or []
        self.expects = expects or ("choice" if options else "text")

    def turn(self) -> BotTurn:
        done = self.snap.status == "completed"
        return BotTurn(messages=self.messages, options=[] if done else self.options,
                       expects="none" if done else self.expects, done=done,
                       at=position(self.snap))


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

    # -- the three things a channel asks ------------------------------------------------

    def start(self, machine: FlowMachine, ctx: Context) -> Outcome:
        """Open a new conversation at the flow's start."""
        move = _Move(Snapshot(step=machine.flow.start))
        self._enter(machine, move, ctx, machine.flow.start)
        return self._finish(move)

    def handle(self, machine: FlowMachine, snapshot: Snapshot, given: Input,
               ctx: Context) -> Outcome:
        """Take one input; a bad one gets a clear answer and changes nothing."""
        if snapshot.status != "active":
            return self._refuse(snapshot, ctx, "conversation.already_done")
        step = machine.flow.step(snapshot.step)
        if isinstance(given, Said):
            text = clean(given.text)
            if not text:
                return self._refuse(snapshot, ctx, "input.empty")
            if len(text) > self.max_input_chars:
                return self._refuse(snapshot, ctx, "input.too_long", max=self.max_input_chars,
                                    length=len(text))
            given = Said(text)
        elif not isinstance(given, Pressed):
            return self._refuse(snapshot, ctx, "input.unreadable")
        elif given.at is not None and given.at != position(snapshot):
            return self._refuse(snapshot, ctx, "input.stale_button")

        hits = self.screen(given.text) if isinstance(given, Said) else []
        if any(hit.level == "urgent" for hit in hits):
            assert isinstance(given, Said)
            return self._urgent(snapshot, ctx, given.text, hits)
        if snapshot.hold:
            return self._after_urgent(snapshot, ctx, given, hits)
        outcome = self._step(machine, snapshot, step, given, ctx)
        if hits:
            assert isinstance(given, Said)
            return self._with_concerns(outcome, snapshot, ctx, given.text, hits)
        return outcome

    def screen(self, text: str) -> list[Hit]:
        """Flag rules that fire on a student's text (none without a screener)."""
        return self.screener.screen(text) if self.screener else []

    def derived(self, rule_id: str) -> FlagRaised | None:
        """A flag the bot raises itself (no phrases), if the school keeps that rule."""
        rules = self.screener.rules.rules if self.screener else []
        rule = next((r for r in rules if r.id == rule_id), None)
        return FlagRaised(rule.id, rule.level, dict(rule.reason)) if rule else None

    def mentor_request(self) -> FlagRaised:
        """The flag for a student who asks for their mentor (by command, not in words)."""
        rules = self.screener.rules.rules if self.screener else []
        rule = next((r for r in rules if r.action == "mentor_request"), None)
        reason = dict(rule.reason) if rule else {
            lang: self.texts.say(lang, "mentor.request_reason") for lang in self.texts.languages}
        return FlagRaised(rule.id if rule else "mentor_gevraagd", "concern", reason,
                          "mentor_request")

    def emergency(self, language: str) -> list[str]:
        """The warm words and the helplines: what a student in danger gets first."""
        lines = [self.texts.say(language, "safety.helpline", name=line.name,
                                contact=line.contact.get(language)
                                or next(iter(line.contact.values())))
                 for line in self.helplines]
        return [self.texts.say(language, "safety.urgent"), "\n".join(lines),
                self.texts.say(language, "safety.mentor_will_see")]

    def _step(self, machine: FlowMachine, snapshot: Snapshot, step: AnyStep, given: Input,
              ctx: Context) -> Outcome:
        """What the current step does with a clean input."""
        move = _Move(snapshot)
        if isinstance(step, Question):
            if not isinstance(given, Said):
                return self._refuse(snapshot, ctx, "input.type_answer")
            self._question(machine, move, ctx, step, given.text)
            student = given.text
        elif isinstance(step, Choice | CompetencyChoice):
            options = (snapshot.last_turn.options if snapshot.last_turn else [])
            values = self._match(given, options, many=isinstance(step, CompetencyChoice)
                                 and snapshot.phase == "ask")
            if isinstance(values, str):
                return self._refuse(snapshot, ctx, values, n=len(options))
            student = ", ".join(o.label for o in options if o.value in values)
            if isinstance(step, Choice):
                self._choice(machine, move, ctx, step, values[0])
            else:
                self._competency_choice(machine, move, ctx, step, values)
        elif isinstance(step, ActionStep):
            answer = self._date_option(given, snapshot)
            if answer is None:
                return self._refuse(snapshot, ctx, "input.stale_button")
            self._action(machine, move, ctx, step, answer)
            assert isinstance(given, Said | Pressed)
            student = given.text if isinstance(given, Said) else _label(given.value, snapshot)
        else:
            raise FlowError(f"step '{step.id}' does not wait for an answer")
        return self._finish(move, student)

    # -- safeguarding ----------------------------------------------------------------------

    def _urgent(self, snapshot: Snapshot, ctx: Context, text: str, hits: list[Hit]) -> Outcome:
        """Helplines in this very turn; the reflection waits until the student chooses."""
        move = _Move(snapshot)
        snap = move.snap
        if not snap.hold:
            snap.held_turn = snapshot.last_turn
        snap.hold = True
        move.events += [flag_of(hit) for hit in hits]
        move.messages += self.emergency(ctx.language)
        move.ask(self.texts.say(ctx.language, "safety.choose"), self._hold_options(ctx))
        return self._finish(move, text)

    def _after_urgent(self, snapshot: Snapshot, ctx: Context, given: Input,
                      hits: list[Hit]) -> Outcome:
        """Go on, pause or stop: the student decides after an urgent flag."""
        options = self._hold_options(ctx)
        found = self._match(given, options, many=False)
        if isinstance(found, str) and isinstance(given, Pressed):
            return self._refuse(snapshot, ctx, found)
        move = _Move(snapshot)
        snap = move.snap
        move.events += [flag_of(hit) for hit in hits]
        say = self.texts.say
        if isinstance(found, str):  # more words: heard, and still the choice
            assert isinstance(given, Said)
            move.messages.append(say(ctx.language, "safety.heard"))
            move.ask(say(ctx.language, "safety.choose"), options)
            return self._finish(move, given.text)
        choice = found[0]
        held = snap.held_turn
        snap.hold, snap.held_turn = False, None
        student = given.text if isinstance(given, Said) else _label(choice, snapshot)
        if choice == "continue":
            move.messages.append(say(ctx.language, "safety.continued"))
            if held is not None:
                move.ask(held.messages[-1], list(held.options), held.expects)
            return self._finish(move, student)
        if choice == "stop":
            snap.status = "stopped"
        move.messages.append(say(ctx.language, {"pause": "safety.paused",
                                                "stop": "safety.stopped"}[choice]))
        move.expects = "none"
        outcome = self._finish(move, student)
        if choice == "pause" and held is not None:  # coming back shows the question again
            outcome.snapshot.last_turn = held
        return outcome

    def _with_concerns(self, outcome: Outcome, snapshot: Snapshot, ctx: Context, text: str,
                       hits: list[Hit]) -> Outcome:
        """Concerns go to the mentor's overview; the student is told so, and talks on."""
        keys = dict.fromkeys("safety.mentor_request" if hit.action == "mentor_request"
                             else "safety.concern" for hit in hits)
        notes = [self.texts.say(ctx.language, key) for key in keys]
        flags = tuple(flag_of(hit) for hit in hits)
        if outcome.accepted:
            turn = outcome.turn.model_copy(update={"messages": notes + outcome.turn.messages})
            outcome.snapshot.last_turn = turn
            return Outcome(outcome.snapshot, turn, outcome.events + flags,
                           student_text=outcome.student_text)
        # The step could not use these words, but they still count: keep and flag them.
        turn = outcome.turn.model_copy(update={"messages": notes + outcome.turn.messages[-1:]})
        return Outcome(snapshot, turn, flags, accepted=True, student_text=text)

    def _hold_options(self, ctx: Context) -> list[OptionView]:
        return [OptionView(value=key, label=self.texts.say(ctx.language, f"safety.{key}"))
                for key in HOLD_CHOICES]

    def welcome_back(self, snapshot: Snapshot, ctx: Context) -> BotTurn:
        """Show where a conversation stopped, when the student comes back to it."""
        last = snapshot.last_turn
        greeting = self.texts.say(ctx.language, "conversation.welcome_back",
                                  seed=ctx.conversation_number)
        if last is None:
            return BotTurn(messages=[greeting])
        return last.model_copy(update={"messages": [greeting, last.messages[-1]]})

    # -- step types ----------------------------------------------------------------------

    def _question(self, machine: FlowMachine, move: _Move, ctx: Context, step: Question,
                  text: str) -> None:
        snap = move.snap
        settings = machine.flow.settings
        probes = step.probes.get(ctx.language, [])
        limit = settings.max_probes if step.max_probes is None else step.max_probes
        vague = self._lexicon(ctx).is_vague(text, settings.min_answer_words)
        kind = "probe_answer" if snap.probes_used else "answer"
        if step.records == "moment":
            kind = "moment"
        move.events.append(AnswerGiven(step.id, step.competency, text, kind))
        if step.records == "action_learning" and ctx.open_action is not None:
            move.events.append(ActionReviewed(ctx.open_action.id, learning=text))
        if vague:
            snap.vague_answers += 1
        if not vague:
            snap.notes.append(Note(step=step.id, competency=step.competency,
                                   records=step.records, text=text))
        if vague and probes and snap.probes_used < limit:
            probe = pick(probes, ctx.conversation_number + snap.probes_used)
            snap.probes_used += 1
            move.ask(self._fill(probe, ctx))
            return
        key = "probe.move_on" if vague else "ack"
        move.messages.append(self.texts.say(ctx.language, key, seed=len(snap.notes)))
        self._advance(machine, move, ctx)

    def _choice(self, machine: FlowMachine, move: _Move, ctx: Context, step: Choice,
                value: str) -> None:
        move.snap.choices[step.id] = value
        if step.records == "action_outcome" and ctx.open_action is not None:
            move.events.append(ActionReviewed(ctx.open_action.id, outcome=value))
        if step.records == "mood":
            move.events.append(AnswerGiven(step.id, None, value, "mood"))
            if value == LOW_MOOD and ctx.previous_mood == LOW_MOOD:
                move.events += [f for f in [self.derived("stemming_laag")] if f]
        self._advance(machine, move, ctx, chosen=value)

    def _competency_choice(self, machine: FlowMachine, move: _Move, ctx: Context,
                           step: CompetencyChoice, values: list[str]) -> None:
        snap = move.snap
        lang = ctx.language
        if YOU_CHOOSE in values:
            pick_ = least_discussed(dict(ctx.competency_counts))
            snap.topics = [*snap.topics, pick_][: step.max_choices]
            move.messages.append(self.texts.say(lang, "competency_choice.picked_for_you",
                                                topic=self._topic(lang, pick_)))
            self._advance(machine, move, ctx)
            return
        chosen = [v for v in values if v != ENOUGH and v not in snap.topics]
        snap.topics = [*snap.topics, *chosen][: step.max_choices]
        if snap.phase == "ask" and len(snap.topics) < step.max_choices:
            snap.phase = "second_pick"
            remaining = [k for k in COMPETENCIES if k not in snap.topics]
            options = [OptionView(value=k, label=self._topic(lang, k)) for k in remaining]
            options.append(OptionView(value=ENOUGH,
                                      label=self.texts.say(lang, "competency_choice.enough")))
            move.ask(self.texts.say(lang, "competency_choice.another"), options)
            return
        self._advance(machine, move, ctx)

    def _action(self, machine: FlowMachine, move: _Move, ctx: Context, step: ActionStep,
                answer: str | date) -> None:
        snap = move.snap
        lang = ctx.language
        draft = snap.draft
        snap.tries += 1
        if isinstance(answer, date):
            draft.due = answer
        else:
            reading = self.dates.read(answer, ctx.today, lang)
            rest = clean(answer.replace(reading.matched, " ")) if reading.matched else answer
            concrete = not self._lexicon(ctx).is_vague(rest, machine.flow.settings.min_action_words)
            if concrete and snap.phase != "ask_when":
                draft.what = answer if reading.due else rest
            if reading.in_past:
                move.ask(self.texts.say(lang, "action.date_in_past", seed=snap.tries),
                         self._when_options(ctx), "date")
                snap.phase = "ask_when"
                return
            if reading.due is not None:
                draft.due = reading.due
        if draft.what and draft.due:
            snap.action = DraftAction(what=draft.what, due=draft.due)
            move.events.append(ActionSet(draft.what, draft.due))
            move.messages.append(self.texts.say(lang, "action.confirmed", action=draft.what,
                                                due=self.texts.date(lang, draft.due)))
            self._advance(machine, move, ctx)
        elif draft.what:
            snap.phase = "ask_when"
            move.ask(self.texts.say(lang, "action.ask_when", seed=snap.tries),
                     self._when_options(ctx), "date")
        else:
            snap.phase = "ask_what"
            key = "action.ask_what_after_date" if draft.due else "action.ask_what"
            due = self.texts.date(lang, draft.due) if draft.due else ""
            move.ask(self.texts.say(lang, key, seed=snap.tries, due=due))

    # -- moving along the flow ---------------------------------------------------------

    def _advance(self, machine: FlowMachine, move: _Move, ctx: Context,
                 chosen: str | None = None) -> None:
        facts = self._facts(move.snap, ctx, chosen)
        self._enter(machine, move, ctx, machine.next_step(move.snap.step, facts))

    def _enter(self, machine: FlowMachine, move: _Move, ctx: Context, step_id: str) -> None:
        """Walk into a step and on through steps that need no answer, until one does."""
        for _ in range(MAX_HOPS):
            snap = move.snap
            snap.step, snap.probes_used, snap.phase, snap.tries = step_id, 0, "ask", 0
            step = machine.flow.step(step_id)
            competency = getattr(step, "competency", None)
            if competency and competency not in snap.started_topics:
                snap.started_topics.append(competency)
            if isinstance(step, Summary):
                move.messages.append(self._summary(step, snap, ctx))
                self._complete(move)
                return
            if isinstance(step, Message):
                move.messages.append(self._text(step, ctx))
                if machine.is_terminal(step_id):
                    self._complete(move)
                    return
            elif not isinstance(step, BranchStep):
                self._ask(move, ctx, step, machine.flow.settings.open_questions_after)
                return
            step_id = machine.next_step(step_id, self._facts(snap, ctx))
        raise FlowError(f"flow '{machine.flow.flow}' went round more than {MAX_HOPS} steps "
                        "without asking anything")

    def _ask(self, move: _Move, ctx: Context, step: AnyStep, open_after: int) -> None:
        lang = ctx.language
        assert isinstance(step, Texted)
        grown = ctx.conversation_number > open_after
        if isinstance(step, Question) and step.open_text is not None and grown:
            text = self._fill(pick(step.open_text[lang], ctx.conversation_number), ctx)
        else:
            text = self._text(step, ctx)
        if isinstance(step, Choice):
            move.ask(text, [OptionView(value=o.value, label=o.label[lang]) for o in step.options])
        elif isinstance(step, CompetencyChoice):
            options = [OptionView(value=k, label=self._topic(lang, k)) for k in COMPETENCIES]
            options.append(OptionView(value=YOU_CHOOSE,
                                      label=self.texts.say(lang, "competency_choice.you_choose")))
            if any(ctx.competency_counts.values()):  # a tip only once there is history
                text += "\n" + self.texts.say(lang, "competency_choice.suggestion",
                                              topic=self._topic(lang, least_discussed(
                                                  dict(ctx.competency_counts))))
            move.ask(text, options)
        else:
            move.ask(text)

    def _complete(self, move: _Move) -> None:
        if move.snap.action is None:
            raise FlowError("the flow ended without an action; validation should prevent this")
        move.snap.status = "completed"
        if move.snap.vague_answers >= MANY_VAGUE:
            move.events += [f for f in [self.derived("veel_weet_niet")] if f]

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
        return Facts(has_open_action=ctx.open_action is not None,
                     next_topic=waiting[0] if waiting else None,
                     choices=dict(snap.choices), chosen=chosen)

    def _lexicon(self, ctx: Context) -> Lexicon:
        return self.lexicons[ctx.language]

    def _topic(self, lang: str, key: str) -> str:
        return self.texts.say(lang, f"competencies.{key}")

    def _text(self, step: Texted, ctx: Context) -> str:
        if step.text is not None:
            template = pick(step.text[ctx.language], ctx.conversation_number)
        else:
            assert step.prompt is not None
            template = pick(self.texts.raw(ctx.language, step.prompt), ctx.conversation_number)
        return self._fill(template, ctx)

    def _fill(self, template: str, ctx: Context) -> str:
        action = ctx.open_action
        due = self.texts.date(ctx.language, action.due) if action and action.due else ""
        return fill(template, {"action": action.text if action else "", "action_due": due,
                               "name": ctx.name})

    def _match(self, given: Input, options: list[OptionView], many: bool) -> list[str] | str:
        """Option values the student meant, or the prompt key of what to say instead."""
        values = [o.value for o in options]
        if isinstance(given, Pressed):
            return [given.value] if given.value in values else "input.stale_button"
        assert isinstance(given, Said)
        found = _match_one(given.text, options)
        if found is not None:
            return [found]
        lexicon_hit = self._lexicon_choice(given.text, values)
        if lexicon_hit:
            return [lexicon_hit]
        if many:
            parts = [p for p in _SEPARATORS.split(given.text) if p and p.strip()]
            matched = [_match_one(p, options) for p in parts]
            if len(parts) > 1 and all(matched):
                return list(dict.fromkeys(m for m in matched if m))
        number = given.text.strip().rstrip(".)")
        if number.isdecimal():
            return "input.option_out_of_range"
        return "input.choose_option"

    def _lexicon_choice(self, text: str, values: list[str]) -> str | None:
        for lexicon in self.lexicons.values():
            if YOU_CHOOSE in values and lexicon.means(text, lexicon.you_choose):
                return YOU_CHOOSE
            if ENOUGH in values and lexicon.means(text, lexicon.enough):
                return ENOUGH
        return None

    def _when_options(self, ctx: Context) -> list[OptionView]:
        """Quick date choices; the value is the ISO date, so a late tap means what it said."""
        options = []
        for key in WHEN_CHOICES:
            day = _when(key, ctx.today)
            label = self.texts.say(ctx.language, f"action.when.{key}",
                                   date=self.texts.date(ctx.language, day))
            options.append(OptionView(value=day.isoformat(), label=label))
        return options

    def _date_option(self, given: Input, snapshot: Snapshot) -> str | date | None:
        """In the action step: a pressed or typed quick date, else the typed text."""
        if snapshot.phase == "ask_when" and snapshot.last_turn is not None:
            found = self._match(given, snapshot.last_turn.options, many=False)
            if isinstance(found, list):
                return date.fromisoformat(found[0])
        return given.text if isinstance(given, Said) else None

    def _summary(self, step: Summary, snap: Snapshot, ctx: Context) -> str:
        lang = ctx.language
        lines = [self._text(step, ctx)]
        moment = " ".join(n.text for n in snap.notes if n.records == "moment")
        if moment:
            lines.append(self.texts.say(lang, "summary.moment", text=_quote(moment)))
        for key in snap.topics:
            said = " ".join(n.text for n in snap.notes if n.competency == key)
            if said:
                lines.append(self.texts.say(lang, "summary.competency",
                                            topic=self._topic(lang, key), text=_quote(said)))
        if snap.action and snap.action.what and snap.action.due:
            lines.append(self.texts.say(lang, "summary.action", action=snap.action.what,
                                        due=self.texts.date(lang, snap.action.due)))
        lines.append(self.texts.say(lang, "summary.goodbye", seed=ctx.conversation_number))
        return "\n".join(lines)


def position(snapshot: Snapshot) -> str:
    """A short token for the question a conversation is at; buttons carry it."""
    where = f"{snapshot.step}/{snapshot.phase}/{'hold' if snapshot.hold else ''}"
    return format(zlib.crc32(where.encode()), "08x")


def flag_of(hit: Hit) -> FlagRaised:
    return FlagRaised(hit.rule, hit.level, hit.reason, hit.action)


def _label(value: str, snapshot: Snapshot) -> str:
    options = snapshot.last_turn.options if snapshot.last_turn else []
    return next((o.label for o in options if o.value == value), value)


def _when(key: str, today: date) -> date:
    if key == "tomorrow":
        return today + timedelta(days=1)
    if key == "friday":
        days = (4 - today.weekday()) % 7 or 7
        return today + timedelta(days=days)
    if key == "next_week":
        return today + timedelta(days=7 - today.weekday())
    return today + timedelta(days=14)


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1].rstrip() + "…"


def _match_one(text: str, options: list[OptionView]) -> str | None:
    """One option meant by a number, a label, an option's emoji, or a clear start of a label."""
    raw = text.strip()
    number = raw.rstrip(".)")
    if number.isdecimal():  # not isdigit: "²" is a digit int() refuses
        index = int(number) - 1
        return options[index].value if 0 <= index < len(options) else None
    folded = fold(raw)
    for option in options:
        if folded and folded in (fold(option.label), fold(option.value.replace("_", " "))):
            return option.value
    if not folded:  # only emoji or symbols: the option whose label starts with them
        hits = [o.value for o in options if o.label.startswith(raw)]
        return hits[0] if len(hits) == 1 else None
    if len(folded) >= 3:
        hits = [o.value for o in options if fold(o.label).startswith(folded)
                or any(word.startswith(folded) for word in fold(o.label).split())]
        if len(hits) == 1:
            return hits[0]
    return None
