"""Actions that are real steps: coaching a vague intention into a step, Dutch and English
dates as students type them, sensible quick dates, and plan-do-check-act across conversations.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.core.conversation import ActionReviewed, Context, FlagRaised, Note, OpenAction
from bot.language.actions import judge
from bot.language.dates import DateReader, Period, SchoolTimes
from tests.conftest import TODAY, Talk, open_action

TUESDAY = date(2026, 12, 1)
MOMENT = ("Ik moest vandaag alleen de kassa doen toen het heel druk was. Ik bleef rustig en "
          "leerde dat ik meer kan dan ik dacht")
ANSWER = ("Ik bleef rustig en vroeg een collega om hulp toen de bon vastliep, daar leerde ik "
          "van dat vragen helpt")
CHRISTMAS = Period("kerstvakantie", date(2026, 12, 19), date(2027, 1, 3))


def at_action(new_talk, topic: str = "1", **context: object) -> Talk:  # type: ignore[no-untyped-def]
    context.setdefault("today", TUESDAY)
    talk: Talk = new_talk(**context)
    talk.say("2")
    talk.say(MOMENT)
    talk.say(topic)
    talk.press("enough")
    for _ in range(6):
        if talk.step == "actie":
            return talk
        talk.say(ANSWER)
    raise AssertionError(f"stuck at {talk.step}: {talk.text}")


@pytest.mark.parametrize("said", [
    "beter mijn best doen", "ik ga het proberen", "op tijd komen", "meer opletten",
    "ooit een keer iets vragen misschien",
    "ff oefenen ofz",  # 'of zo' is no thing to practise (a user trial found it taken as a step)
])
def test_an_intention_without_a_deed_gets_help_not_a_date_question(new_talk, said: str) -> None:  # type: ignore[no-untyped-def]
    talk = at_action(new_talk)
    helped = talk.say(said)
    assert helped.turn.expects == "text" and helped.snapshot.action is None
    assert len(helped.turn.options) >= 2  # example steps to pick from, or type their own
    assert "welke dag" not in helped.turn.text.lower()


def test_the_examples_fit_the_competency_talked_about(new_talk) -> None:  # type: ignore[no-untyped-def]
    talk = at_action(new_talk, topic="5")  # netwerken
    helped = talk.say("beter mijn best doen")
    assert any(w in " ".join(o.label for o in helped.turn.options).lower()
               for w in ("vraag", "collega", "begeleider"))
    picked = talk.press(helped.turn.options[0].value)
    assert picked.turn.expects == "date"  # an example is a step: now the day


def test_a_doubt_at_the_action_question_is_heard_first(new_talk) -> None:  # type: ignore[no-untyped-def]
    talk = at_action(new_talk)
    heard = talk.say("Ik weet eerlijk gezegd niet of ik nog terug wil naar die stage.")
    assert heard.snapshot.action is None and "mentor" in heard.turn.text
    assert heard.turn.expects != "date"


def test_the_action_is_kept_as_the_student_wrote_it(new_talk) -> None:  # type: ignore[no-untyped-def]
    talk = at_action(new_talk)
    said = "Over twee weken vraag ik mijn begeleider om uitleg over de planning"
    done = talk.say(said)
    assert done.turn.done and done.snapshot.action is not None
    assert done.snapshot.action.what == said
    assert done.snapshot.action.due == TUESDAY + timedelta(days=14)


def test_a_better_action_typed_at_the_date_question_replaces_the_first(new_talk) -> None:  # type: ignore[no-untyped-def]
    talk = at_action(new_talk)
    talk.say("Ik vraag mijn begeleider om feedback")
    assert talk.outcome.turn.expects == "date"
    done = talk.say("Vrijdag vraag ik Piet of ik mee mag naar de inkoop")
    assert done.snapshot.action is not None
    assert done.snapshot.action.what == "Vrijdag vraag ik Piet of ik mee mag naar de inkoop"
    assert done.snapshot.action.due == date(2026, 12, 4)


def test_a_typed_weekday_is_that_day_not_a_quick_day_whose_label_holds_it(new_talk) -> None:  # type: ignore[no-untyped-def]
    thursday = date(2026, 12, 10)
    talk = at_action(new_talk, today=thursday, school=SchoolTimes(periods=(CHRISTMAS,)))
    talk.say("Ik vraag mijn begeleider om feedback")
    assert any("maandag 4 januari" in label for label in talk.labels)  # after the holiday
    done = talk.say("maandag")
    assert done.snapshot.action is not None
    assert done.snapshot.action.due == date(2026, 12, 14)  # the coming Monday
    # a number still picks its quick day
    again = at_action(new_talk, today=thursday, school=SchoolTimes(periods=(CHRISTMAS,)))
    again.say("Ik vraag mijn begeleider om feedback")
    first = again.outcome.turn.options[0]
    picked = again.say("1")
    assert picked.snapshot.action is not None
    assert picked.snapshot.action.due == date.fromisoformat(first.value)


def test_a_typed_day_in_the_holiday_is_asked_about_with_the_day_after_it(new_talk) -> None:  # type: ignore[no-untyped-def]
    """'over 2 weken' from Thursday 10 December is Christmas Eve, in the holiday: the same
    first school day after it that the quick day offers, or that day anyway."""
    thursday = date(2026, 12, 10)
    talk = at_action(new_talk, today=thursday, school=SchoolTimes(periods=(CHRISTMAS,)))
    talk.say("Ik vraag mijn begeleider om feedback")
    asked = talk.say("over 2 weken")
    assert asked.snapshot.action is None and "vakantie" in asked.turn.text
    assert any("maandag 4 januari" in label for label in talk.labels)
    after = talk.say("2")  # 'Na de vakantie (maandag 4 januari)'
    assert after.snapshot.action is not None
    assert after.snapshot.action.due == date(2027, 1, 4)
    anyway = at_action(new_talk, today=thursday, school=SchoolTimes(periods=(CHRISTMAS,)))
    anyway.say("Ik vraag mijn begeleider om feedback")
    anyway.say("over 2 weken")
    kept = anyway.say("ja")
    assert kept.snapshot.action is not None and kept.snapshot.action.due == date(2026, 12, 24)
    one_go = at_action(new_talk, today=thursday, school=SchoolTimes(periods=(CHRISTMAS,)))
    one_go.say("ik vraag of ik vaker mag föhnen, over 2 weken")
    moved = one_go.say("2")  # after the holiday: the words 'over 2 weken' no longer hold
    assert moved.snapshot.action is not None
    assert moved.snapshot.action.what == "ik vraag of ik vaker mag föhnen"
    friday = at_action(new_talk, today=thursday, school=SchoolTimes(periods=(CHRISTMAS,)))
    friday.say("Ik vraag mijn begeleider om feedback")
    asked = friday.say("vrijdag 25 december")  # 'vrijdag' holds 'vrij', and is no holiday named
    assert asked.snapshot.action is None and "vakantie" in asked.turn.text
    named = at_action(new_talk, today=thursday, school=SchoolTimes(periods=(CHRISTMAS,)))
    named.say("Ik oefen in de kerstvakantie mijn presentatie")  # the holiday named: no question
    if named.outcome.snapshot.action is None:  # asked for a day: the holiday is still fine
        named.say("in de kerstvakantie")
    assert named.outcome.snapshot.action is not None


def test_a_plan_on_a_day_gone_by_is_not_praised_as_done(new_talk) -> None:  # type: ignore[no-untyped-def]
    talk = at_action(new_talk)
    plan = talk.say("gisteren vraag ik mijn mentor om een gesprek")
    assert "al gedaan" not in plan.turn.text and "al geweest" in plan.turn.text
    assert plan.turn.expects == "date"  # a new day for the same plan
    set_ = talk.say("vrijdag")
    assert set_.snapshot.action is not None  # without the day gone by in its words
    assert set_.snapshot.action.what == "ik vraag mijn mentor om een gesprek"
    done = at_action(new_talk).say("gisteren heb ik al met mijn mentor geappt")
    assert "al gedaan" in done.turn.text  # told as done: the next step is asked for


def test_a_non_action_at_the_date_question_keeps_the_action(new_talk) -> None:  # type: ignore[no-untyped-def]
    talk = at_action(new_talk)
    talk.say("Ik vraag mijn begeleider om feedback")
    again = talk.say("weet niet")
    assert again.turn.expects == "date" and again.snapshot.draft.what == (
        "Ik vraag mijn begeleider om feedback")


@pytest.mark.parametrize(("when", "due"), [
    ("donderdag om 10 uur", date(2026, 12, 3)),
    ("dinsdag om 9 uur", date(2026, 12, 8)),
    ("vrijdagmiddag", date(2026, 12, 4)),
    ("dinsdag over een week", date(2026, 12, 15)),  # the coming Tuesday, and a week on
    ("over twee weken", date(2026, 12, 15)),
    ("eind deze week", date(2026, 12, 4)),
    ("morgenochtend", date(2026, 12, 2)),
    ("eind januari", date(2027, 1, 29)),  # its last school day (the 31st is a Sunday)
    ("na de kerstvakantie", date(2027, 1, 4)),
])
def test_dutch_dates_as_students_type_them(new_talk, when: str, due: date) -> None:  # type: ignore[no-untyped-def]
    talk = at_action(new_talk, school=SchoolTimes(periods=(CHRISTMAS,)))
    talk.say("Ik vraag mijn begeleider om feedback")
    done = talk.say(when)
    assert done.snapshot.action is not None, done.turn.text
    assert done.snapshot.action.due == due


def test_english_dates_with_a_time(new_talk) -> None:  # type: ignore[no-untyped-def]
    talk = at_action(new_talk, language="en")
    talk.say("I will ask my supervisor for feedback")
    done = talk.say("thursday at 10")
    assert done.snapshot.action is not None and done.snapshot.action.due == date(2026, 12, 3)


def test_the_next_internship_day_comes_from_the_calendar(new_talk) -> None:  # type: ignore[no-untyped-def]
    talk = at_action(new_talk, school=SchoolTimes(internship_weekdays=frozenset({3})))
    talk.say("Ik vraag mijn begeleider om feedback")
    assert "Volgende stagedag" in talk.labels[0] and "donderdag 3 december" in talk.labels[0]
    done = talk.say("de volgende stagedag")
    assert done.snapshot.action is not None and done.snapshot.action.due == date(2026, 12, 3)


def test_the_next_internship_day_unknown_to_the_calendar_is_asked_for(new_talk) -> None:  # type: ignore[no-untyped-def]
    """'als ik weer stage heb' where the school entered no internship days for the class:
    the student is asked which day that is, not told the day was not understood; the
    weekday they then type is the action's day."""
    talk = at_action(new_talk)
    asked = talk.say("Ik vraag mijn begeleider om feedback als ik weer stage heb")
    assert asked.snapshot.action is None
    assert asked.turn.messages[-1].startswith("Op welke dag heb je weer stage?")
    done = talk.say("donderdag")
    assert done.snapshot.action is not None and done.snapshot.action.due == date(2026, 12, 3)
    # the same words alone, at the question which day: a day, not a new action (a user trial
    # found 'als ik weer stage heb' stored as the action, the real one lost)
    talk = at_action(new_talk)
    talk.say("ik wil vragen of ik ook een keer mag knippen")
    talk.say("als ik weer stage heb")
    done = talk.say("donderdag")
    assert done.snapshot.action is not None
    assert done.snapshot.action.what == "ik wil vragen of ik ook een keer mag knippen"


