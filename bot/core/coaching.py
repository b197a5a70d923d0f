"""Action coaching: the student sets a real next step of their own, with a day. Pure.

A step ("morgen vraag ik Sandra om feedback") is kept exactly as the student wrote it and
needs a day; a good intention without a deed ("beter mijn best doen") gets help: what would
it look like tomorrow, with two or three example steps that fit what they talked about; a
doubt or a feeling is heard first and may become "talk to my mentor"; a day is never asked
about something that is not a step. Dates are read as students write them, with the school's
holidays and internship days; a hedge ("morgen misschien") is asked about once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.core.conversation import ActionSet, Context, DraftAction, OptionView, Pressed, Said
from bot.core.texts import Texts, fill, pick
from bot.language.actions import ActionJudgement, judge
from bot.language.correcting import meant_instead
from bot.language.dates import DateReader, DateReading
from bot.language.text import words

MENTOR_STEP = "mentor_step"
OWN_STEP = "own_step"
CONFIRM = "confirm_day"
OTHER_DAY = "other_day"
EXAMPLE = "example:"
HOLIDAY_DAYS = 35  # how far past a holiday the "after the holiday" day is looked for
_YES_NO = {**dict.fromkeys(("ja", "ja hoor", "jep", "jup", "ja prima", "klopt", "oke", "ok",
                            "okay", "prima", "goed", "is goed", "yes", "yep", "sure", "fine",
                            "ja dat klopt", "ja zeker", "zeker", "yes please"), CONFIRM),
           **dict.fromkeys(("nee", "neen", "no", "nope", "andere dag", "een andere dag",
                            "another day", "other day", "liever niet"), OTHER_DAY)}
# 'huh ik heb dan gewoon stage': the day is fine after all (a user trial had these words
# kept as the step itself)
_KEEP_DAY = re.compile(
    r"\b(?:(?:ik )?(?:heb|hebben|have) (?:\w+ ){0,2}(?:gewoon |toch |wel |just )?(?:stage|werk|"
    r"school|internship|work)|(?:ik )?werk (?:er |dan |daar )?(?:gewoon|toch|wel)|(?:ik )?(?:ben|"
    r"moet) (?:er |dan |daar )?(?:gewoon|toch|wel) (?:\w+ )?(?:stage|werken|heen|daar|er)|"
    r"(?:gewoon|toch|just) (?:die|that) (?:dag|day)|that day is fine|i (?:have|work|am working) "
    r"(?:then|that day))\b")
ACCEPT_VAGUE_AFTER = 2  # after this much help, the student's own words are noted as they are


@dataclass
class Turn:
    """What the coach says back, and whether the action is now set."""

    messages: list[str]
    options: list[OptionView]
    expects: str = "text"
    set: ActionSet | None = None
    mentor_request: bool = False  # the student chose to talk to their mentor


class Coach:
    """Leads the action step: what, when, and help where it is needed."""

    def __init__(self, texts: Texts, dates: DateReader) -> None:
        self.texts = texts
        self.dates = dates

    def take(self, draft: DraftAction, phase: str, helped: int, given: Said | Pressed,
             ctx: Context, topics: list[str], reschedules: bool,
             label: str = "") -> tuple[Turn, str, int]:
        """One answer at the action step: (the reply, the new phase, times helped). `label` is
        the text of a pressed button. When the step `reschedules` the previous action, a day
        it names in its words is taken out, so that its text and its new day agree."""
        turn, phase, helped = self._take(draft, phase, helped, given, ctx, topics, reschedules,
                                         label)
        if reschedules and turn.set is not None:
            what = self.dates.without_day(turn.set.text, ctx.today, ctx.language, ctx.school)
            turn.set = ActionSet(what, turn.set.due, turn.set.kind)
            turn.messages = [self._say(ctx.language, "action.rescheduled", helped, action=what,
                                       due=self.texts.date(ctx.language, turn.set.due))]
        return turn, phase, helped

    def _take(self, draft: DraftAction, phase: str, helped: int, given: Said | Pressed,
              ctx: Context, topics: list[str], reschedules: bool,
              label: str) -> tuple[Turn, str, int]:
        lang = ctx.language
        if isinstance(given, Pressed):
            return self._pressed(draft, phase, helped, given, ctx, topics, label)
        text = meant_instead(given.text.strip())  # '..., nee wacht, ik vraag ...'
        if phase == "confirm_when":  # 'ja' / 'nee' typed instead of pressed
            answer = _YES_NO.get(" ".join(words(text)))
            said = " ".join(words(text))
            after = _after_holiday(draft.due, ctx)
            if answer is None and after is not None and re.search(
                    r"\b(?:na|after) (?:de |the )?(?:vakantie|holiday|holidays|break)\b", said):
                answer = after.isoformat()  # 'nee, na de vakantie': the day offered for it
            if answer is None and self.dates.read(text, ctx.today, lang, ctx.school).due is None:
                answer = CONFIRM if _KEEP_DAY.search(said) else \
                    OTHER_DAY if re.match(r"(?:nee|neen|no|nope)\b", said) else None
            if answer is not None:
                return self._pressed(draft, phase, helped, Pressed(answer), ctx, topics, text)
        reading = self.dates.read(text, ctx.today, lang, ctx.school)
        judgement = judge(text, reading) if not reschedules else ActionJudgement("not_action",
                                                                                "date_only")
        dated = phase in ("ask_when", "confirm_when") or reschedules
        if dated and not judgement.is_step:
            return self._when(draft, reading, ctx, helped, tried=True)
        if judgement.is_step:
            draft.what, draft.kind = text, "step"
            if reading.in_past:  # 'gisteren vraag ik ...': a new day is asked; not kept
                draft.what = self.dates.without_day(text, ctx.today, lang, ctx.school)
            return self._when(draft, reading, ctx, helped)
        if judgement.label == "vague":
            if reading.due:
                draft.due, draft.hedged = reading.due, reading.hedge or _unplanned_holiday(
                    reading, ctx)
            if helped >= ACCEPT_VAGUE_AFTER:
                draft.what, draft.kind = text, "vague"
                return self._when(draft, reading, ctx, helped)
            return self._help(lang, "coach.vague", ctx, topics, judgement, helped), "ask_what", \
                helped + 1
        return self._not_an_action(draft, judgement, reading, phase, helped, ctx, topics)

    # -- answers that are not a step -------------------------------------------------------

    def _not_an_action(self, draft: DraftAction, judgement: ActionJudgement,
                       reading: DateReading, phase: str, helped: int, ctx: Context,
                       topics: list[str]) -> tuple[Turn, str, int]:
        lang = ctx.language
        why = judgement.why
        if why == "date_only":
            if draft.what:
                return self._when(draft, reading, ctx, helped)
            if reading.in_past:
                return self._past(reading, ctx), "ask_what", helped
            draft.due, draft.when_said = reading.due, reading.event
            draft.hedged = reading.hedge or _unplanned_holiday(reading, ctx)
            day = self.texts.date(lang, reading.due) if reading.due else \
                reading.event or reading.matched  # 'na de toets', 'als ik weer stage heb'
            key = "coach.date_only" if day else "coach.ask_what"
            return Turn([self._say(lang, key, helped, due=day)], []), "ask_what", helped
        if why in ("doubt", "feeling"):
            options = [OptionView(value=MENTOR_STEP, label=self._say(lang, "coach.mentor_step")),
                       OptionView(value=OWN_STEP, label=self._say(lang, "coach.own_step"))]
            return Turn([self._say(lang, f"coach.{why}", helped)], options, "text"), \
                "heard", helped
        if phase in ("ask_when", "confirm_when") and draft.what:
            return self._when(draft, reading, ctx, helped)
        key = {"done": "coach.done_already", "question": "coach.what_is_a_step",
               "agreed": "coach.which_one",
               "vague_time": "coach.vague", "refusal": "coach.refusal"}.get(why, "coach.dont_know")
        if why in ("dont_know", "refusal") and helped >= 2:
            # 'niks' again and again: a way out that loses nothing, and talking it over with
            # the mentor as a step of its own
            turn = self._help(lang, "coach.think_it_over", ctx, topics, judgement, helped)
            turn.options = [OptionView(value=MENTOR_STEP, label=self._say(
                lang, "coach.mentor_step")), *turn.options[:2]]
            return turn, "ask_what", helped + 1
        return self._help(lang, key, ctx, topics, judgement, helped), "ask_what", helped + 1

    def _pressed(self, draft: DraftAction, phase: str, helped: int, given: Pressed,
                 ctx: Context, topics: list[str], label: str) -> tuple[Turn, str, int]:
        lang = ctx.language
        value = given.value
        if value == MENTOR_STEP:
            draft.what, draft.kind = self._say(lang, "coach.mentor_step_text"), "step"
            turn, new_phase, helped = self._when(draft, DateReading(), ctx, helped)
            turn.mentor_request = True
            return turn, new_phase, helped
        if value == OWN_STEP:
            return self._help(lang, "coach.own_step_help", ctx, topics, None), "ask_what", helped
        if value == CONFIRM and draft.due:
            draft.hedged = False
            return self._when(draft, DateReading(), ctx, helped)
        if value == OTHER_DAY:
            draft.due, draft.hedged = None, False
            return self._ask_when(ctx, "coach.ask_when", helped), "ask_when", helped
        if value.startswith(EXAMPLE) and label:
            draft.what, draft.kind = label, "step"
            return self._when(draft, DateReading(), ctx, helped)
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return self._ask_when(ctx, "coach.ask_when", helped), phase, helped
        if day < ctx.today:  # a button from before a pause: 'Morgen' was yesterday's morrow
            return self._past(DateReading(in_past=True, past_day=day), ctx), "ask_when", helped
        draft.due, draft.hedged = day, False
        return self._when(draft, DateReading(), ctx, helped)

    # -- the day -------------------------------------------------------------------------

    def _when(self, draft: DraftAction, reading: DateReading, ctx: Context,
              helped: int, tried: bool = False) -> tuple[Turn, str, int]:
        """Set the day from `reading`, or ask for one; `tried`: the student was answering the
        question of which day, so a reading that found none is explained."""
        lang = ctx.language
        if reading.in_past:
            return self._past(reading, ctx), "ask_when", helped
        if reading.due is not None:
            draft.due, draft.hedged = reading.due, reading.hedge or _unplanned_holiday(
                reading, ctx)
        if draft.what is None:
            return Turn([self._say(lang, "coach.ask_what", helped)], []), "ask_what", helped
        if draft.due is None:
            key = "coach.ask_when_careful" if draft.careful else "coach.ask_when"
            if reading.vague:
                key = "coach.when_vague"
            elif reading.time_only:
                key = "coach.time_only"
            elif reading.internship_unknown:
                key = "coach.which_internship_day"
            elif reading.event or draft.when_said:
                event = reading.event or draft.when_said
                return self._ask_when(ctx, "coach.which_day_event", helped,
                                      Event=event[:1].upper() + event[1:]), "ask_when", helped
            elif tried:
                key = "coach.when_not_understood"
            return self._ask_when(ctx, key, helped), "ask_when", helped
        if draft.hedged:
            day = self.texts.date(lang, draft.due)
            options = [OptionView(value=CONFIRM, label=self._say(lang, "coach.confirm_yes",
                                                                 date=day)),
                       OptionView(value=OTHER_DAY, label=self._say(lang, "coach.confirm_other"))]
            key = "coach.confirm_when"
            after = _after_holiday(draft.due, ctx)
            if after is not None:  # 'over 2 weken' lands in the Christmas holiday
                key = "coach.confirm_holiday"
                options.insert(1, OptionView(value=after.isoformat(), label=self._say(
                    lang, "action.when.after_holiday", date=self.texts.date(lang, after))))
            return Turn([self._say(lang, key, date=day)], options, "date"), \
                "confirm_when", helped
        said = self.dates.read(draft.what, ctx.today, lang, ctx.school)
        if said.due is not None and said.due != draft.due:  # 'over 2 weken', now 4 January
            draft.what = self.dates.without_day(draft.what, ctx.today, lang, ctx.school)
        done = ActionSet(draft.what, draft.due, draft.kind)
        key = "action.confirmed" if draft.kind == "step" else "coach.accepted_vague"
        if draft.careful:  # after a danger told: theirs to choose, not theirs to solve alone
            key = "action.confirmed_careful"
        message = self._say(lang, key, helped, action=draft.what,
                            due=self.texts.date(lang, draft.due))
        return Turn([message], [], "none", set=done), "done", helped

    def _past(self, reading: DateReading, ctx: Context) -> Turn:
        lang = ctx.language
        day = self.texts.date(lang, reading.past_day) if reading.past_day else \
            (f"'{reading.matched}'" if reading.matched else "")
        turn = self._ask_when(ctx, "coach.date_in_past", 0, date=day)
        return turn

    def _ask_when(self, ctx: Context, key: str, seed: int, **values: object) -> Turn:
        return Turn([self._say(ctx.language, key, seed, **values)], self.when_options(ctx),
                    "date")

    def when_options(self, ctx: Context) -> list[OptionView]:
        """Quick days: the next internship day first, then school days ahead; never a weekend
        or holiday (students may still type one), no day twice, each label with its date.
        When two weeks from now falls in a holiday, the first school day after it instead;
        that furthest day stays when there are more than four."""
        today, school, lang = ctx.today, ctx.school, ctx.language
        friday = today + timedelta(days=(4 - today.weekday()) % 7 or 7)
        candidates = [("internship", school.next_internship_day(today)),
                      ("tomorrow", today + timedelta(days=1)),
                      ("friday", friday),
                      ("next_week", today + timedelta(days=11 - today.weekday())),
                      ("two_weeks", today + timedelta(days=14))]
        options: list[OptionView] = []
        seen: set[date] = set()
        for key, day in candidates:
            if day is not None and key == "two_weeks":
                ahead = [day + timedelta(days=n) for n in range(HOLIDAY_DAYS)]
                if school.in_holiday(day):  # two weeks from now is a holiday: the first day
                    key, day = "after_holiday", next((d for d in ahead  # after it, so named
                                                      if school.school_day(d)), None)
                else:  # a weekend: the Monday after it is still 'in two weeks'
                    day = next((d for d in ahead[:7] if school.school_day(d)), None)
            if day is None or day in seen or not school.school_day(day):
                continue
            seen.add(day)
            label = self.texts.say(lang, f"action.when.{key}", date=self.texts.date(lang, day))
            options.append(OptionView(value=day.isoformat(), label=label))
        # four at most, and the furthest always among them: before a holiday it is the only
        # choice that leaves time for the action, and a quick day never lands in the holiday
        return options if len(options) <= 4 else [*options[:3], options[-1]]

    # -- help ---------------------------------------------------------------------------

    def _help(self, lang: str, key: str, ctx: Context, topics: list[str],
              judgement: ActionJudgement | None, helped: int = 0) -> Turn:
        """Examples to pick from, with a word of help; asked again, in other words."""
        person = judgement.person if judgement and judgement.person else None
        examples = self.examples(lang, topics, person)
        options = [OptionView(value=f"{EXAMPLE}{i}", label=e) for i, e in enumerate(examples)]
        intro = self._say(lang, key, ctx.conversation_number + helped)
        return Turn([intro], options, "text")

    def examples(self, lang: str, topics: list[str], person: str | None) -> list[str]:
        """Two or three small steps that fit what the student talked about."""
        keys = [f"coach.examples.{t}" for t in topics] + ["coach.examples.general"]
        found: list[str] = []
        for key in keys:
            if key not in self.texts.keys(lang):
                continue
            raw = self.texts.raw(lang, key)
            for example in [raw] if isinstance(raw, str) else raw:
                filled = fill(example, {"person": person or self._say(lang, "coach.someone")})
                if filled not in found:
                    found.append(filled)
                if len(found) >= 3:
                    return found
        return found

    def _say(self, lang: str, key: str, seed: int = 0, **values: object) -> str:
        return fill(pick(self.texts.raw(lang, key), seed), {k: str(v) for k, v in values.items()})


_HOLIDAY_WORDS = re.compile(r"vakantie|kerst|holiday|zomer|summer|\b(?:vrij|free|break)\b",
                            re.IGNORECASE)  # 'kerstvakantie', 'vrij', not 'vrijdag


def _unplanned_holiday(reading: DateReading, ctx: Context) -> bool:
    """A day read from the student's words that falls in a school holiday they did not name
    ('over 2 weken', not 'in de kerstvakantie'): asked about once."""
    return reading.due is not None and ctx.school.in_holiday(reading.due) and \
        _HOLIDAY_WORDS.search(reading.matched) is None


def _after_holiday(day: date | None, ctx: Context) -> date | None:
    """The first school day after the holiday `day` falls in; None when it is no holiday."""
    if day is None or not ctx.school.in_holiday(day):
        return None
    return next((day + timedelta(days=n) for n in range(1, HOLIDAY_DAYS)
                 if ctx.school.school_day(day + timedelta(days=n))), None)
