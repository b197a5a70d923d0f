"""The bot listens: replies that take up what the student said, follow-ups on what is missing,
a bad day and a doubt heard, memory across conversations, choices that understand words."""

from __future__ import annotations

import logging
import re
import sys

import pytest

from bot.app import Content
from bot.core.conversation import AnswerGiven, FactNoted, FlagRaised
from bot.language.answers import understand
from tests.conftest import ROOT, Talk
from tests.school_seed import MOMENT

PRAISE = ("Mooi", "goed zo", "Top", "Goed gedaan", "Nice", "Well done")


def at_moment(talk: Talk) -> None:
    talk.say("2")
    assert talk.step == "moment"


def at_topic(new_talk, topic: str) -> Talk:  # type: ignore[no-untyped-def]
    """A conversation at `topic`'s question: the topic least talked about, chosen for the
    student."""
    counts = {key: 3 for key in ("kwaliteiten", "motieven", "werkexploratie",
                                 "loopbaansturing", "netwerken")}
    counts[topic] = 1
    talk: Talk = new_talk(competency_counts=counts)
    talk.say("2")
    talk.say(MOMENT)
    talk.say("kies jij maar")
    assert talk.step == topic
    return talk


def at_loopbaansturing(new_talk) -> Talk:  # type: ignore[no-untyped-def]
    """A conversation at 'Wat wil je nog leren?'."""
    return at_topic(new_talk, "loopbaansturing")


def test_the_reply_takes_up_the_students_own_words(talk: Talk) -> None:
    at_moment(talk)
    reply = talk.say("Ik moest de overdracht doen en ik vergat de helft")
    said = reply.turn.messages[0].lower()
    assert "je moest de overdracht doen" in said or "je vergat de helft" in said


def test_the_reply_names_the_feeling(talk: Talk) -> None:
    at_moment(talk)
    reply = talk.say("Ik was zenuwachtig bij de overdracht aan de avonddienst")
    assert "zenuwachtig" in reply.turn.messages[0]


def test_a_compliment_from_someone_is_taken_up(talk: Talk) -> None:
    at_moment(talk)
    reply = talk.say("Mijn praktijkbegeleider zei dat ik het goed deed met de klanten")
    said = reply.turn.messages[0]
    assert "je praktijkbegeleider" in said and ("compliment" in said or "zei" in said)


@pytest.mark.parametrize("text", [
    "Weet ik niet. Ik voel me vooral niet goed genoeg op die plek",
    "Ik ben gewoon dom, ik kan niks goed doen daar",
])
def test_a_student_who_puts_themself_down_is_never_praised(talk: Talk, text: str) -> None:
    at_moment(talk)
    reply = talk.say(text)
    assert not any(word.lower() in reply.turn.text.lower() for word in PRAISE)
    assert "zwaar" in reply.turn.text or "rot" in reply.turn.text


def test_a_description_gets_asked_about_the_students_own_part_or_feeling(talk: Talk) -> None:
    at_moment(talk)
    reply = talk.say("Er kwam een grote levering binnen en de collega's zetten alles in de "
                     "schappen")
    question = reply.turn.messages[-1]
    assert question.endswith("?") and any(w in question for w in ("voelde", "jij", "deed"))


def test_a_probe_never_presumes_what_was_not_said(talk: Talk) -> None:
    at_moment(talk)
    reply = talk.say("weet niet")
    question = reply.turn.messages[-1].lower()
    assert "wie waren erbij" not in question and "toen" not in question
    assert "moment" in question or "ding" in question


def test_no_follow_up_is_asked_twice_in_a_conversation(talk: Talk) -> None:
    asked: list[str] = []
    talk.say("2")
    for answer in ("goed", "van alles", "Ik moest helpen bij de kassa", "druk",
                   "Ik leerde dat ik rustig blijf"):
        outcome = talk.say(answer)
        if outcome.turn.expects == "text":
            asked.append(outcome.turn.messages[-1])
    talk.say("1")
    for answer in ("weet niet", "Ik hielp een klant met een retour", "ging wel",
                   "Dat ik goed kan uitleggen"):
        outcome = talk.say(answer)
        if talk.step == "kwaliteiten":
            asked.append(outcome.turn.messages[-1])
    assert len(asked) == len(set(asked)), asked


def test_a_student_who_twice_cannot_answer_gets_example_answers(talk: Talk) -> None:
    at_moment(talk)
    talk.say("weet niet")
    helped = talk.say("geen idee")
    assert len(helped.turn.options) >= 2  # example answers to pick, or type their own
    picked = talk.press(helped.turn.options[0].value)
    assert helped.turn.options[0].label in picked.turn.text


def test_a_bad_day_gets_a_real_turn_and_the_mentor_offered(talk: Talk) -> None:
    talk.press("bad")
    assert talk.step == "lastige_dag" and "vervelend" in talk.text
    talk.say("Mijn begeleider was boos omdat ik te laat was")
    talk.say("Ik voelde me dom en wilde naar huis")
    offer = talk.say("Een wekker die eerder afgaat")
    assert "mentor" in offer.turn.text and [o.label for o in offer.turn.options] == [
        "Ja, graag", "Nee, nu niet"]
    yes = talk.say("ja graag")
    assert any(isinstance(e, FlagRaised) and e.action == "mentor_request" for e in yes.events)