@pytest.mark.parametrize(("lang", "said", "asked"), [
    ("nl", "na de toets", "Na de toets: welke dag is dat?"),
    ("nl", "na de toets zei ik", "Na de toets: welke dag is dat?"),  # not a new action
    ("nl", "voor mijn presentatie", "Voor je presentatie: welke dag is dat?"),
    ("en", "after the test", "After the test: which day is that?"),
])
def test_a_day_named_by_an_event_the_bot_cannot_know_is_asked_for(
        new_talk, lang: str, said: str, asked: str) -> None:  # type: ignore[no-untyped-def]
    """Found trying the bot: 'na de toets' got 'Die dag begrijp ik niet', and 'na de toets
    zei ik' then replaced the action. The student is asked which day that is, in their words,
    and the day they type is the action's, the action kept."""
    talk = at_action(new_talk, language=lang)
    what = "Ik vraag mijn begeleider om feedback" if lang == "nl" else "I ask my boss for tips"
    talk.say(what)
    reply = talk.say(said)
    assert reply.snapshot.action is None and asked in reply.turn.text
    assert reply.turn.options  # the quick days still there
    done = talk.say("donderdag" if lang == "nl" else "thursday")
    assert done.snapshot.action is not None
    assert done.snapshot.action.what == what and done.snapshot.action.due == date(2026, 12, 3)


