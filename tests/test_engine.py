"""The dialogue as a student meets it: the default flow through the pure engine."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.core.conversation import (
    ActionReviewed,
    ActionSet,
    AnswerGiven,
    FlagRaised,
    MoodCorrected,
    Unreadable,
)
from tests.conftest import TODAY, Talk, open_action

# Answers that say what happened, what the student did and what they learned: reflective
# enough that the bot moves on without asking further.
MOMENT = ("Ik moest vandaag alleen de kassa doen toen het heel druk was. Ik bleef rustig en "
          "leerde dat ik meer kan dan ik dacht")
ANSWER = ("Ik bleef rustig en vroeg een collega om hulp toen de bon vastliep, daar leerde ik "
          "van dat vragen helpt")


def reach_action(talk: Talk, topics: str = "1") -> None:
    talk.say("2")
    talk.say(MOMENT)
    talk.say(topics)
    if talk.step == "onderwerp":
        talk.press("enough")
    for _ in range(10):
        if talk.step == "actie":
            return
        talk.say(ANSWER)
    raise AssertionError(f"stuck at {talk.step}: {talk.text}")


def test_opens_with_a_check_in_choice_in_dutch(talk: Talk) -> None:
    assert talk.step == "dag"
    assert talk.outcome.turn.expects == "choice"
    assert "stagedag" in talk.text
    assert talk.labels == ["😀 Super", "🙂 Goed", "😐 Gaat wel", "🙁 Niet fijn"]


def test_whole_conversation_ends_with_action_and_summary(talk: Talk) -> None:
    talk.say("1")
    assert talk.step == "moment"
    talk.say(MOMENT)
    talk.say("kwaliteiten")
    talk.press("netwerken")
    assert talk.step == "kwaliteiten"
    talk.say(ANSWER)
    assert talk.step == "netwerken"
    talk.say("Mijn begeleider Sandra liet zien hoe je een retour boekt, ik leerde veel van haar")
    assert talk.step == "actie"
    done = talk.say("Vrijdag vraag ik Sandra om feedback op mijn kassawerk")
    assert done.turn.done and done.turn.expects == "none"
    assert ActionSet("Vrijdag vraag ik Sandra om feedback op mijn kassawerk",
                     date(2026, 11, 27)) in done.events
    assert MOMENT in talk.text and "Sandra liet zien" in talk.text
    assert "vrijdag 27 november" in talk.text


def test_english_conversation(new_talk) -> None:  # type: ignore[no-untyped-def]
    talk = new_talk(language="en")
    assert "internship day" in talk.text
    assert talk.labels[0] == "😀 Great"
    reach_action(talk)
    talk.say("Tomorrow I will ask my supervisor for feedback on my work")
    assert talk.outcome.turn.done
    assert "Tuesday 24 November" in talk.text


def test_a_short_answer_gets_asked_then_examples_then_moves_on_kindly(talk: Talk) -> None:
    talk.say("2")
    first = talk.say("goed")
    assert talk.step == "moment" and first.turn.expects == "text"
    assert "één ding" in first.turn.text or "één moment" in first.turn.text  # what happened
    second = talk.say("weet niet")  # twice nothing to say: examples to choose from
    assert talk.step == "moment" and len(second.turn.options) == 3
    assert "voorbeeld" in second.turn.text
    third = talk.say("niks")  # max_probes is 2: now the bot moves on
    assert talk.step == "onderwerp"
    assert "verder" in third.turn.text
    kinds = [e.kind for e in first.events + second.events + third.events
             if isinstance(e, AnswerGiven)]
    assert kinds == ["moment", "moment", "moment"]  # every answer is kept


def test_a_reflective_answer_gets_no_follow_up(talk: Talk) -> None:
    talk.say("2")
    talk.say(MOMENT)
    assert talk.step == "onderwerp"


def test_competency_answers_are_tagged(talk: Talk) -> None:
    talk.say("2")
    talk.say(MOMENT)
    talk.say("3")
    talk.press("enough")
    outcome = talk.say(ANSWER)
    assert AnswerGiven("werkexploratie", "werkexploratie", ANSWER) in outcome.events


def test_two_topics_in_one_message(talk: Talk) -> None:
    talk.say("2")
    talk.say(MOMENT)
    talk.say("1 en 5")
    assert talk.step == "kwaliteiten"
    assert talk.outcome.snapshot.topics == ["kwaliteiten", "netwerken"]


def test_you_choose_picks_the_least_discussed_competency(new_talk) -> None:  # type: ignore[no-untyped-def]
    counts = {"kwaliteiten": 3, "motieven": 2, "werkexploratie": 2, "loopbaansturing": 1,
              "netwerken": 4}
    talk = new_talk(competency_counts=counts)
    talk.say("2")
    talk.say(MOMENT)
    assert "Wat wil ik hierna leren?" in talk.text  # the suggestion
    talk.say("kies jij maar")
    assert talk.step == "loopbaansturing"


def test_networking_wins_a_tie_in_the_tip(new_talk) -> None:  # type: ignore[no-untyped-def]
    counts = {"kwaliteiten": 1, "motieven": 1, "werkexploratie": 1, "loopbaansturing": 1,
              "netwerken": 1}
    talk = new_talk(competency_counts=counts)
    talk.say("2")
    talk.say(MOMENT)
    assert "Wie kan mij helpen?" in talk.text
    talk.say("maakt niet uit")
    assert talk.step == "netwerken"


def test_no_suggestion_before_any_history(talk: Talk) -> None:
    talk.say("2")
    talk.say(MOMENT)
    assert "Tip" not in talk.text


def test_wordings_rotate_between_consecutive_conversations(new_talk) -> None:  # type: ignore[no-untyped-def]
    texts = []
    for number in (1, 2, 3):
        talk = new_talk(conversation_number=number)
        talk.say("2")
        texts.append(talk.text)
    assert texts[0] != texts[1] and texts[1] != texts[2]


def test_action_without_a_date_asks_when_with_quick_choices(talk: Talk) -> None:
    reach_action(talk)
    ask = talk.say("Ik ga mijn begeleider om feedback vragen")
    assert ask.turn.expects == "date" and talk.step == "actie"
    assert any("Morgen" in label for label in talk.labels)
    done = talk.say("1")
    assert done.turn.done
    assert ActionSet("Ik ga mijn begeleider om feedback vragen",
                     TODAY + timedelta(days=1)) in done.events


def test_quick_date_button(talk: Talk) -> None:
    reach_action(talk)
    talk.say("Ik ga mijn begeleider om feedback vragen")
    value = talk.outcome.turn.options[2].value
    done = talk.press(value)
    assert done.turn.done and done.snapshot.action is not None
    assert done.snapshot.action.due == date.fromisoformat(value)


def test_a_date_alone_asks_what(talk: Talk) -> None:
    reach_action(talk)
    talk.say("morgen")
    assert talk.step == "actie" and talk.outcome.turn.expects == "text"
    assert "dinsdag 24 november" in talk.text
    done = talk.say("Ik oefen het gesprek met een klant")
    assert done.snapshot.action is not None
    assert done.snapshot.action.due == date(2026, 11, 24)


def test_dates_in_the_past_are_refused_saying_which_day(talk: Talk) -> None:
    reach_action(talk)
    talk.say("Ik vraag mijn begeleider om feedback")
    refused = talk.say("3 november")
    assert not refused.turn.done and "al geweest" in refused.turn.text
    assert "dinsdag 3 november" in refused.turn.text  # the day it understood
    done = talk.say("15 december")
    assert done.snapshot.action is not None and done.snapshot.action.due == date(2026, 12, 15)


def test_something_already_done_is_not_an_action(talk: Talk) -> None:
    reach_action(talk)
    done = talk.say("Gisteren heb ik mijn begeleider om feedback gevraagd")
    assert not done.turn.done and done.snapshot.draft.what is None
    assert "al gedaan" in done.turn.text


def test_a_non_action_is_not_accepted(talk: Talk) -> None:
    reach_action(talk)
    for vague in ("weet niet", "ok"):
        outcome = talk.say(vague)
        assert not outcome.turn.done and outcome.snapshot.action is None
        assert outcome.turn.options  # example steps to choose from


def test_open_action_is_followed_up_first(new_talk) -> None:  # type: ignore[no-untyped-def]
    talk = new_talk(open_action=open_action())
    assert talk.step == "actie_terugblik"
    assert "Ik vraag Sandra om feedback" in talk.text and "maandag 23 november" in talk.text
    outcome = talk.say("1")
    assert ActionReviewed(7, outcome="done") in outcome.events
    assert "gelukt" in outcome.turn.text or "Goed gedaan" in outcome.turn.text  # praise
    learned = "Ze gaf tips over hoe ik klanten beter kan begroeten, dat leerde ik ervan"
    outcome = talk.say(learned)
    assert ActionReviewed(7, learning=learned) in outcome.events
    assert talk.step == "dag"


def test_not_yet_asks_what_held_the_student_back(new_talk) -> None:  # type: ignore[no-untyped-def]
    talk = new_talk(open_action=open_action())
    talk.press("not_yet")
    assert talk.step == "actie_obstakel"
    # 'weet niet' to that: on to the new day, not 'Vertel eens over één ding van vandaag'
    on = talk.say("weet niet")
    assert talk.step == "actie_nieuwe_datum" and "vandaag" not in on.turn.text.lower()


# -- bad input: a clear answer, and the conversation stays where it was --------------------

def test_bad_input_keeps_the_conversation_where_it_was(talk: Talk) -> None:
    before = talk.outcome.snapshot
    cases = {
        "": "geen tekst",
        "   \t ": "geen tekst",
        "x" * 10_000: "lang bericht",
        "9": "nummer staat er niet bij",
        "banaan": "Kies een van de opties",
        "\x00\x1b\x07": "geen tekst",
    }
    for given, answer in cases.items():
        outcome = talk.say(given)
        assert not outcome.accepted
        assert answer in outcome.turn.text, given[:20]
        assert outcome.snapshot == before
        assert "stagedag" in outcome.turn.text  # the question is asked again
        assert outcome.turn.options  # with its options
    unreadable = talk.send(Unreadable())
    assert "kon ik niet lezen" in unreadable.turn.text and not unreadable.accepted


def test_control_characters_inside_text_are_dropped(talk: Talk) -> None:
    talk.say("2")
    outcome = talk.say("Ik hielp een klant\x1b[31m bij de kassa en dat ging best goed")
    assert outcome.accepted
    assert AnswerGiven("moment", None, "Ik hielp een klant[31m bij de kassa en dat ging best "
                       "goed", "moment") in outcome.events


def test_emoji_picks_the_option_with_that_emoji(talk: Talk) -> None:
    talk.say("😐")
    assert talk.outcome.snapshot.choices["dag"] == "so_so"


def test_emoji_only_answer_gets_a_follow_up(talk: Talk) -> None:
    talk.say("2")
    talk.say("🔥🔥🔥")
    assert talk.step == "moment"


def test_a_stale_button_is_explained(talk: Talk) -> None:
    outcome = talk.press("kwaliteiten")
    assert not outcome.accepted and "eerdere vraag" in outcome.turn.text


def test_a_double_tap_does_not_answer_twice(talk: Talk) -> None:
    talk.press("good")
    again = talk.press("good")
    assert not again.accepted and talk.step == "moment"


def test_a_finished_conversation_takes_no_more_answers(talk: Talk) -> None:
    reach_action(talk)
    talk.say("Morgen vraag ik mijn begeleider om feedback")
    after = talk.say("nog iets")
    assert not after.accepted and after.snapshot.mode == "completed"


def test_a_button_from_an_earlier_question_is_stale(talk: Talk) -> None:
    from bot.core.conversation import Pressed

    first_at = talk.outcome.turn.at
    talk.send(Pressed("good", at=first_at))
    assert talk.step == "moment" and talk.outcome.turn.at != first_at
    again = talk.send(Pressed("good", at=first_at))  # a double tap on the same button
    assert not again.accepted and again.refusal == "input.stale_button"


def test_questions_grow_shorter_and_more_open(new_talk) -> None:  # type: ignore[no-untyped-def]
    early = new_talk(conversation_number=5)
    early.say("2")
    assert "Denk aan één moment" in early.text or "Welk moment" in early.text \
        or "Noem één ding" in early.text
    later = new_talk(conversation_number=6)
    later.say("2")
    assert later.text in ("Wat is je van vandaag bijgebleven?",
                          "Vertel: wat gebeurde er vandaag?")


def test_a_reason_typed_with_not_yet_is_not_asked_for_again(new_talk) -> None:  # type: ignore[no-untyped-def]
    talk = new_talk(open_action=open_action())
    said = "vergeten te vragen omdat het heel druk was"
    reply = talk.say(said)  # 'Nog niet', with why
    assert "Wat hield je tegen" not in reply.turn.text and "in de weg" not in reply.turn.text
    assert "helpen" in reply.turn.messages[-1]  # what would help, instead
    assert ActionReviewed(7, learning=said) in reply.events
    talk.say("een briefje in mijn tas")
    assert talk.step == "actie_nieuwe_datum"


def test_a_student_who_takes_back_the_mood_gets_the_day_they_meant(new_talk) -> None:  # type: ignore[no-untyped-def]
    """A user trial: 'super', then 'nee wacht eigenlijk was het niet leuk' was said back as
    the moment ('Nee wacht eigenlijk was het niet leuk, hoor ik.'). The mood is changed, once
    (no second mood for the mentor's trend), and the hard day's question follows; the low
    mood twice in a row still reaches the mentor."""
    talk = new_talk(previous_mood="bad")
    talk.say("1")
    assert talk.step == "moment"
    fixed = talk.say("nee wacht eigenlijk was het niet leuk")
    assert fixed.accepted and talk.step == "lastige_dag"
    assert fixed.turn.messages[0] == "Oké, ik pas het aan: 🙁 Niet fijn."
    assert "niet fijn was" in fixed.turn.messages[-1]
    assert [(e.kind, e.text) for e in fixed.events if isinstance(e, AnswerGiven)] == [
        ("said_at_choice", "nee wacht eigenlijk was het niet leuk")]  # not a second mood
    assert [e.mood for e in fixed.events if isinstance(e, MoodCorrected)] == ["bad"]
    assert [e.rule for e in fixed.events if isinstance(e, FlagRaised)] == ["stemming_laag"]
    assert fixed.student_text == "nee wacht eigenlijk was het niet leuk"
    # and back up again, in English words too
    back_up = talk.say("sorry i meant good")
    assert talk.step == "moment" and "🙂 Goed" in back_up.turn.messages[0]


def test_a_wrong_tap_on_the_mood_asks_it_again(talk: Talk) -> None:
    talk.say("4")
    again = talk.say("oeps verkeerd geklikt")
    assert talk.step == "dag" and again.turn.expects == "choice"
    chosen = talk.say("2")
    assert talk.step == "moment"
    assert [e.mood for e in chosen.events if isinstance(e, MoodCorrected)] == ["good"]
    assert not [e for e in chosen.events if isinstance(e, AnswerGiven)]


def test_an_answer_that_opens_with_eigenlijk_is_an_answer(talk: Talk) -> None:
    talk.say("2")
    said = "eigenlijk was het heel druk bij de kassa"
    reply = talk.say(said)
    assert [e.text for e in reply.events if isinstance(e, AnswerGiven)] == [said]
    assert not [e for e in reply.events if isinstance(e, MoodCorrected)]
    # a correction only right after the mood: later, 'eigenlijk niet fijn' is an answer
    later = talk.say("eigenlijk niet fijn")
    assert not [e for e in later.events if isinstance(e, MoodCorrected)]


def test_no_in_the_students_words_answers_the_mentors_offer(new_talk) -> None:  # type: ignore[no-untyped-def]
    """A user trial: 'nee hoeft nie' and, in English, 'no' and 'nope' at the offer of the
    mentor got the same question back each time; only the button's number worked."""
    talk = new_talk()
    talk.say("4")
    talk.say("een klant schreeuwde tegen me")
    talk.say("ik was bang")
    offer = talk.say("weet niet")
    assert "mentor" in offer.turn.messages[-1] and offer.turn.options
    declined = talk.say("nee hoeft nie")
    assert talk.step == "onderwerp" and "Prima" in declined.turn.text
    english = new_talk(language="en")
    english.say("2")
    english.say("my boss hit me")
    english.press("continue")
    english.say("no")  # how they are now
    answered = english.say("nope")  # the offer to tell the mentor they want contact
    assert english.step == "moment" and "carry on" in answered.turn.text


def test_words_at_a_choice_twice_get_plain_words_on_how_to_choose(new_talk) -> None:  # type: ignore[no-untyped-def]
    """A user trial answered 'Hoe ging dat?' (the last action) in words four times and got
    the question back each time, as if not heard. The words are kept; the second time the
    bot says plainly how to choose. 'ik denk het wel, ik mocht ...' is a done."""
    talk = new_talk(open_action=open_action(), conversation_number=3)
    first = talk.say("tja hoe zal ik het zeggen")
    second = talk.say("dat je het gwn kan vragen")
    assert talk.step == "actie_terugblik"
    assert "knoppen" not in first.turn.text and "Kies nu een van de knoppen" in second.turn.text
    assert [e.kind for e in second.events if isinstance(e, AnswerGiven)] == ["said_at_choice"]
    done = new_talk(open_action=open_action(), conversation_number=3)
    said = done.say("ik denk het wel, ik mocht toen labels printen ipv dozen")
    assert done.step == "actie_geleerd" and "Je denkt het" not in said.turn.text


def test_no_internship_today_turns_the_question_to_the_last_internship_day(talk: Talk) -> None:
    """A user trial: 'ik had vandaag geen stage?' and 'geen stage vandaag' at 'Hoe was je
    stagedag vandaag?' got the question back, twice. Now: kept, and asked about the last
    internship day, once; then on as usual."""
    turned = talk.say("ik had vandaag geen stage? we waren toch bezig met die broodjes")
    assert talk.step == "dag" and "laatste stagedag" in turned.turn.text
    assert [o.value for o in turned.turn.options] == ["great", "good", "so_so", "bad"]
    assert [e.kind for e in turned.events if isinstance(e, AnswerGiven)] == ["said_at_choice"]
    talk.say("2")
    assert talk.step == "moment"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_after_no_internship_today_the_questions_ask_about_that_day(
        new_talk, lang: str) -> None:  # type: ignore[no-untyped-def]
    """Found trying the bot: 'Dan kijken we terug op je laatste stagedag', and then 'Welk
    moment van vandaag zit nog in je hoofd?'. The questions about the day now say 'die dag';
    the choice of what to talk about today is still today's."""
    today, that_day = ("vandaag", "die dag") if lang == "nl" else ("today", "that day")
    talk = new_talk(language=lang)
    talk.say("ik had vandaag geen stage" if lang == "nl" else "i had no internship today")
    moment = talk.say("2")
    assert talk.step == "moment" and that_day in moment.turn.text.lower()
    assert today not in moment.turn.text.lower()
    probed = talk.say("kassa" if lang == "nl" else "till")  # a probe asks about it too
    assert today not in probed.turn.messages[-1].lower()
    usual = new_talk(language=lang)  # and a day with an internship is still today
    usual.say("2")
    assert today in usual.text.lower()


def test_boeie_is_a_shrug_not_a_puzzle(talk: Talk) -> None:
    """A user trial: 'boeie' got 'Dat snap ik niet helemaal.' At the mood it is 'gaat wel';
    at the topics it leaves the choice to the bot."""
    talk.say("boeie")
    assert talk.outcome.snapshot.choices == {"dag": "so_so"}
    talk.say("ik deed de kassa en bleef rustig toen het druk was, dat leerde ik")
    chosen = talk.say("boeie")
    assert "dan kies ik" in chosen.turn.text


def test_the_goodbye_is_gentle_after_a_concern(talk: Talk) -> None:
    """A user trial: 'Top dat je dit hebt gedaan. Succes met je actie!' after being ignored
    all day. A concern told makes the goodbye gentle."""
    from tests.test_actions import ANSWER

    talk.say("2")
    talk.say("ze negeren me de hele dag op stage")
    talk.say("verder")
    talk.say("1")
    talk.press("enough")
    for _ in range(6):
        if talk.step == "actie":
            break
        talk.say(ANSWER)
    talk.say("Vrijdag vraag ik mijn begeleider om feedback")
    assert talk.outcome.turn.done
    assert "Top dat je dit hebt gedaan" not in talk.text and "Goed gedaan!" not in talk.text



def test_kweenie_and_a_no_in_words_at_the_topic_choices(talk: Talk) -> None:
    """A user trial: 'kweenie' at the topics got 'Dat snap ik niet helemaal' twice ('idk'
    in English worked), and 'nee hoeft nie' at 'Wil je nog over een tweede onderwerp
    praten?' got 'Kies nu een van de knoppen'."""
    talk.say("2")
    talk.say("ik deed de kassa en bleef rustig toen het druk was, dat leerde ik")
    assert "dan kies ik" in talk.say("kweenie").turn.text
    other = Talk(talk.content, talk.machine, talk.ctx)
    other.say("2")
    other.say("ik deed de kassa en bleef rustig toen het druk was, dat leerde ik")
    other.say("1")
    assert other.step == "onderwerp"
    other.say("nee hoeft nie")
    assert other.step != "onderwerp"


def test_what_was_done_to_the_student_comes_first_in_the_reply(talk: Talk) -> None:
    talk.say("2")
    reply = talk.say("mijn chef schreeuwde tegen me omdat ik de tafels vergeten was")
    assert reply.turn.messages[0].startswith("Je chef schreeuwde tegen je")
    assert "Je was de tafels vergeten" not in reply.turn.text


def test_a_conversation_of_shrugs_ends_with_thanks_not_praise(talk: Talk) -> None:
    """An eighth user trial: a student who answered with emoji and 'weet niet' throughout was
    told 'Top dat je dit hebt gedaan'."""
    talk.say("3")
    talk.answer_until("actie", "weet niet", limit=20)
    talk.say("Ik vraag Sandra om feedback")
    talk.say("vrijdag")
    assert talk.outcome.turn.done
    goodbye = talk.outcome.turn.messages[-1]
    assert "Top" not in goodbye and "Goed gedaan" not in goodbye and "Dank je" in goodbye