def test_not_now_to_the_mentor_says_how_to_ask_later_in_any_channel(talk: Talk) -> None:
    talk.press("bad")
    talk.say("Mijn begeleider was boos omdat ik te laat was")
    talk.say("Ik voelde me dom en wilde naar huis")
    talk.say("Een wekker die eerder afgaat")
    no = talk.say("nee")
    assert not any(isinstance(e, FlagRaised) for e in no.events)
    assert "ik wil mijn mentor spreken" in no.turn.text  # words work in every channel
    assert "/mentor" not in no.turn.text  # a command works in Telegram only


def test_a_plain_ja_accepts_the_mentor_offer(talk: Talk) -> None:
    talk.press("bad")
    talk.say("Mijn begeleider was boos omdat ik te laat was")
    talk.say("Ik voelde me dom en wilde naar huis")
    offer = talk.say("Een wekker die eerder afgaat")
    assert "mentor" in offer.turn.text
    yes = talk.say("ja")  # was kept as words and the offer asked again
    assert any(isinstance(e, FlagRaised) and e.action == "mentor_request" for e in yes.events)


def test_a_doubt_is_heard_kept_for_next_time_and_the_mentor_offered(talk: Talk) -> None:
    at_moment(talk)
    heard = talk.say("Ik weet niet of ik nog terug wil naar die stage, het is zo saai")
    assert "je weet niet of je nog terug wilt naar die stage" in heard.turn.text.lower()
    assert any(isinstance(e, FactNoted) and e.kind == "doubt" for e in heard.events)
    assert "mentor" in heard.turn.text or "serieus" in heard.turn.text


def test_a_doubt_is_kept_without_the_chat_words_it_ends_on(talk: Talk) -> None:
    at_moment(talk)
    heard = talk.say("ik weet nie of dit wel iets voor mij is lol 😅")
    [doubt] = [e for e in heard.events if isinstance(e, FactNoted) and e.kind == "doubt"]
    assert doubt.text == "ik weet nie of dit wel iets voor mij is"


def test_asking_for_the_mentor_in_words_is_a_concern(talk: Talk) -> None:
    at_moment(talk)
    outcome = talk.say("Ik wil eigenlijk eerst met mijn mentor op school praten")
    [flag] = [e for e in outcome.events if isinstance(e, FlagRaised)]
    assert flag.level == "concern" and flag.action == "mentor_request"


def test_a_remembered_doubt_is_asked_about_next_time(new_talk) -> None:  # type: ignore[no-untyped-def]
    talk = new_talk(memory={"doubt": "ik twijfel tussen ouderenzorg en het ziekenhuis"},
                    conversation_number=3)
    assert talk.step == "twijfel_nu"
    assert "Vorige keer twijfelde je" in talk.text and "ouderenzorg" in talk.text


def test_after_a_conversation_that_got_the_helplines_the_next_one_asks_how_they_are(
        new_talk) -> None:  # type: ignore[no-untyped-def]
    """A user trial: two days after '...maakt t niet uit of ik er ben' and the helplines, the
    next conversation opened with 'Hoe was je stagedag vandaag?'."""
    talk = new_talk(memory={"heavy": "yes", "doubt": "of ik dit wel kan"},
                    conversation_number=3)
    assert talk.step == "zorg_nu" and "Hoe gaat het nu met je?" in talk.text
    assert "twijfelde" not in talk.text  # one thing at a time: how they are comes first
    told = talk.say("nog steeds zwaar eigenlijk")
    assert [(e.rule, e.level) for e in told.events if isinstance(e, FlagRaised)] == [
        ("nog_zwaar", "concern")]  # and the mentor sees it in the overview
    # the mentor offered with buttons (an eighth user trial: 'Typ /mentor' in a console,
    # where commands do not work), and a yes reaches the mentor at once
    assert talk.step == "zorg_zwaar" and "/mentor" not in told.turn.text
    assert talk.labels == ["Ja, graag", "Nu niet"]
    yes = talk.say("ja")
    assert [(e.rule, e.action) for e in yes.events if isinstance(e, FlagRaised)] == [
        ("mentor_gevraagd", "mentor_request")]
    assert "mentor" in yes.turn.text and talk.step == "dag"
    not_now = new_talk(memory={"heavy": "yes"}, conversation_number=3)
    not_now.say("3")
    on = not_now.say("nu niet")
    assert not [e for e in on.events if isinstance(e, FlagRaised)]
    assert "ik wil mijn mentor spreken" in on.turn.text and not_now.step == "dag"
    again = new_talk(memory={"heavy": "yes"}, conversation_number=3)
    better = again.say("beter")
    assert again.step == "dag" and "/mentor" not in better.turn.text
    assert not [e for e in better.events if isinstance(e, FlagRaised)]


def test_how_are_you_is_not_asked_a_third_time_after_the_helplines(new_talk) -> None:  # type: ignore[no-untyped-def]
    """A user trial: 'Hoe gaat het nu met je?' after last time's heavy talk; the answer got
    the helplines; 'go on' asked 'hoe gaat het nu met je?'; and after the mentor's offer the
    first question came back, a third time. Answered once after the helplines is enough."""
    talk = new_talk(memory={"heavy": "yes"}, conversation_number=3)
    assert talk.step == "zorg_nu"
    talk.say("slecht, ik wil er gewoon niet meer zijn")
    talk.press("continue")
    talk.say("gaat wel een beetje")
    on = talk.say("nee hoeft nie")  # the mentor's offer: a no in the student's words
    assert "Hoe gaat het nu met je?" not in on.turn.text
    assert talk.step == "dag" and on.turn.options  # on to today