def test_a_day_by_an_event_with_the_action_in_one_go_asks_the_day_and_keeps_the_action(
        new_talk) -> None:  # type: ignore[no-untyped-def]
    talk = at_action(new_talk)
    reply = talk.say("ik vraag na de toets of ik bij de bakkerij mag meekijken")
    assert reply.snapshot.action is None and "Na de toets: welke dag is dat?" in reply.turn.text
    done = talk.say("vrijdag")
    assert done.snapshot.action is not None and done.snapshot.action.due == date(2026, 12, 4)
    assert "bakkerij" in done.snapshot.action.what
    first = at_action(new_talk)  # the event first, then the deed: the day is asked after it
    assert first.say("na de toets").turn.text.startswith("Goed, na de toets.")
    asked = first.say("ik vraag of ik bij de bakkerij mag meekijken")
    assert asked.snapshot.action is None and "Na de toets: welke dag" in asked.turn.text
    assert first.say("vrijdag").snapshot.action is not None


def test_a_hedged_day_is_asked_about_once(new_talk) -> None:  # type: ignore[no-untyped-def]
    talk = at_action(new_talk)
    talk.say("Ik vraag mijn begeleider om feedback")
    asked = talk.say("morgen misschien")
    assert not asked.turn.done and "woensdag 2 december" in asked.turn.text
    done = talk.say("ja")
    assert done.snapshot.action is not None and done.snapshot.action.due == date(2026, 12, 2)


def test_a_day_the_bot_cannot_read_gets_examples(new_talk) -> None:  # type: ignore[no-untyped-def]
    talk = at_action(new_talk)
    talk.say("Ik vraag mijn begeleider om feedback")
    unclear = talk.say("ooit")
    assert not unclear.turn.done and "vrijdag" in unclear.turn.text  # an example of a day
    assert unclear.turn.options  # and the quick days


def test_quick_dates_are_school_days_each_once_with_their_date(new_talk) -> None:  # type: ignore[no-untyped-def]
    friday = date(2026, 12, 18)  # the day before the Christmas holiday
    talk = at_action(new_talk, today=friday, school=SchoolTimes(periods=(CHRISTMAS,)))
    talk.say("Ik vraag mijn begeleider om feedback")
    days = [date.fromisoformat(o.value) for o in talk.outcome.turn.options]
    assert days and len(days) == len(set(days))
    assert all(d.weekday() < 5 and not CHRISTMAS.first <= d <= CHRISTMAS.last for d in days)
    assert all("(" in label and "januari" in label for label in talk.labels)


def test_the_day_after_the_holiday_stays_among_the_quick_days_when_five_days_fit(new_talk) -> None:  # type: ignore[no-untyped-def]
    """Tuesday 8 December, internship on Tuesday and Thursday: the internship day, tomorrow,
    Friday and next week are all different days, and 'in two weeks' is in the holiday. The
    furthest choice, the first day after the holiday, is the one a student needs most then."""
    tuesday = date(2026, 12, 8)
    school = SchoolTimes(periods=(CHRISTMAS,), internship_weekdays=frozenset({1, 3}))
    talk = at_action(new_talk, today=tuesday, school=school)
    talk.say("Ik vraag mijn begeleider om feedback")
    days = [date.fromisoformat(o.value) for o in talk.outcome.turn.options]
    assert len(days) <= 4 and days[0] == date(2026, 12, 10)  # the internship day first
    assert days[-1] == date(2027, 1, 4) and "vakantie" in talk.labels[-1].lower()


