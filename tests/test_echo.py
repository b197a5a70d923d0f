"""What the student wrote, said back to them in the second person as a coach would say it:
the verb of 'je' gets its -t wherever it stands, and nothing else does."""

from __future__ import annotations

import sys

import pytest

from bot.language.answers import echo
from bot.language.lemmas import expand
from bot.language.person import in_english, said_back
from bot.language.text import words
from tests.conftest import ROOT, Talk


def back(text: str) -> str:
    tokens = expand(words(text))
    return " ".join(said_back(tokens, in_english(tokens)))


@pytest.mark.parametrize(("said", "to_student"), [
    # the verb right after 'ik'
    ("ik werk in de keuken", "je werkt in de keuken"),
    ("k vind het leuk", "je vindt het leuk"),
    ("ik ruim de kast op", "je ruimt de kast op"),
    ("ik ben best trots", "je bent best trots"),
    ("ik werk en help klanten", "je werkt en helpt klanten"),
    # the verb before 'ik' keeps its form, and the next word is not the verb
    ("vandaag werk ik bij de kassa", "vandaag werk je bij de kassa"),
    ("toen zag ik werk liggen", "toen zag je werk liggen"),
    ("gisteren was ik ziek", "gisteren was je ziek"),
    ("ik zei tegen haar ik ben ziek", "je zei tegen haar je bent ziek"),
    # the verb later in the clause after 'dat', 'omdat', 'of', 'als'
    ("ik merkte dat ik goed blijf nadenken onder druk",
     "je merkte dat je goed blijft nadenken onder druk"),
    ("ik merk dat ik snel leer", "je merkt dat je snel leert"),
    ("ik weet niet of ik goed genoeg ben", "je weet niet of je goed genoeg bent"),
    ("dat ik het zelf heb gedaan", "dat je het zelf hebt gedaan"),
    ("als ik klaar ben ga ik naar huis", "als je klaar bent ga je naar huis"),
    ("mijn baas zegt dat ik snel werk", "je baas zegt dat je snel werkt"),
    ("ik merkte dat ik ziek was", "je merkte dat je ziek was"),
    ("ik merk dat ik om hulp vraag", "je merkt dat je om hulp vraagt"),
    ("ik merk dat ik dat niet snap", "je merkt dat je dat niet snapt"),
    ("ik merk dat ik de klant help die boos werd", "je merkt dat je de klant helpt die boos werd"),
    ("ik weet niet of ik goed genoeg ben lol", "je weet niet of je goed genoeg bent lol"),
    # a past form stays, even one whose base form looks like a stem ('las' is lezen)
    ("ik las de instructies", "je las de instructies"),
    ("ik vond dat ik het goed deed", "je vond dat je het goed deed"),
    ("ik voel me rot", "je voelt je rot"),
    ("ik schaam mij", "je schaamt je"),
    ("de chef hielp mij", "de chef hielp jou"),
    ("we gingen samen lunchen", "jullie gingen samen lunchen"),
    ("ik en mn collega deden de kassa", "jij en je collega deden de kassa"),
    ("ik werk en mijn collega helpt", "je werkt en je collega helpt"),
    # English: 'was' only when it is the student's
    ("The client was happy and I was too", "the client was happy and you were too"),
    ("I'm good at this and we did it together", "you are good at this and you did it together"),
    ("I really was nervous", "you really were nervous"),
    ("we were late", "you were late"),
])
def test_a_sentence_is_said_back_with_the_verb_that_goes_with_je(said: str,
                                                                  to_student: str) -> None:
    assert back(said) == to_student


@pytest.mark.parametrize(("said", "quoted"), [
    ("Ik merkte dat ik goed blijf nadenken onder druk",
     "je merkte dat je goed blijft nadenken onder druk"),  # was 'je goedt blijf'
    ("Ik merkte dat ik graag met mensen werk",
     "je merkte dat je graag met mensen werkt"),  # was 'je werkt merkte'
    ("Ik vond dat ik het goed deed", "je vond dat je het goed deed"),  # 'deed' was cut off
    ("Ik was blij dat ik klaar was", "je was blij dat je klaar was"),  # not 'je was was blij'
    ("ik heb het gevoel dat ik durf te vragen",
     "je hebt het gevoel dat je durft te vragen"),  # not cut after 'het gevoel'
    ("leuk, ik word er vrolijk van", "je wordt er vrolijk van"),  # 'er ... van' whole
    ("ik open de winkel om acht uur", "je opent de winkel om acht uur"),
    ("De klant vertrouwde me omdat ik open was", "je was open"),  # not 'je opent was'
    ("Ik weet niet of ik goed genoeg ben lol", "je weet niet of je goed genoeg bent"),
    ("ik ben echt heel erg moe lol", "je bent echt heel erg moe"),
    ("I'm not sure if I want to work in a kitchen",
     "you are not sure if you want to work in a kitchen"),  # 'want' is no Dutch 'because'
    ("im lowkey proud of how i handled that customer", "you are lowkey proud"),
    # a user trial: 'Je wilt later naar een open.' ('dag' dropped as a loose small word)
    ("ik wil later naar een open dag", "je wilt later naar een open dag"),
])
def test_the_echo_in_a_reply_is_good_dutch(said: str, quoted: str) -> None:
    assert echo(said) == quoted