def test_a_remembered_doubt_is_quoted_without_a_stray_full_stop(new_talk) -> None:  # type: ignore[no-untyped-def]
    talk = new_talk(memory={"doubt": "ik weet niet of de zorg wel bij me past."},
                    conversation_number=3)
    assert "past”" in talk.text and ".”." not in talk.text


def test_doubting_yourself_and_then_doing_well_is_no_doubt_about_the_study() -> None:
    heard = understand("Dat ik meer kan dan ik denk. Ik twijfel vaak aan mezelf, maar toen het "
                       "moest ging het eigenlijk gewoon goed.", "nl")
    assert not heard.doubt  # no mentor offer, not asked about next time as a doubt
    assert heard.echo == "je kunt meer dan je denkt"  # 'dan ik denk' compares; no hedge
    assert understand("ik twijfel of de zorg wel iets voor mij is", "nl").doubt


def test_the_topic_question_refers_to_todays_moment(talk: Talk) -> None:
    talk.say("2")
    talk.say("Ik moest alleen de kassa doen toen het druk was. Ik bleef rustig en leerde "
             "dat ik meer kan dan ik dacht")
    talk.say("1")
    asked = talk.press("enough")
    assert talk.step == "kwaliteiten" and "de kassa" in asked.turn.text


# -- choices that understand words -------------------------------------------------------------

@pytest.mark.parametrize(("said", "mood"), [
    ("Goed, het was een drukke dag maar ik heb veel geleerd.", "good"),
    ("super leuk!", "great"),
    ("👍", "good"),
    ("echt kut", "bad"),
    ("niet zo fijn eigenlijk", "bad"),
    ("ging wel", "so_so"),
    ("eerst zenuwachtig maar daarna ging het", "so_so"),  # not a bad day (a user trial)
])
def test_a_mood_in_words_or_emoji_picks_the_option_and_keeps_the_words(
        talk: Talk, said: str, mood: str) -> None:
    outcome = talk.say(said)
    assert outcome.snapshot.choices["dag"] == mood, outcome.turn.text
    assert AnswerGiven("dag", None, mood, "mood") in outcome.events


@pytest.mark.parametrize("said", ["kies jij maar", "maakt niet uit", "jij mag kiezen"])
def test_you_choose_in_words(talk: Talk, said: str) -> None:
    talk.say("2")
    talk.say("Ik moest alleen de kassa doen toen het druk was. Ik bleef rustig en leerde dat "
             "ik meer kan dan ik dacht")
    talk.say(said)
    assert talk.step in ("kwaliteiten", "motieven", "werkexploratie", "loopbaansturing",
                         "netwerken")


def test_words_at_a_choice_that_mean_no_option_are_kept_and_answered(talk: Talk) -> None:
    talk.say("2")
    talk.say("Ik moest alleen de kassa doen toen het druk was. Ik bleef rustig en leerde dat "
             "ik meer kan dan ik dacht")
    outcome = talk.say("Eigenlijk wil ik het over mijn collega Piet hebben")
    assert talk.step == "onderwerp" and outcome.turn.options  # still the choice
    assert AnswerGiven("onderwerp", None, "Eigenlijk wil ik het over mijn collega Piet hebben",
                       "said_at_choice") in outcome.events


def test_a_second_pick_keeps_the_numbers_the_student_saw(talk: Talk) -> None:
    talk.say("2")
    talk.say("Ik moest alleen de kassa doen toen het druk was. Ik bleef rustig en leerde dat "
             "ik meer kan dan ik dacht")
    first = talk.say("2")
    if talk.step == "onderwerp":  # asked for a second topic: numbers stay as in the first list
        numbers = [o.number for o in first.turn.options]
        assert 2 not in numbers and 3 in numbers
        talk.say("3")
        assert talk.outcome.snapshot.topics == ["motieven", "werkexploratie"]


# -- the summary -------------------------------------------------------------------------------

def test_the_summary_is_true_to_the_student(talk: Talk) -> None:
    """A student who puts themself down is not questioned about it, is offered the mentor,
    and their words are not filed as a strength; the goodbye is kind, not 'goed gedaan'."""
    talk.say("2")
    talk.say("Ik moest alleen de kassa doen en ik deed alles fout")
    offer = talk.say("Ik voel me vooral niet goed genoeg op die plek")
    assert "?" not in offer.turn.messages[0] and "mentor" in offer.turn.text
    talk.press("mentor_no")
    talk.say("1")
    talk.press("enough")
    for _ in range(4):
        if talk.step == "actie":
            break
        talk.say("Weet ik niet. Ik ben gewoon niet goed genoeg")
    assert talk.step == "actie"
    talk.say("Morgen vraag ik mijn mentor of we kunnen praten")
    summary = talk.outcome.turn.text
    assert talk.outcome.turn.done, summary
    assert "Goed gedaan" not in summary and "Top dat" not in summary
    assert "Waar ben ik goed in? —" not in summary  # no strength heading over self-doubt