# -- plan, do, check, act -----------------------------------------------------------------------

def test_before_the_due_date_the_action_is_only_mentioned(new_talk) -> None:  # type: ignore[no-untyped-def]
    talk = new_talk(today=TUESDAY, open_action=OpenAction(7, "Ik vraag Sandra om feedback",
                                                          date(2026, 12, 4)))
    assert talk.step == "dag" and "Je wilde nog" in talk.text and "Hoe ging dat" not in talk.text


def test_done_gets_praise_and_what_was_learned(new_talk) -> None:  # type: ignore[no-untyped-def]
    talk = new_talk(today=TUESDAY, open_action=OpenAction(7, "Ik vraag Sandra om feedback",
                                                          date(2026, 11, 27)))
    assert talk.step == "actie_terugblik"
    done = talk.say("gelukt!")
    assert ActionReviewed(7, outcome="done") in done.events
    assert any(w in done.turn.text for w in ("Top", "Goed gedaan"))  # praise, then the learning
    assert "geleerd" in done.turn.text or "daaruit mee" in done.turn.text


def test_not_yet_keeps_it_alive_with_a_new_day(new_talk) -> None:  # type: ignore[no-untyped-def]
    talk = new_talk(today=TUESDAY, open_action=OpenAction(7, "Ik vraag Sandra om feedback",
                                                          date(2026, 11, 27)))
    talk.say("nog niet")
    assert ActionReviewed(7, outcome="not_yet") in talk.outcome.events
    talk.say("Ze was er niet en ik durfde het niet aan een ander te vragen")
    talk.say("Dat ik het gewoon aan Piet kan vragen")
    assert talk.step == "actie_nieuwe_datum"
    moved = talk.say("donderdag")
    assert ActionReviewed(7, new_due=date(2026, 12, 3)) in moved.events
    assert talk.step == "dag"


def test_a_moved_action_no_longer_names_its_old_day(new_talk) -> None:  # type: ignore[no-untyped-def]
    talk = new_talk(today=TUESDAY, open_action=OpenAction(
        7, "woensdag vraag ik Sandra om feedback", date(2026, 11, 25)))
    talk.say("nog niet")
    talk.say("Ze was er niet")
    talk.say("Dat ik het gewoon aan Piet kan vragen")
    moved = talk.say("donderdag")
    assert ActionReviewed(7, new_due=date(2026, 12, 3),
                          new_text="ik vraag Sandra om feedback") in moved.events
    assert "„ik vraag Sandra om feedback”" in moved.turn.text
    assert "donderdag 3 december" in moved.turn.text and "woensdag" not in moved.turn.text
    talk.say("2")  # the day, then a reflection to its end
    talk.say(MOMENT)
    talk.say("1")
    talk.press("enough")
    for _ in range(6):
        if talk.step == "actie":
            break
        talk.say(ANSWER)
    done = talk.say("Vrijdag vraag ik Piet om uitleg over de kassa")
    assert done.turn.done
    assert "Je eerdere actie: ik vraag Sandra om feedback (nu uiterlijk donderdag 3 december)" \
        in done.turn.text  # the summary tells both actions
    assert "Vrijdag vraag ik Piet" in done.turn.text


def test_a_moved_action_without_a_day_in_it_keeps_its_words(new_talk) -> None:  # type: ignore[no-untyped-def]
    talk = new_talk(today=TUESDAY, open_action=OpenAction(7, "Ik vraag Sandra om feedback",
                                                          date(2026, 11, 27)))
    talk.say("nog niet")
    talk.say("Ze was er niet")
    talk.say("Dat ik het gewoon aan Piet kan vragen")
    moved = talk.press(talk.outcome.turn.options[0].value)  # the first day offered
    reviewed = [e for e in moved.events if isinstance(e, ActionReviewed)]
    assert reviewed and reviewed[0].new_text is None and reviewed[0].new_due is not None
    assert "„Ik vraag Sandra om feedback”" in moved.turn.text


@pytest.mark.parametrize(("step", "moved"), [
    ("woensdag vraag ik Sandra om feedback", "ik vraag Sandra om feedback"),
    ("Morgen ga ik eerder vragen aan mijn begeleider", "Ik ga eerder vragen aan mijn begeleider"),
    ("ik vraag op vrijdag of ik mag meekijken", "ik vraag of ik mag meekijken"),
    ("donderdag 10 december ga ik bellen", "ik ga bellen"),
    ("ik bel Kees op vrijdag.", "ik bel Kees."),
    ("morgen, na de pauze, vraag ik het", "… na de pauze, vraag ik het"),
    ("na de pauze vraag ik het", "na de pauze vraag ik het"),
    ("Tomorrow I will ask Tom", "I will ask Tom"),
    ("ik vraag Morgenstern morgen om hulp", "ik vraag Morgenstern om hulp"),  # the day's word
    ("Ik bel de klant op 3 december", "Ik bel de klant"),  # not '... op'
    ("Ik vraag het voor vrijdag", "Ik vraag het"),
    ("I ask Tom on 4 December", "I ask Tom"),
    ("I ask Tom on Friday 4 December", "I ask Tom"),
    ("ik bel Kees op vrijdag de 4e", "ik bel Kees"),  # the day of the month read (a trial)
    ("ik bel de klant op vrijdag 4 december om 3 uur", "ik bel de klant om 3 uur"),
])
def test_a_step_without_its_day(step: str, moved: str) -> None:
    lang = "en" if step.startswith(("Tomorrow", "I ")) else "nl"
    assert DateReader().without_day(step, TUESDAY, lang) == moved