def test_the_reply_a_student_sees_says_their_sentence_back_rightly(talk: Talk) -> None:
    talk.say("2")
    assert talk.step == "moment"
    reply = talk.say("Ik merkte dat ik goed blijf nadenken onder druk")
    said = " ".join(reply.turn.messages).lower()
    assert "je goed blijft nadenken" in said
    assert "goedt" not in said


def test_a_sentence_that_is_not_the_student_alone_is_not_said_back() -> None:
    assert echo("mijn collega en ik werken samen") is None  # was 'je werken samen'


@pytest.mark.parametrize("said", ["1'A", "k'a", "i'a", "vandaag ging k'a", "en i-a b c"])
def test_a_word_glued_to_ik_by_a_mark_is_no_subject_and_breaks_nothing(said: str) -> None:
    # "1'A" crashed the echo (found by CI's property test): 'i' in "i'a" was read as 'I'.
    assert echo(said) is None
    assert echo(said, lang="nl") is None


def scores(part: str) -> tuple[float, float, float]:
    sys.path.insert(0, str(ROOT / "bench"))
    import echo as bench  # bench/echo.py

    result = bench.score(part, show_misses=False)
    assert result is not None, f"no tests/eval/echo_{part}*.yaml"
    return result


def test_sentences_written_apart_from_the_rules_are_said_back_right() -> None:
    """The held-out part was written by someone who never saw these rules; the floor is
    under what it measured when the rules were written (README.md, "How the bot listens")."""
    person, right, quoted = scores("heldout")
    assert person >= 93
    assert right >= 93
    assert quoted >= 60  # a change that quotes less is not better


def test_the_tuning_sentences_are_said_back_right() -> None:
    person, right, quoted = scores("tuning")
    assert person >= 97
    assert right >= 97
    assert quoted >= 65


@pytest.mark.parametrize(("said", "lang", "back"), [
    # a clause is said back whole, or not at all: never cut inside a phrase
    ("ik denk dat ik liever met wat oudere kinderen werk", "nl",
     "je denkt dat je liever met wat oudere kinderen werkt"),
    ("ik sta alleen maar te kijken", "nl", "je staat alleen maar te kijken"),
    ("ik wil leren om zelf worst te maken", "nl", "je wilt leren om zelf worst te maken"),
    ("ik wil leren hoe ik zelf een wond verzorg", "nl",
     "je wilt leren hoe je zelf een wond verzorgt"),
    ("I could see myself doing that", "en", "you could see yourself doing that"),
    ("I had to take blood pressure from like eight patients and at first I kept messing up",
     "en", None),
    ("ik vroeg haar ook hoe ze zo rustig blijft bij lastige bewoners", "nl", None),
    ("ik heb vandaag zelf aan de teamleider gevraagd of ik een dag mee mocht op de ambulance",
     "nl", None),
    # chat: Dutch 'idk' stays Dutch, a hedge at the end is not said back
    ("idk of dat bij me past", "nl", "je weet niet of dat bij je past"),
    ("dat ik goed met mensen kan praten denk", "nl", "je kunt goed met mensen praten"),
])
def test_a_clause_is_said_back_whole_or_not_at_all(said: str, lang: str, back: str | None) -> None:
    assert echo(said, lang=lang) == back


@pytest.mark.parametrize(("said", "quoted"), [
    ("Gewoon vragen als hij er weer is", "gewoon vragen als hij er weer is"),  # keeps 'is'
    ("de kapsters praten alleen over de klanten achter hun rug", "de kapsters praten alleen "
     "over de klanten"),  # not '... achter'
    ("het magazijn was ijskoud en de mannen daar zeiden niet eens hoi",
     "het magazijn was ijskoud"),  # not '... de mannen daar zeiden'
    ("Mijn collega Fatima zei dat het haar ook wel eens overkomt", "je collega Fatima"),
    ("n collega van de kassa liet zien hoe je retouren doet", None),  # showed what?
])
def test_a_quoted_clause_ends_where_a_phrase_ends(said: str, quoted: str | None) -> None:
    from bot.language.answers import quote_clause

    assert quote_clause(said) == quoted


@pytest.mark.parametrize(("said", "lang", "quoted"), [
    # what someone did to the student is theirs to hear back (a user trial: 'Oké.')
    ("een klant schreeuwde tegen me", "nl", "een klant schreeuwde tegen je"),
    ("ze lieten me de hele dag alleen", "nl", "ze lieten je de hele dag alleen"),
    ("the customer yelled at me", "en", "the customer yelled at you"),
    # after what the student did, joined by 'en' (found trying the bot: 'Je hebt vandaag de
    # kassa gedaan. Dat snap ik.')
    ("Ik heb vandaag de kassa gedaan en een klant schreeuwde tegen me", "nl",
     "een klant schreeuwde tegen je"),
    ("i was stocking shelves and my manager yelled at me", "en",
     "your manager yelled at you"),
    # 'en' inside what they did is no seam
    ("ik heb de vakken en de kassa gedaan", "nl", None),
    # not without who did it, not cut before what it was, not about themself
    ("Ingrid, de verzorgende, heeft me vandaag geleerd hoe je iemand met de tillift "
     "verplaatst", "nl", None),
    ("the girl on reception showed me how the booking system works", "en", None),
    ("ik schaamde me", "nl", None),
])
def test_what_someone_did_to_the_student_is_said_back_to_them(said: str, lang: str,
                                                              quoted: str | None) -> None:
    from bot.language.answers import quote_clause

    assert quote_clause(said, lang=lang) == quoted


