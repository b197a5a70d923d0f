"""A question back instead of an answer ('wat bedoel je?', 'wrm vraag je dat', 'heb jij even
tijd voor fifa'): answered, the question asked again, and never kept as the student's answer."""

from __future__ import annotations

import pytest

from bot.core.conversation import AnswerGiven, Context, FlagRaised
from bot.language.answers import asked_back
from tests.conftest import TODAY, Talk, open_action


def at_moment(talk: Talk) -> str:
    talk.say("2")
    assert talk.step == "moment"
    return talk.outcome.turn.messages[-1]


@pytest.mark.parametrize(("said", "kind"), [
    ("wat bedoel je", "meaning"), ("Wat bedoel je?", "meaning"), ("hè?", "meaning"),
    ("snap de vraag niet", "meaning"), ("wat moet ik hier invullen", "meaning"),
    ("what do you mean?", "meaning"), ("idk wat je bedoelt", "meaning"),
    ("wrm vraag je dat", "why"), ("wrm moet dat", "why"), ("hoezo", "why"),
    ("why do you ask", "why"),
    ("weet mijn mentor nu wat ik vorige keer schreef?", "privacy"),
    ("who can see this?", "privacy"), ("zeg het niet tegen mijn mentor", "privacy"),
    ("heb jij ff tijd voor fifa", "bot"), ("ben jij een robot?", "bot"), ("are you a bot", "bot"),
    ("Wait, are you a real person?", "bot"), ("ben jij een echt mens?", "bot"),
    ("moet dat?", "why"), ("is dat nodig?", "why"),
    # answers, also those that hold a question of their own
    ("waarom ik dat leuk vond? omdat ik mocht helpen", None), ("wat een drukte", None),
    ("heb je wel eens een boze klant gehad? ik wel", None), ("wat leuk", None),
    ("hoe ik het deed? gewoon rustig", None), ("ik hielp een klant", None),
])
def test_a_question_back_is_told_from_an_answer(said: str, kind: str | None) -> None:
    assert asked_back(said) == kind


def test_what_do_you_mean_gets_examples_and_is_no_answer(talk: Talk) -> None:
    at_moment(talk)
    reply = talk.say("wat bedoel je")
    assert "anders uit" in reply.turn.text and len(reply.turn.options) >= 2  # examples
    assert [e.kind for e in reply.events if isinstance(e, AnswerGiven)] == ["asked_back"]
    assert not reply.snapshot.notes  # not the moment of the day, not in the summary
    chosen = talk.press(reply.turn.options[0].value)
    assert reply.turn.options[0].label in chosen.turn.text  # the example is taken up


def test_why_do_you_ask_is_answered_and_the_question_comes_again(talk: Talk) -> None:
    question = at_moment(talk)
    reply = talk.say("wrm vraag je dat")
    assert "Goede vraag" in reply.turn.text and reply.turn.messages[-1] == question
    assert talk.step == "moment" and not reply.snapshot.notes
    again = talk.say("wrm")  # asked again: no lecture twice, on to the next question
    assert "Goede vraag" not in again.turn.text and talk.step != "moment"


def test_a_question_for_the_bot_is_no_reflection(talk: Talk) -> None:
    question = at_moment(talk)
    reply = talk.say("heb jij ff tijd voor fifa")
    assert "chatbot" in reply.turn.text and reply.turn.messages[-1] == question
    assert "fifa" not in reply.turn.text.lower()  # not said back as if it were their day
    talk.say("Ik heb vandaag de kassa gedaan en dat ging goed")
    assert all("fifa" not in n.text for n in talk.outcome.snapshot.notes)


def test_in_english_too(new_talk) -> None:  # type: ignore[no-untyped-def]
    talk = new_talk(language="en")
    talk.say("2")
    reply = talk.say("why do you ask")
    assert "Good question" in reply.turn.text


def test_an_example_is_chosen_by_typing_its_number(talk: Talk) -> None:
    at_moment(talk)
    shown = talk.say("wat bedoel je").turn.options
    chosen = talk.say("1")  # the console says numbers may be typed at every choice
    assert f"„{shown[0].label}”" in chosen.turn.text and talk.step == "moment"


def test_a_question_back_at_a_follow_up_gets_that_follow_up_again(talk: Talk) -> None:
    at_moment(talk)
    follow_up = talk.say("Het ging goed met de klanten").turn.messages[-1]
    reply = talk.say("waarom vraag je dat")
    assert reply.turn.messages[-1] == follow_up