def test_quotes_in_the_summary_end_at_a_word(talk: Talk) -> None:
    from bot.core.summary import quote

    long = "Ik bleef rustig en hielp de klanten een voor een " * 10
    cut = quote(long, 60)
    assert len(cut) <= 61 and cut.endswith("…")
    assert long.startswith(cut[:-1].rstrip())
    assert long[len(cut[:-1].rstrip())] == " "  # cut between words, never inside one


# -- understanding, for Dutch chat spelling and English ----------------------------------------

@pytest.mark.parametrize(("text", "feeling"), [
    ("k was zo zenuwachtig ff", "zenuwachtig"),
    ("ik voelde me nie echt welkom", None),
    ("I felt proud when the customer thanked me", "proud"),
    ("i was sooo nervous lol", "nervous"),
])
def test_feelings_in_chat_spelling_and_english(text: str, feeling: str | None) -> None:
    heard = understand(text)
    assert (heard.feelings[0].base if heard.feelings else None) == feeling


def test_no_student_words_in_the_logs(talk: Talk, caplog: pytest.LogCaptureFixture) -> None:
    secret = "Ik vertelde Jorinde over mijn geheim van de bakkerij"
    with caplog.at_level(logging.DEBUG):
        talk.say("2")
        talk.say(secret)
        talk.say("1")
    assert "Jorinde" not in caplog.text and "bakkerij" not in caplog.text


@pytest.mark.parametrize(("text", "felt"), [
    ("Mijn collega zegt steeds dat ik dom ben en lacht me uit", set()),
    ("hij noemt me lui waar iedereen bij is", set()),
    ("my boss said i was useless", set()),
    ("ik zei dat ik moe was", {"moe"}),  # said by the student: their feeling
    ("Dat vond ik echt interessant", {"interessant"}),
])
def test_what_someone_else_calls_the_student_is_not_how_they_felt(text: str,
                                                                  felt: set[str]) -> None:
    """'Je voelde je dom.' after 'my colleague keeps saying I'm stupid' puts the bully's word
    in the student's mouth."""
    assert {f.word for f in understand(text).feelings} == felt


def test_a_feeling_word_before_someone_is_theirs_not_the_students() -> None:
    heard = understand("ik wil leren hoe ik met boze klanten om kan gaan")
    assert not heard.feelings  # was 'Je voelde je boze.'
    assert [f.word for f in understand("ik was boos op mezelf").feelings] == ["boos"]


def test_people_named_in_a_long_answer_are_all_heard_and_the_named_one_first() -> None:
    long = ("Vandaag was het heel druk in de winkel. Eerst moest ik de vakken vullen. Daarna "
            "hielp ik klanten. Toen was het pauze. Maar het bleef druk. Het was leuk. Ook de "
            "kassa. Die ging goed. Later kwam de baas. Gelukkig ging alles goed. Morgen werk "
            "ik weer. Mijn begeleider was tevreden. Sandra zei dat ik het goed deed.")
    assert "Sandra" in understand(long).people  # a dozen capitalised words before her
    named = understand("Pieter, mijn collega, hielp. Sandra, de teamleider, keek mee. "
                       "Pieter, mijn collega, lachte.")
    assert named.people[:2] == ("Pieter", "Sandra")


def test_an_it_that_is_asked_is_no_thing_to_take_up() -> None:
    # was 'Ik hoor: het vraag.' in a trial
    assert understand("als ik het vraag aan het begin van de dag").phrase == "het begin"
    # but a thing after 'ik' is one, with the verb before it or later in the clause
    assert understand("toen kreeg ik het antwoord van mijn begeleider").phrase == "het antwoord"
    assert understand("omdat ik het werk in de keuken leuk vind").phrase == "het werk"


@pytest.mark.parametrize(("said", "feeling"), [
    ("ik baalde enorm", "baalde"),  # a past verb before a word is still the student's
    ("het was een leuke dienst", "leuke"),  # an opinion of a thing
    ("ik ging met een trotse glimlach naar huis", "trotse"),
])
def test_a_feeling_word_before_a_thing_is_still_heard(said: str, feeling: str) -> None:
    assert feeling in [f.word for f in understand(said).feelings]


def listening_scores(part: str) -> tuple[float, float]:
    import contextlib
    import io

    sys.path.insert(0, str(ROOT / "bench"))
    import listening as bench  # bench/listening.py

    from bot.core.listening import Listener
    from bot.loading.prompts import load_prompts

    texts, _ = load_prompts(ROOT / "prompts")
    with contextlib.redirect_stdout(io.StringIO()):
        return bench.score(part, Listener(texts), show=False)


def test_answers_written_apart_from_the_rules_are_listened_to() -> None:
    """Both held-out files, written by helpers who never saw the rules; the floors are under
    what they measured (README.md, "How the bot listens"), so that a change that listens
    worse fails."""
    taken, fitting = listening_scores("heldout")
    assert taken >= 65
    assert fitting >= 58


def test_the_tuning_answers_are_listened_to() -> None:
    taken, fitting = listening_scores("tuning")
    assert taken >= 78
    assert fitting >= 70


def test_a_wish_for_later_is_not_asked_about_as_if_it_had_happened(new_talk) -> None:  # type: ignore[no-untyped-def]
    talk = at_loopbaansturing(new_talk)
    asked = [talk.say("ik wil zelf een keer een klant helpen met een pakket").turn.text]
    asked.append(talk.say("gewoon omdat ik dat nog nooit heb gedaan").turn.text)
    assert not any("Hoe was dat" in text or "Wat voelde je toen" in text for text in asked)