@pytest.mark.parametrize(("lang", "said", "not_said"), [
    ("en", "Ik was geduldig met de klant", "geduldig"),
    ("nl", "I was patient with the customer", "patient"),
])
def test_an_answer_in_the_other_language_is_not_said_back_in_a_mixed_reply(
        new_talk, lang: str, said: str, not_said: str) -> None:  # type: ignore[no-untyped-def]
    """A user trial: in English, 'Ik was geduldig met de klant' got 'Je was geduldig met de
    klant.' before an English question; one reply, one language."""
    talk = new_talk(language=lang)
    talk.say("2")
    reply = talk.say(said)
    assert reply.accepted and not_said not in reply.turn.text.lower()
    assert reply.turn.expects == "text"


@pytest.mark.parametrize(("said", "back"), [
    # a sixth user trial's broken Dutch, said back
    ("idk het werk is gwn saai", None),  # was 'je weet niet het werk is gewoon saai'
    ("dat ik dit werk wil blijven doen", "je wilt dit werk blijven doen"),  # 'je werkt dit wil'
    ("omdat ik later autospuiter wil worden", "je wilt later autospuiter worden"),
    ("ik zei toch vergeten", None),  # was 'je zei toch vergeten'
    ("ik denk het wel, ik mocht toen labels printen", None),  # was 'je denkt het'
    ("s middags kreeg ik op mn kop omdat ik de kassa verkeerd had afgesloten waar iedereen bij "
     "was", None),  # was 'je de kassa verkeerd had afgesloten ...'
    # and what still reads well
    ("idk of dat bij me past", "je weet niet of dat bij je past"),
    ("De klant vertrouwde me omdat ik open was", "je was open"),
])
def test_what_is_said_back_is_dutch_or_nothing(said: str, back: str | None) -> None:
    assert echo(said, lang="nl") == back


@pytest.mark.parametrize(("said", "person", "praise"), [
    ("de klanten waren aardig en ik heb een compliment gekregen van mn begeleider",
     "mijn begeleider", True),  # not the customers
    ("ik moest broodjes smeren en de chef zei dat ik te snel ging", None, False),
    ("mijn begeleider zei dat ik het goed deed", "mijn begeleider", True),
])
def test_praise_is_praise_and_from_whoever_gave_it(said: str, person: str | None,
                                                   praise: bool) -> None:
    from bot.language.answers import understand

    heard = understand(said, "nl")
    assert heard.praise is praise
    assert (heard.praiser if praise else None) == person


def test_a_nice_thing_and_a_telling_off_are_both_heard(talk) -> None:  # type: ignore[no-untyped-def]
    talk.say("2")
    reply = talk.say("s ochtends mocht ik de kerstboom versieren, vet. maar s middags kreeg ik "
                     "op mn kop van de bedrijfsleider")
    assert "leuk om te horen" not in reply.turn.text and "Mooi" not in reply.turn.text
    assert "vet" in reply.turn.text.lower()


def test_where_the_student_works_is_not_the_story_said_back() -> None:
    """A user trial: 'ik werk in een verzorgingshuis en vandaag is er een mevrouw overleden
    ...' got 'Je werkt in een verzorgingshuis.' and later 'Je vertelde over een
    verzorgingshuis.' The setting told before the story is not said back; alone it is."""
    from bot.language.answers import understand

    story = understand("ik werk in een verzorgingshuis en vandaag is er een mevrouw overleden "
                       "waar ik altijd mee praatte. was wel heftig", "nl")
    assert story.echo is None and story.phrase != "een verzorgingshuis"
    alone = understand("ik werk bij de jumbo", "nl")
    assert alone.echo == "je werkt bij de jumbo"


@pytest.mark.parametrize(("said", "back"), [
    ("ik let beter op", "je let beter op"),  # a seventh trial: 'Je let beter.'
    ("ik ruim de kast op", "je ruimt de kast op"),
])
def test_a_verbs_particle_at_the_end_is_said_back(said: str, back: str) -> None:
    assert echo(said, lang="nl") == back


def test_a_clause_without_its_ik_is_not_quoted_as_someone_elses() -> None:
    """'ging bijna dood van het lachen met mn collega' was quoted as 'Ging bijna dood van het
    lachen met je collega, zeg je.': the student's own 'ik' left out, not a remark."""
    from bot.language.answers import quote_clause

    assert quote_clause("ging bijna dood van het lachen met mn collega", lang="nl") is None
    assert quote_clause("is rustig werk", lang="nl") == "rustig werk"