def test_three_conversations_without_a_real_step_is_a_concern(new_talk) -> None:  # type: ignore[no-untyped-def]
    talk = at_action(new_talk, weak_actions_before=2)
    talk.say("gewoon harder werken")
    talk.say("ok")
    talk.say("harder werken")
    done = talk.say("morgen")
    assert done.turn.done and done.snapshot.action is not None
    assert done.snapshot.action.kind == "vague"
    assert [f.rule for f in done.events if isinstance(f, FlagRaised)] == ["geen_echte_actie"]


def test_letting_actions_go_again_and_again_is_a_concern(new_talk) -> None:  # type: ignore[no-untyped-def]
    action = OpenAction(7, "Ik vraag Sandra om feedback", date(2026, 11, 27))
    once = new_talk(today=TUESDAY, open_action=action)
    assert not [e for e in once.press("dropped").events if isinstance(e, FlagRaised)]
    again = new_talk(today=TUESDAY, open_action=action, dropped_actions_before=1)
    flags = [e for e in again.press("dropped").events if isinstance(e, FlagRaised)]
    assert [f.rule for f in flags] == ["acties_losgelaten"]


# -- stored: history, carried over, on both databases ------------------------------------------

async def test_an_action_not_done_stays_open_with_its_history(database_url: str,
                                                              tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from bot.app import open_app
    from bot.config import Settings
    from bot.core.conversation import Pressed, Said
    from bot.reflection import StudentRef
    from tests.conftest import ROOT, Clock

    clock = Clock(datetime(2026, 11, 23, 19, 0, tzinfo=UTC))
    settings = Settings(data_dir=tmp_path, database_url=database_url,
                        flows_dir=ROOT / "dialogue_flows", prompts_dir=ROOT / "prompts")
    who = StudentRef.on("console", "noor", first_use=True)
    async with open_app(settings, clock) as app:
        service = app.reflection

        async def say(text: str) -> str:
            reply = await service.reply(who, Said(text))
            assert reply is not None
            return reply.turn.text

        await service.open(who)
        await say("2")
        await say(MOMENT)
        await say("1")
        await service.reply(who, Pressed("enough"))
        for _ in range(4):
            text = await say(ANSWER)
            if "volgende stap" in text:
                break
        assert "Genoteerd" in await say("Ik vraag Sandra vrijdag om feedback op mijn kassawerk")
        clock.now = datetime(2026, 11, 30, 19, 0, tzinfo=UTC)  # after the due date
        opened = await service.open(who)
        assert opened is not None and "„Ik vraag Sandra vrijdag om feedback" in opened.text
        await say("nog niet")
        await say("Sandra was ziek")
        await say("Dat ik het ook aan Piet kan vragen")
        assert "donderdag 3 december" in await say("donderdag")
        data = await service.export("noor")
        assert data is not None
        [action] = data["actions"]
        assert action["status"] == "not_yet" and action["due"] == "2026-12-03"
        assert action["text"] == "Ik vraag Sandra om feedback op mijn kassawerk"  # not "vrijdag"
        assert [e["what"] for e in action["history"]] == [
            "set", "reviewed", "learning", "learning", "rescheduled"]  # both answers kept
        clock.now = datetime(2026, 12, 7, 19, 0, tzinfo=UTC)  # next time, after the new day
        again = await service.open(who)
        assert again is not None and "Ik vraag Sandra om feedback" in again.text
        assert "Hoe ging dat" in again.text  # asked again, until done or let go


@pytest.mark.parametrize("said", ["tja", "weet ik nog niet", "kweenie", "hmm"])
def test_a_dont_know_is_never_noted_as_the_action(new_talk, said: str) -> None:  # type: ignore[no-untyped-def]
    talk = at_action(new_talk)
    for _ in range(4):  # however often it is said
        reply = talk.say(said)
        assert reply.snapshot.action is None and reply.turn.expects != "date"
        assert "Goed plan" not in reply.turn.text


def test_answers_written_apart_from_the_rules_are_judged_as_they_were_measured() -> None:
    """Floors under the measured figures (bench/actions.py), so that a change that makes
    action judgement worse on answers it was never tuned on is noticed: held-out steps 98.1%
    and non-steps kept out 82.5% on 2026-12-07 (tuning 100% and 99.1%)."""
    import contextlib
    import io
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import actions as bench  # bench/actions.py

    with contextlib.redirect_stdout(io.StringIO()):
        held_steps, held_others = bench.score("heldout", False)
        steps, others = bench.score("tuning", False)
    assert held_steps >= 94 and held_others >= 78
    assert steps >= 98 and others >= 96


# A user trial (2026-12-07): telling someone is a deed, a set time makes a small act a step,
# and not wanting an action is no action to follow up next time.
@pytest.mark.parametrize(("said", "label"), [
    ("morgen zeg ik tegen de chef dat ik niet alleen aan de snijmachine wil zonder kap", "step"),
    ("volgende keer zeg ik tegen mijn begeleider dat ik het eng vind", "step"),
    ("ik zet mijn wekker om 6 uur", "step"),
    ("ik wil geen actie", "not_action"),
    ("i dont want an action", "not_action"),
    ("k doe gwn mn best wss", "vague"),
])
def test_telling_a_set_time_and_no_action_are_judged_right(said: str, label: str) -> None:
    assert judge(said).label == label


@pytest.mark.parametrize(("said", "due"), [
    ("huh ik heb dan gewoon stage", date(2026, 12, 28)),  # the day is fine: kept
    ("ik werk dan gewoon", date(2026, 12, 28)),
    ("nee, na de vakantie", date(2027, 1, 4)),  # the day offered after the holiday
])
def test_words_at_the_holiday_question_answer_it_and_keep_the_step(new_talk, said: str,  # type: ignore[no-untyped-def]
                                                                    due: date) -> None:
    """A user trial (2026-12-07): 'huh ik heb dan gewoon stage' at 'that day falls in the
    holiday' became the step itself ('Genoteerd: „huh ik heb dan gewoon stage”')."""
    step = "Over drie weken vraag ik de bakker of ik een taart alleen mag maken."
    talk = at_action(new_talk, today=date(2026, 12, 7), school=SchoolTimes(periods=(CHRISTMAS,)))
    asked = talk.say(step)
    assert "vakantie" in asked.turn.text
    done = talk.say(said)
    assert done.snapshot.action is not None and done.snapshot.action.due == due
    assert "bakker" in (done.snapshot.action.what or "") and said not in done.turn.text


def test_no_at_the_holiday_question_asks_for_another_day(new_talk) -> None:  # type: ignore[no-untyped-def]
    talk = at_action(new_talk, today=date(2026, 12, 7), school=SchoolTimes(periods=(CHRISTMAS,)))
    talk.say("Over drie weken vraag ik de bakker of ik een taart alleen mag maken.")
    other = talk.say("nee liever een andere dag")
    assert other.turn.expects == "date" and "vakantie" not in other.turn.text


@pytest.mark.parametrize("said", ["nog niet, mn baas was ziek",
                                  "een beetje, ik heb het gevraagd maar ze had nog geen tijd"])
def test_what_happened_typed_with_the_choice_is_not_asked_again(new_talk, said: str) -> None:  # type: ignore[no-untyped-def]
    """A user trial (2026-12-07): 'nog niet, mn baas was ziek' got 'Wat hield je tegen?'."""
    talk = new_talk(today=TUESDAY, open_action=OpenAction(7, "Ik vraag Sandra om feedback",
                                                          date(2026, 11, 27)))
    asked = talk.say(said)
    assert "tegen?" not in asked.turn.text and "in de weg" not in asked.turn.text
    # someone else ill or without time: not theirs to help (an eighth user trial), on to
    # the new day; before, 'what would help' was asked instead
    assert "niet aan jou" in asked.turn.text and talk.step == "actie_nieuwe_datum"
    plain = new_talk(today=TUESDAY, open_action=OpenAction(7, "Ik vraag Sandra om feedback",
                                                           date(2026, 11, 27)))
    alone = plain.say("nog niet").turn.text
    assert any(w in alone for w in ("tegen?", "in de weg")), alone


def test_help_asked_twice_comes_in_other_words(new_talk) -> None:  # type: ignore[no-untyped-def]
    """A user trial (2026-12-07): 'beter mn best doen', then 'gwn harder werken', got the
    same push-back word for word."""
    talk = at_action(new_talk)
    first = talk.say("beter mn best doen").turn.messages[0]
    second = talk.say("gwn harder werken").turn.messages[0]
    assert first != second and talk.outcome.snapshot.action is None


@pytest.mark.parametrize(("said", "done"), [
    ("Ik heb het al gedaan, het gesprek staat gepland", True),  # a user trial
    ("is toch gelukt", True), ("I already did it", True),
    ("ik heb het nog niet gedaan", False),
])
def test_asked_for_a_new_day_done_meanwhile_marks_it_done(content, stagedag, said: str,  # type: ignore[no-untyped-def]
                                                          done: bool) -> None:
    action = open_action()
    talk = Talk(content, stagedag, Context(language="nl", today=TODAY, open_action=action))
    talk.say("Een beetje")
    talk.say("Ze was er niet en ik durfde het niet aan een ander te vragen")
    talk.say("Dat ik het gewoon aan Piet kan vragen")
    assert talk.step == "actie_nieuwe_datum"
    told = talk.say(said)
    reviews = [e for e in told.events if isinstance(e, ActionReviewed)]
    if done:
        assert reviews == [ActionReviewed(action.id, outcome="done")]
        assert "gelukt" in told.turn.text and talk.step == "dag"
    else:
        assert not reviews and talk.step == "actie_nieuwe_datum"
        assert "gelukt" not in told.turn.text


def test_wanting_to_do_nothing_is_no_step_and_asked_again_it_offers_a_pause(new_talk) -> None:  # type: ignore[no-untyped-def]
    """A user trial: 'ik wil gewoon niks doen' got 'Mooi voornemen' (and was kept as the
    action later); 'niks' four times got the same help forever."""
    talk = at_action(new_talk)
    refused = talk.say("ik wil gewoon niks doen")
    assert "voornemen" not in refused.turn.text and refused.snapshot.draft.what is None
    assert "zelf kiest" in refused.turn.text
    talk.say("niks")
    offered = talk.say("niks")
    assert "pauze" in offered.turn.text and offered.snapshot.action is None
    again = talk.say("niks")  # a second user trial: the same words forever
    assert again.turn.text != offered.turn.text and "pauze" in again.turn.text
    assert "Met mijn mentor praten" in [o.label for o in again.turn.options]  # a step too
    assert talk.say("pauze").turn.expects == "none"


def test_a_day_button_from_before_a_pause_that_has_passed_is_not_taken(new_talk) -> None:  # type: ignore[no-untyped-def]
    """A user trial: paused at 'Wanneer ga je het doen?' on Tuesday, back on Thursday, '1'
    ('Morgen (woensdag)') saved an action due the day before."""
    from dataclasses import replace

    talk = at_action(new_talk)
    asked = talk.say("Ik vraag mijn begeleider om uitleg over de kassa")
    first = asked.turn.options[0]
    talk.ctx = replace(talk.ctx, today=talk.ctx.today + timedelta(days=2))
    told = talk.say("1")
    assert told.snapshot.action is None and "al geweest" in told.turn.text
    assert first.label not in [o.label for o in told.turn.options]  # fresh days to pick
    picked = talk.say("1")
    assert picked.snapshot.action is not None
    assert picked.snapshot.action.due is not None and picked.snapshot.action.due > talk.ctx.today


@pytest.mark.parametrize(("said", "want"), [
    ("dat bedenk ik later", "pauzeren"),  # a second user trial: 'Mooi voornemen'
    ("weet ik morgen wel", "pauzeren"),
    ("ff kijken", "stap"),  # help with example steps
])
def test_putting_off_the_step_is_heard(new_talk, said: str, want: str) -> None:  # type: ignore[no-untyped-def]
    talk = at_action(new_talk)
    told = talk.say(said)
    assert want in told.turn.text and "voornemen" not in told.turn.text
    assert told.snapshot.action is None


def test_too_busy_at_the_review_is_not_yet(content, stagedag) -> None:  # type: ignore[no-untyped-def]
    """A second user trial: 'was te druk' got the choice again."""
    talk = Talk(content, stagedag, Context(language="nl", today=TODAY, open_action=open_action()))
    told = talk.say("was te druk")
    assert [e.outcome for e in told.events if isinstance(e, ActionReviewed)] == ["not_yet"]


def test_done_before_its_day_is_heard_at_the_reminder(content, stagedag) -> None:  # type: ignore[no-untyped-def]
    """A second user trial: 'Je wilde nog: ...' then 'ik heb het al gedaan' got 'Dank je, dat
    neem ik mee.' and the action stayed open."""
    action = open_action(due=TODAY + timedelta(days=4))
    talk = Talk(content, stagedag, Context(language="nl", today=TODAY, open_action=action))
    assert "Je wilde nog" in talk.text
    told = talk.say("ik heb het al gedaan")
    assert [e for e in told.events if isinstance(e, ActionReviewed)] == [
        ActionReviewed(action.id, outcome="done")]
    assert "gelukt" in told.turn.text and told.turn.options  # and the mood question again


@pytest.mark.parametrize(("language", "step", "pointing"), [
    ("nl", "ik vraag ruud of ik mag meekijken bij het spuiten", "dat zei ik net toch"),
    ("nl", "ik vraag ruud of ik mag meekijken bij het spuiten", "wat ik net zei"),
    ("en", "ask sarah for tips on angry guests next shift", "what i just said lol"),
])
def test_a_step_said_just_before_the_action_question_is_taken(
        new_talk, language: str, step: str, pointing: str) -> None:  # type: ignore[no-untyped-def]
    """A user trial: the step told at the question before ('ik vraag ruud of ...'), then 'dat
    zei ik net toch' at the action question: the bot explained what a step is, and later
    stored 'dat zei ik net toch, ruud vragen ...' as the action. The earlier answer is the
    step; only its day is asked."""
    talk = at_action(new_talk, language=language)
    talk.outcome.snapshot.notes.append(Note(step="loopbaansturing", competency=None,
                                            records=None, text=step))
    taken = talk.say(pointing)
    assert taken.snapshot.draft.what == step and taken.turn.expects == "date"
    done = talk.say("vrijdag" if language == "nl" else "friday")
    assert done.snapshot.action is not None and done.snapshot.action.what == step


def test_pointing_back_with_the_step_in_words_takes_those_words(new_talk) -> None:  # type: ignore[no-untyped-def]
    talk = at_action(new_talk)
    taken = talk.say("wat ik net zei. meekijken bij het medicijnen rondbrengen")
    assert taken.snapshot.draft.what == "meekijken bij het medicijnen rondbrengen"


def test_looking_forward_is_no_step(new_talk) -> None:  # type: ignore[no-untyped-def]
    assert not judge("ik kijk er wel naar uit want ik wil later autospuiter worden").is_step


@pytest.mark.parametrize(("said", "label"), [
    ("dat weet ik nog niet", "not_action"),  # was 'Mooi voornemen'
    ("meer creatief bezig zijn", "vague"),  # was 'Goed plan!'
])
def test_what_the_sixth_user_trial_set_as_actions_is_judged_right(said: str,
                                                                   label: str) -> None:
    assert judge(said).label == label


def test_volgende_keer_and_morgenvroeg_at_the_question_which_day(new_talk) -> None:  # type: ignore[no-untyped-def]
    talk = at_action(new_talk, school=SchoolTimes(internship_weekdays=frozenset({3})))
    talk.say("Ik vraag mijn begeleider om feedback")
    done = talk.say("volgende keer")  # the next internship day
    assert done.snapshot.action is not None and done.snapshot.action.due == date(2026, 12, 3)
    talk = at_action(new_talk)
    talk.say("Ik vraag mijn begeleider om feedback")
    done = talk.say("morgenvroeg")
    assert done.snapshot.action is not None and done.snapshot.action.due == date(2026, 12, 2)



def test_pointing_back_to_a_wish_is_heard_and_helped_not_set(new_talk) -> None:  # type: ignore[no-untyped-def]
    """A user trial: 'ik wil leren om zelf de pin storing op te lossen', then 'dat zei ik net
    toch' at the action question: 'Dat neem ik als je stap. Goed plan!' and a wish stored as
    the action. A wish is heard, and helped into a step; a bare '6' is no answer."""
    talk = at_action(new_talk)
    wish = "ik wil leren om zelf de pin storing op te lossen"
    talk.outcome.snapshot.notes.append(Note(step="loopbaansturing", competency=None,
                                            records=None, text=wish))
    heard = talk.say("dat zei ik net toch")
    assert heard.turn.messages[0] == "Klopt, dat zei je net."
    assert heard.snapshot.action is None and "Goed plan" not in heard.turn.text
    refused = talk.say("6")
    assert not refused.accepted and "nummer staat er niet bij" in refused.turn.text


def test_what_an_eighth_user_trial_found_at_the_action(new_talk) -> None:  # type: ignore[no-untyped-def]
    """Going on as they are was a step; 'sure' to the examples was saved as the action; a
    change of mind was saved whole, 'nee wacht' and all."""
    going_on = at_action(new_talk)
    assert going_on.say("ik ga gewoon door zoals ik bezig ben").turn.options  # examples
    assert going_on.outcome.snapshot.draft.what is None
    agreed = at_action(new_talk)
    agreed.say("weet ik niet")
    for said in ("sure", "ja", "prima"):
        reply = agreed.say(said)
        assert reply.snapshot.action is None and "Welke wordt het?" in reply.turn.text
        assert reply.turn.options  # the examples again, to tap
    changed = at_action(new_talk)
    changed.say("ik vraag de monteur of ik weer mee mag, nee wacht, ik vraag of hij mij het "
                "gasdeel uitlegt")
    done = changed.say("vrijdag")
    assert done.snapshot.action is not None
    assert done.snapshot.action.what == "ik vraag of hij mij het gasdeel uitlegt"


@pytest.mark.parametrize("steps", [["nee hij was ziek"], ["3", "hij was ziek"],
                                   ["nog niet, de winkel was dicht"]])
def test_an_action_undone_for_a_reason_outside_the_student_is_not_theirs_to_help(
        new_talk, steps: list[str]) -> None:  # type: ignore[no-untyped-def]
    """An eighth user trial: 'nee hij was ziek' got 'Wat zou je helpen om het wel te doen?'."""
    talk = new_talk(today=TUESDAY, open_action=OpenAction(7, "Ik vraag Sandra om feedback",
                                                          date(2026, 11, 27)))
    for said in steps:
        reply = talk.say(said)
    assert "niet aan jou" in reply.turn.text and "helpen" not in reply.turn.text
    assert talk.step == "actie_nieuwe_datum"


def test_an_action_undone_for_their_own_reason_is_still_asked_what_would_help(
        new_talk) -> None:  # type: ignore[no-untyped-def]
    talk = new_talk(today=TUESDAY, open_action=OpenAction(7, "Ik vraag Sandra om feedback",
                                                          date(2026, 11, 27)))
    reply = talk.say("nee, ik was het vergeten")
    assert "niet aan jou" not in reply.turn.text and talk.step == "actie_obstakel"


@pytest.mark.parametrize("said", ["niks eigenlijk, alles gaat goed",
                                  "kan iemand mij niet gewoon helpen"])
def test_what_a_ninth_user_trial_saved_as_an_action_is_no_step(said: str) -> None:
    """Both got 'Goed plan!' and were saved as the student's action."""
    assert not judge(said).is_step


def test_after_a_danger_told_the_action_it_was_about_is_not_theirs_to_keep(
        new_talk) -> None:  # type: ignore[no-untyped-def]
    """A ninth user trial: after 'hij deed het vandaag weer' and the helplines, 'nee lukte niet
    hij kwam gewoon' about 'zorgen dat ik niet meer alleen met hem ben' got 'Wat zou je helpen
    om het wel te doen?'."""
    talk = new_talk(today=TUESDAY, memory={"heavy": "seksueel"}, conversation_number=3,
                    open_action=OpenAction(7, "zorgen dat ik niet meer alleen met hem ben",
                                           date(2026, 11, 27)))
    talk.press("so_so")
    talk.say("hij deed het vandaag weer")
    talk.press("continue")
    talk.say("gaat wel")
    talk.say("nee")  # the mentor's offer
    assert talk.step == "actie_terugblik", talk.text
    reply = talk.say("nee lukte niet hij kwam gewoon")
    assert "helpen om het wel te doen" not in reply.turn.text
    assert "niet aan jou" in reply.turn.text