def test_a_reason_given_is_not_asked_for_again(content) -> None:  # type: ignore[no-untyped-def]
    from bot.core.listening import AskedBefore, Listener

    listener = Listener(content.texts)
    wordings = {"learning": ["Waarom is dat belangrijk voor jou?",
                             "Wat heb je nodig om dat te kunnen?"]}
    for said, lang in (("ik wil leren zelf een kapsel te knippen omdat ik dat later wil doen",
                        "nl"),
                       ("I want to learn the till because I never did it", "en")):
        heard = understand(said, lang)
        asked = {listener.follow_up(heard, lang, "kwaliteiten", AskedBefore([], 0, 0), 2,
                                    seed, wordings).probe for seed in range(4)}
        assert asked and not any(p and "Waarom" in p for p in asked), asked
    heard = understand("ik wil leren zelf een kapsel te knippen", "nl")  # no reason given
    asked = {listener.follow_up(heard, "nl", "kwaliteiten", AskedBefore([], 0, 0), 2, seed,
                                wordings).probe for seed in range(4)}
    assert "Waarom is dat belangrijk voor jou?" in asked


@pytest.mark.parametrize("said", ["ik heb de kassa gedaan", "ik ben best geduldig denk ik"])
def test_a_short_answer_that_says_something_is_not_asked_for_again(talk: Talk, said: str) -> None:
    at_moment(talk)
    reply = talk.say(said).turn.text
    assert "Noem één moment" not in reply and "Vertel eens over één ding" not in reply


@pytest.mark.parametrize("said", ["weet ik nog niet", "gewoon werk", "niks gezien eigenlijk",
                                  "no idea tbh"])
def test_an_answer_that_says_nothing_is_still_asked_about(said: str) -> None:
    assert not understand(said, "nl").content


def test_a_quality_named_in_few_words_is_kept_for_the_summary(talk: Talk) -> None:
    at_moment(talk)
    talk.say(MOMENT)
    talk.say("1")  # kwaliteiten
    talk.press("enough")
    assert talk.step == "kwaliteiten"
    kept = talk.say("dat ik behulpzaam ben")
    assert "Geen probleem" not in kept.turn.text
    assert any(n.text == "dat ik behulpzaam ben" for n in kept.snapshot.notes)


def test_asking_for_the_mentor_twice_reaches_the_mentor_once(new_talk) -> None:  # type: ignore[no-untyped-def]
    talk = at_loopbaansturing(new_talk)
    first = talk.say("ik wil eigenlijk met mijn mentor praten")
    assert [e.action for e in first.events if isinstance(e, FlagRaised)] == ["mentor_request"]
    assert "Wie zou je" not in first.turn.text  # the mentor is named: not 'who could help?'
    assert "mentor" in first.turn.messages[-1]  # but what to ask them, or how they could help
    again = talk.say("ik wil met mijn mentor praten zei ik toch")
    assert not [e for e in again.events if isinstance(e, FlagRaised)]
    assert "al aan je mentor doorgegeven" in again.turn.text
    assert "Ik geef aan je mentor door" not in again.turn.text


@pytest.mark.parametrize(("said", "not_said", "said_back"), [
    ("geen tijd, was super druk", "super", "druk"),  # 'super' only makes 'druk' stronger
    ("als het rustiger is vragen", "rustiger", None),  # an if: not a feeling they had
    ("het leukste was de kassa", "leukste", "leuk"),
])
def test_the_feeling_named_back_is_the_one_the_student_had(
        content, said: str, not_said: str, said_back: str | None) -> None:  # type: ignore[no-untyped-def]
    from bot.core.listening import Listener

    heard = understand(said, "nl")
    ack = Listener(content.texts).acknowledge(heard, "nl", 0) or ""
    assert not_said not in ack.lower().replace(said.lower(), "")
    if said_back:
        assert said_back in ack


def test_zei_ik_al_is_not_asked_again_nor_kept_as_an_answer(talk: Talk) -> None:
    at_moment(talk)
    probed = talk.say("Ik moest vandaag de kassa doen")
    assert talk.step == "moment" and probed.turn.text.rstrip().endswith("?")  # a follow-up
    objected = talk.say("zei ik al")
    assert "dat zei je al" in objected.turn.text
    assert talk.step != "moment"  # moved on
    assert all(n.text != "zei ik al" for n in objected.snapshot.notes)


def test_the_summary_keeps_the_answer_without_the_zei_ik_al(talk: Talk) -> None:
    at_moment(talk)
    talk.say("Ik moest vandaag de kassa doen")
    kept = talk.say("Zei ik al, ik stond de hele dag achter de kassa en het was druk")
    assert any(n.text == "ik stond de hele dag achter de kassa en het was druk"
               for n in kept.snapshot.notes)


def test_a_concern_told_twice_reaches_the_mentor_twice(talk: Talk) -> None:
    """Only a request for the mentor is held back when repeated; a second disclosure is a
    new turn the mentor must see."""
    at_moment(talk)
    first = talk.say("ik word gepest op stage, ze lachen me uit")
    again = talk.say("ze hebben weer mijn spullen verstopt en ze schelden me uit, ik word gepest")
    assert [e.rule for e in first.events if isinstance(e, FlagRaised)]
    assert [e.rule for e in again.events if isinstance(e, FlagRaised)]
    assert "al aan je mentor doorgegeven" not in again.turn.text