def test_only_asking_for_the_mentor_is_no_moment_of_the_day(talk: Talk) -> None:
    question = at_moment(talk)
    reply = talk.say("ik wil mijn mentor spreken")
    assert "mentor" in reply.turn.text and reply.turn.messages[-1] == question
    assert "Wat voelde je" not in reply.turn.text and not reply.snapshot.notes
    assert any(e.action == "mentor_request" for e in reply.events
               if isinstance(e, FlagRaised))


def test_who_sees_what_i_write_is_answered_honestly(talk: Talk) -> None:
    question = at_moment(talk)
    reply = talk.say("weet mijn mentor nu wat ik vorige keer schreef?")
    assert "niet wat je precies schreef" in reply.turn.text
    assert reply.turn.messages[-1] == question and not reply.snapshot.notes


def test_a_question_back_at_a_choice_says_how_to_choose_and_asks_again(talk: Talk) -> None:
    mood = talk.text
    reply = talk.say("wat bedoel je?")
    assert "typ het nummer" in reply.turn.text and reply.turn.options  # the choice again
    assert "neem ik mee" not in reply.turn.text and talk.step == "dag"
    assert reply.turn.messages[-1] in mood  # the mood question itself


def test_what_do_you_mean_at_a_follow_up_gets_no_examples_for_another_question(
        talk: Talk) -> None:
    at_moment(talk)
    follow_up = talk.say("Het ging goed met de klanten").turn.messages[-1]
    reply = talk.say("wat bedoel je")
    assert not reply.turn.options and reply.turn.messages[-1] == follow_up


def test_a_kind_of_moment_picked_from_the_examples_is_not_the_moment_itself(talk: Talk) -> None:
    at_moment(talk)
    talk.say("wat bedoel je")
    talk.say("1")  # 'Iets wat goed ging'
    told = talk.say("Ik hielp een klant met zoeken en ze was blij")
    assert [n.text for n in told.snapshot.notes if n.records == "moment"] == [
        "Ik hielp een klant met zoeken en ze was blij"]


def test_what_do_you_mean_at_a_follow_up_promises_no_other_explanation(talk: Talk) -> None:
    """A user trial (2026-12-07): at a follow-up, 'wat bedoel je' got 'Ik leg het anders uit'
    and then the same question word for word."""
    at_moment(talk)
    follow_up = talk.say("Ik moest vandaag alleen de kassa doen")
    question = follow_up.turn.messages[-1]
    assert follow_up.snapshot.probes_used  # a follow-up was asked
    reply = talk.say("wat bedoel je")
    assert "anders uit" not in reply.turn.text and "geen goed of fout" in reply.turn.text
    assert reply.turn.messages[-1] == question


def test_why_at_the_follow_up_of_an_action_says_why_that_is_asked(content, stagedag) -> None:  # type: ignore[no-untyped-def]
    """A user trial: 'waarom wil je dat weten' at 'Wat zat er in de weg?' got the general
    answer about looking back on the day. The step's own `why` answers it."""
    talk = Talk(content, stagedag, Context(language="nl", today=TODAY,
                                           open_action=open_action()))
    talk.say("Een beetje")
    assert talk.step == "actie_obstakel"
    asked = talk.outcome.turn.messages[-1]
    why = talk.say("waarom wil je dat weten")
    assert "in de weg zat" in why.turn.text and "stagedag" not in why.turn.text
    assert why.turn.messages[-1] == asked and talk.step == "actie_obstakel"


def test_a_question_back_with_its_answer_after_it_is_that_answer(talk: Talk) -> None:
    """An eighth user trial: 'hoe bedoel je wat voelde ik, gewoon niks' got the question
    again; 'niks' was the answer."""
    from bot.core.conversation import AnswerGiven

    talk.say("2")
    talk.say("ik heb de kassa gedaan")
    assert "voelde" in talk.text
    reply = talk.say("hoe bedoel je wat voelde ik, gewoon niks")
    assert "De vraag was" not in reply.turn.text
    answers = [e for e in reply.events if isinstance(e, AnswerGiven)]
    assert [a.text for a in answers] == ["gewoon niks"]  # without the question back


@pytest.mark.parametrize("said", ["help", "HELP", "hulp", "help pls"])
def test_help_alone_at_a_question_is_asking_how_to_answer(talk: Talk, said: str) -> None:
    """An eighth user trial: 'help' got 'Helder.' and the next question."""
    talk.say("2")
    reply = talk.say(said)
    assert "geen goed of fout" in reply.turn.text and talk.step == "moment"
