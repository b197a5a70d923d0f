"""Whatever a student sends, the engine answers and the conversation can still reach its action."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.app import Content
from bot.core.conversation import Context, Input, Pressed, Said, Unreadable
from bot.language.greeting import just_greets
from tests.conftest import TODAY, Talk, open_action
from tests.test_odd_text import odd_text

COOPERATIVE = "Vrijdag vraag ik mijn begeleider om uitleg over de kassa"

inputs = st.one_of(
    st.text(max_size=300).map(Said),
    odd_text.map(Said),  # real words glued with odd marks: "1'A"
    st.sampled_from(["1", "2", "9", "0", "-1", "1 en 3", "weet niet", "goed", "morgen",
                     "gisteren", "kies jij maar", "nee", "😀", "\x00", " ", "\n\n"]).map(Said),
    st.text(alphabet="0123456789 ,.en", max_size=12).map(Said),
    st.text(max_size=30).map(Pressed),
    st.sampled_from(["done", "enough", "you_choose", "kwaliteiten", "good",
                     "2026-11-24"]).map(Pressed),
    st.just(Unreadable()),
)


def finish(talk: Talk) -> None:
    """Answer as a willing student would, until the conversation is done."""
    for _ in range(40):
        if talk.outcome.turn.done:
            return
        options = talk.outcome.turn.options
        talk.say(options[0].label if options else COOPERATIVE)
    raise AssertionError(f"did not finish; stuck at {talk.step}: {talk.text!r}")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(inputs, max_size=25), st.sampled_from(["nl", "en"]), st.booleans(),
       st.integers(1, 20))
@example([Said("²")], "nl", False, 1)  # found by this test: a digit that int() refuses
@example([Said("1'A")], "nl", False, 1)  # found by this test in CI: "i'a" read as 'I ...'
@example([Said("ZM"), Said("3")], "nl", False, 1)  # 'zm' (zelfmoord), then 'stop for today'
def test_any_input_leaves_a_conversation_that_reaches_its_action(
        content: Content, script: list[Input], language: str, has_action: bool,
        number: int) -> None:
    for name in content.catalog.names:
        machine = content.catalog.current(name)
        if language not in machine.flow.languages:
            continue
        ctx = Context(language=language, today=TODAY, conversation_number=number,
                      open_action=open_action() if has_action else None)
        talk = Talk(content, machine, ctx)
        for given_input in script:
            outcome = talk.send(given_input)
            assert outcome.turn.messages and all(outcome.turn.messages)
        if talk.outcome.snapshot.mode == "stopped":  # after an urgent text, they chose to stop
            assert content.texts.say(language, "safety.stopped") in talk.text
            continue
        finish(talk)
        action = talk.outcome.snapshot.action
        assert action is not None and action.what and action.due is not None
        assert action.due >= TODAY


def test_a_command_typed_where_there_are_no_commands_is_no_answer(talk: Talk) -> None:
    """The console and the web chat have no slash commands: '/start' is not an answer, and
    certainly not the student's action."""
    talk.say("2")
    assert talk.step == "moment"
    refused = talk.say("/start")
    assert not refused.accepted and talk.step == "moment"
    assert "/start" in refused.turn.messages[0] and "opdracht" in refused.turn.messages[0]
    assert not refused.events
    assert talk.say("Ik moest vandaag alleen de kassa doen").accepted


def test_a_hello_is_no_answer_but_a_hello_with_words_is(talk: Talk) -> None:
    """A fourth user trial: back the next day, a student wrote 'hoi' and the bot took it as
    what they felt ('Oké. Wat zegt dat over jou?'). A hello alone is greeted, and the question
    waits; words after a hello are an answer, and 'alles goed' or 'vanavond' are answers."""
    asked = talk.say("2").turn.messages[-1]
    for hello in ("hoi", "Heyy 👋", "goedemiddag!", "ik ben er weer", "yo wzp"):
        refused = talk.say(hello)
        assert not refused.accepted and talk.step == "moment", hello
        assert refused.turn.messages == ["Hoi! 👋", asked]
    answered = talk.say("hoi, ik moest vandaag alleen de kassa doen")
    assert answered.accepted and "kassa" in answered.turn.text
    assert not just_greets("alles goed") and not just_greets("vanavond")
    assert not just_greets("morgen") and not just_greets("hoi ik heb de kassa gedaan")


def test_a_command_that_asks_for_the_mentor_still_does(talk: Talk) -> None:
    talk.say("2")
    said = talk.say("/mentor")
    assert talk.step == "moment"  # no answer to the question
    assert any(type(e).__name__ == "FlagRaised" for e in said.events)


def test_a_slash_inside_an_answer_is_no_command(talk: Talk) -> None:
    talk.say("2")
    for said in ("1/2 van de dag stond ik bij de kassa", "/me is moe vandaag"):
        assert talk.say(said).refusal != "input.command"


def test_an_empty_line_names_options_only_where_there_are_some(talk: Talk) -> None:
    """A user trial (2026-12-07): an empty line at a question without options was told to
    'kies een van de opties'."""
    at_choice = talk.say("")
    assert "opties" in at_choice.turn.messages[0]  # the mood: options to pick
    talk.say("2")
    at_question = talk.say("   ")
    assert not at_question.accepted and "opties" not in at_question.turn.messages[0]
    assert "Typ je antwoord" in at_question.turn.messages[0]


def test_a_bare_number_at_an_open_question_is_no_answer(talk: Talk) -> None:
    """A user trial: '4' typed at 'Welk moment ...?' got 'Helder.' and the next question."""
    asked = talk.say("2").turn.messages[-1]
    refused = talk.say("4")
    assert not refused.accepted and talk.step == "moment"
    assert refused.turn.messages[-1] == asked and "eigen woorden" in refused.turn.messages[0]
    assert talk.say("om 4 uur moest ik de kassa tellen").accepted