@pytest.mark.parametrize(("said", "helper"), [
    ("Ik moest 8 patiënten wassen. De verpleegkundige liet me zien hoe het moest",
     "de verpleegkundige"),
    ("Ik hielp de klanten en mijn collega hielp mij", "mijn collega"),
    ("Kim, de praktijkopleider, heeft me geholpen toen ik de lijst niet snapte", "Kim"),
])
def test_the_one_who_helped_is_the_one_named_with_the_help(said: str, helper: str) -> None:
    assert understand(said, "nl").helper == helper


@pytest.mark.parametrize("said", ["kweenie", "tja", "pff", "ja hoor", "geen zin",
                                  "maakt niet uit", "wist ik niet", "not sure", "no clue"])
def test_a_dont_know_in_one_word_is_no_answer(said: str) -> None:
    assert not understand(said, "nl").content  # so 'veel weet niet' still reaches the mentor


def test_zei_ik_al_inside_an_answer_stays(talk: Talk) -> None:
    from bot.language.answers import without_already

    assert without_already("dat heb ik al verteld aan mijn begeleider") == (
        "dat heb ik al verteld aan mijn begeleider")
    assert without_already("Vakken vullen zei ik al.") == "Vakken vullen"


@pytest.mark.parametrize("said", ["kweenie", "ja", "tja"])
def test_a_short_reply_to_a_follow_up_is_not_sent_back_to_the_moment(talk: Talk,
                                                                      said: str) -> None:
    at_moment(talk)
    probed = talk.say("Ik moest vandaag de kassa doen en een klant was boos")
    assert talk.step == "moment" and probed.turn.text.rstrip().endswith("?")
    reply = talk.say(said).turn.text
    assert "Noem één moment" not in reply and "Vertel eens over één ding" not in reply
    assert talk.step != "moment"  # heard, and on to the next question


@pytest.mark.parametrize(("said", "heard"), [
    ("kweenie", "niet altijd makkelijk"), ("weet ik niet hoor", "niet altijd makkelijk"),
    ("geen idee", "niet altijd makkelijk"), ("ja", "Ik snap het"), ("ok", "Ik snap het")])
def test_not_knowing_at_a_follow_up_is_not_met_with_i_understand(talk: Talk, said: str,
                                                                  heard: str) -> None:
    """A fourth user trial: 'kweenie' to 'Wat voelde je toen?' got 'Ik snap het.', as if
    there was something to understand. Not knowing gets a kind word; a 'ja' is still just
    heard (the wording picked is the same for both at this point of the talk)."""
    at_moment(talk)
    talk.say("Ik moest vandaag de kassa doen en een klant was boos")
    reply = talk.say(said).turn.messages[0]
    assert heard in reply


def test_the_mentor_is_not_offered_after_the_student_asked_for_them(talk: Talk) -> None:
    talk.press("bad")
    asked = talk.say("ik wil met mijn mentor praten")
    assert [e.action for e in asked.events if isinstance(e, FlagRaised)] == ["mentor_request"]
    for said in ("een klant schreeuwde tegen me", "ik voelde me dom", "gewoon even niks"):
        reply = talk.say(said)
        assert "Wil je dat je mentor" not in reply.turn.text


@pytest.mark.parametrize(("said", "lang", "heard_back", "not_said"), [
    # a good feeling and a hard or busy one: both are named, not only the first
    ("het was druk maar wel gezellig", "nl", ("druk", "gezellig"), ""),
    ("ik was zenuwachtig maar het ging leuk", "nl", ("zenuwachtig", "leuk"), "lastig"),
    ("ik was blij maar ook zenuwachtig", "nl", ("blij", "zenuwachtig"), ""),
    ("i was nervous but it was fun", "en", ("nervous", "fun"), "tough"),
    # what they did after 'dus' / 'so' is said back
    ("mijn begeleider was er niet dus ik moest alles alleen doen", "nl",
     ("je moest alles alleen doen",), ""),
    ("my boss was away so i had to do everything alone", "en",
     ("you had to do everything alone",), ""),
    # a clause that lost its subject is quoted without its verb; 'omdat ...' word order is not
    ("is rustig werk", "nl", ("rustig werk",), "is rustig"),
    ("ik weet niet precies omdat de klant boos was", "nl", (), "boos was"),
    # chat words and small openers are not quoted back; 'kut' is about the day
    ("vakken vullen ofz", "nl", ("vakken vullen",), "ofz"),
    ("ik heb vakken gevuld ofz", "nl", ("je hebt vakken gevuld",), "ofz"),
    ("en misschien ook Fatima van de babygroep", "nl", ("fatima van de babygroep",),
     "en misschien"),
    ("kut", "nl", ("dat vond je rot",), "je was rot"),
    # someone else's feeling is not the student's; 'I just told you' is no deed
    ("a guest was angry because her room was not clean", "en", (), "angry with"),
    ("ask Anouk for tips on angry guests", "en", (), "you felt angry"),
    ("I just told you, she was sick", "en", (), "you just told"),
    # written apart from the rules (listening_tuning_d.yaml): what was hard is said back, an
    # unknown feeling after 'voelde me' is named, a word in a question is no feeling, and
    # English chat 'n' is 'and'
    ("ik vond het moeilijk om met de bewoners te praten", "nl",
     ("je vond het moeilijk om met de bewoners te praten",), ""),
    ("niemand zei iets tegen me. voelde me echt onzichtbaar", "nl", ("onzichtbaar",), ""),
    ("mijn begeleider Tom hielp me met de bestellingen. moet ik hem bedanken of is dat raar?", "nl",
     ("tom",), "raar"),
    ("wanna learn a proper network setup, like switches n stuff", "en", (), " een "),
    ("I will practise a bit harder", "en", (), "tough"),  # 'harder' here is no feeling
])
def test_the_reply_takes_up_what_was_said_and_reads_as_good_language(
        content, said: str, lang: str, heard_back: tuple[str, ...], not_said: str) -> None:  # type: ignore[no-untyped-def]
    from bot.core.listening import Listener

    ack = (Listener(content.texts).acknowledge(understand(said, lang), lang, 0) or "").lower()
    assert all(words in ack for words in heard_back), ack
    assert not not_said or not_said not in ack, ack


def test_a_mixed_day_is_heard_whole_in_the_conversation(talk: Talk) -> None:
    at_moment(talk)
    reply = talk.say("Ik was zenuwachtig maar het ging uiteindelijk best leuk")
    assert "zenuwachtig" in reply.turn.messages[0] and "leuk" in reply.turn.messages[0]
    assert "lastig" not in reply.turn.messages[0]


def test_a_deed_is_no_thing_to_think_back_on() -> None:
    # 'Denk aan een liedje gezongen: ...' read badly; the thing is 'een liedje'
    assert understand("een liedje gezongen met de kinderen", "nl").phrase == "een liedje"


def test_a_colleague_named_without_a_word_before_is_your_colleague(new_talk) -> None:  # type: ignore[no-untyped-def]
    talk = at_topic(new_talk, "netwerken")
    asked = talk.say("collega")
    # 'Hoe zou je je collega om hulp vragen?', not 'Hoe zou je collega om hulp vragen?'
    assert "je je collega" in asked.turn.text, asked.turn.text


def test_nobody_to_who_can_help_is_an_answer_not_a_dont_know(new_talk) -> None:  # type: ignore[no-untyped-def]
    talk = at_topic(new_talk, "netwerken")
    heard = talk.say("niemand")
    assert "Niemand, zeg je" in heard.turn.text and not heard.turn.options  # no examples
    assert talk.step != "netwerken" and any(n.text == "niemand" for n in heard.snapshot.notes)


def test_coming_back_a_day_later_says_what_we_were_talking_about(new_talk) -> None:  # type: ignore[no-untyped-def]
    talk = at_loopbaansturing(new_talk)
    question = talk.outcome.turn.messages[-1]
    back = talk.content.engine.welcome_back(talk.outcome.snapshot, talk.ctx)
    assert back.messages[-1] == question
    assert any("We hadden het over" in m and "leren" in m for m in back.messages), back.messages


def test_a_client_named_with_a_title_is_one_person_and_one_who_died_is_not_asked_about() -> None:
    """A user trial (2026-12-07): 'meneer De Boer' was read as 'een meneer' and a place, 'de
    boer' ('Je voelde je verdrietig bij de boer'), and the student who told of his death was
    asked 'Wat zou je de Boer willen vragen?'."""
    told = understand("Er overleed vandaag een cliënt, meneer De Boer. Ik was er best "
                      "verdrietig van, ik had hem vaak gewassen.", "nl")
    assert told.people == ("meneer De Boer",) and told.phrase != "de boer"
    assert "person" not in told.missing
    assert understand("ik hielp mevrouw van Dijk met douchen", "nl").people == (
        "mevrouw van Dijk",)
    alive = understand("meneer Jansen legde me uit hoe de tillift werkt", "nl")
    assert alive.people == ("meneer Jansen",) and "person" in alive.missing


def test_unease_about_what_someone_does_is_not_asked_what_it_says_about_you(content) -> None:  # type: ignore[no-untyped-def]
    """A user trial (2026-12-07): 'hij staat altijd zo dichtbij, ik vind dat raar' got 'Wat
    zegt dat over jou?'."""
    from bot.core.listening import AskedBefore

    listener = content.engine.listener
    uneasy = listener.follow_up(understand("hij staat altijd zo dichtbij, ik vind dat raar",
                                           "nl"), "nl", "kwaliteiten", AskedBefore([], 0, 0), 2, 1)
    assert uneasy.probe_kind not in ("learning", "own_part") and uneasy.probe
    proud = listener.follow_up(understand("ik hielp een klant en dat ging goed", "nl"), "nl",
                               "kwaliteiten", AskedBefore([], 0, 0), 2, 1)
    assert proud.probe_kind == "learning"


def test_a_student_who_asked_for_the_mentor_is_not_offered_the_mentor_after(
        talk: Talk) -> None:
    """A user trial: on a bad day, 'kan mn mentor me misschien ff bellen?' got 'Ik geef aan je
    mentor door ...' and then 'Wil je dat je mentor hierover contact met je opneemt?' in the
    same reply ('ja dat zei ik net')."""
    talk.say("4")
    talk.say("het was rot, de chef deed lullig tegen me")
    asked = talk.say("kan mn mentor me misschien ff bellen?")
    assert any(isinstance(e, FlagRaised) and e.action == "mentor_request" for e in asked.events)
    assert "contact met je opneemt?" not in asked.turn.text and not any(
        o.label == "Ja, graag" for o in asked.turn.options)


@pytest.mark.parametrize(("said", "not_said", "said_back"), [
    # a user trial: 'Moe bij de hand opschrijven, dat snap ik.' ('kapot' was the scanner)
    ("de scanner ging kapot dus ik moest alles met de hand opschrijven", "moe", "met de hand"),
    # a user trial: 'O ja en we hadden een brandoefening, hoor ik.'
    ("O ja en we hadden een brandoefening", "we hadden", "jullie hadden een brandoefening"),
])
def test_what_is_said_back_is_what_the_student_said_about_whom(
        talk: Talk, said: str, not_said: str, said_back: str) -> None:
    at_moment(talk)
    reply = talk.say(said).turn.text.lower()
    assert not re.search(rf"\b{not_said}\b", reply.split("\n\n")[0]) and said_back in reply


def test_a_student_who_tells_of_being_ignored_is_not_answered_with_the_nice_part(
        talk: Talk) -> None:
    """A user trial: 'de kindjes zijn lief maar de andere stagiaires negeren me' got 'De
    kindjes zijn lief, hoor ik.'"""
    at_moment(talk)
    told = talk.say("de kindjes zijn lief maar de andere stagiaires negeren me en lachen me uit")
    assert any(isinstance(e, FlagRaised) for e in told.events)
    assert "kindjes zijn lief" not in told.turn.text.lower() and "niet oké" in told.turn.text
    assert told.turn.expects == "text"  # the reflection goes on


def test_nobody_saying_a_word_to_the_student_is_heard_as_being_left_out(talk: Talk) -> None:
    """A user trial: 'niemand zei iets tegen me' got 'Wat zegt dat over jou?'."""
    at_moment(talk)
    told = talk.say("niemand zei de hele dag iets tegen me")
    assert any(isinstance(e, FlagRaised) and e.rule == "pesten" for e in told.events)
    assert "niet oké" in told.turn.text and "Wat zegt dat over jou?" not in told.turn.text


def test_the_children_cared_for_are_not_asked_to_help_the_student(content: Content) -> None:
    """A user trial: 'Hoe zou je kinderen je verder kunnen helpen?' about the children on the
    ward. Asked about someone the student serves, the follow-up may ask what they would ask
    them, never how they could help the student."""
    from bot.core.listening import AskedBefore

    heard = understand("de kinderen op de afdeling waren vandaag heel lief", "nl")
    probes = {content.engine.listener.follow_up(heard, "nl", "netwerken",
                                                AskedBefore((), 0, 0), 3, seed).probe
              for seed in range(8)}
    assert not any(p and "helpen" in p and "kinderen" in p for p in probes), probes
    colleague = understand("mijn collega Sanne was er ook", "nl")
    asked = {content.engine.listener.follow_up(colleague, "nl", "netwerken",
                                               AskedBefore((), 0, 0), 3, seed).probe
             for seed in range(8)}
    assert any(p and "helpen" in p for p in asked), asked  # a colleague may well be asked


def test_coming_back_says_what_the_moment_was_even_without_its_few_words(talk: Talk) -> None:
    """A user trial paused after 'ik mocht vandaag voor het eerst zelf een klant knippen en ze
    was heel blij' and came back three days later to 'Wat voelde je toen?' alone."""
    at_moment(talk)
    told = talk.say("ik mocht vandaag voor het eerst zelf een klant knippen en ze was heel blij")
    assert told.snapshot.moment_phrase is None  # no few words of it: its start is quoted
    back = talk.content.engine.welcome_back(told.snapshot, talk.ctx)
    assert "Je vertelde over „ik mocht vandaag voor het eerst zelf een klant knippen" in back.text


@pytest.mark.parametrize(("lang", "said", "not_said"), [
    # an eighth user trial's replies
    ("nl", "boeiend", "leuk om te horen"),  # a shrug, not 'fascinating'
    ("en", "bored out of my mind", "your mind"),  # an idiom, no thing to take up
])
def test_a_shrug_or_an_idiom_is_not_taken_up_as_said(new_talk, lang: str, said: str,
                                                     not_said: str) -> None:  # type: ignore[no-untyped-def]
    talk = new_talk(language=lang)
    talk.say("2")
    assert not_said not in talk.say(said).turn.text.lower()


@pytest.mark.parametrize(("said", "lang", "phrase"), [
    ("I did the whole morning shift alone", "en", None),  # was 'the whole'
    ("ik gaf bijna de verkeerde medicijnen aan een bewoner", "nl", "de verkeerde medicijnen"),
])
def test_an_adjective_is_not_taken_up_without_its_noun(said: str, lang: str,
                                                       phrase: str | None) -> None:
    from bot.language.answers import understand

    assert understand(said, lang).phrase == phrase


def test_having_to_stop_a_task_is_no_wish_to_quit(new_talk) -> None:  # type: ignore[no-untyped-def]
    """A ninth user trial: 'ik moest stoppen met de kassa omdat het te druk werd' got 'Je denkt
    erover om te stoppen. Dat is een grote stap'."""
    talk = new_talk()
    talk.say("2")
    reply = talk.say("ik moest stoppen met de kassa omdat het te druk werd")
    assert "denkt erover om te stoppen" not in reply.turn.text
