"""Whatever words and marks a student types, each reader of their text gives an answer: none
raises. The engine-level property test (test_arbitrary_input) draws mostly random characters,
which rarely make words the readers act on; this one glues real words with odd marks, the way
"1'A" once crashed the echo."""

from __future__ import annotations

from datetime import date

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.language.actions import judge
from bot.language.answers import echo, quote_clause, understand, without_already, without_tags
from bot.language.dates import DateReader

WORDS = tuple(str.split(
    "ik i k 'k me mij dat that vandaag ging gaat ben was heb weet niet nie wel goed maar "
    "mar en of omdat want als when 1 2 10 vrijdag maandag morgen a A 'a de het een kassa "
    "begeleider mentor hielp help zei voel bang moe lol idk tja kweenie z'n m'n 's avonds "
    "volgende week over 2 weken na de vakantie 12-12 3/4 dec om 10:30 uur 😀 ²"))
MARKS = [" ", "", "'", "-", ", ", ". ", "’", "  ", "\n", "?"]

odd_text = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(MARKS)),
                    min_size=1, max_size=10).map(lambda parts: "".join(w + m for w, m in parts))


@settings(max_examples=400, deadline=None)
@given(st.one_of(odd_text, odd_text.map(str.upper), st.text(max_size=60)),
       st.sampled_from(["nl", "en"]))
@example("1'A", "nl")  # 'i' in "i'a" was read as the subject 'I'
@example("uur-10. ’  1’begeleider\nna, 3/4-dat", "en")
def test_every_reader_of_a_students_text_answers_whatever_is_typed(text: str, lang: str) -> None:
    heard = understand(text, lang)
    assert heard.echo is None or heard.echo.strip()
    said = echo(text, lang=lang)
    assert said is None or said.strip()
    quote_clause(text)
    assert isinstance(without_tags(text), str) and isinstance(without_already(text), str)
    reader, today = DateReader(), date(2026, 12, 7)
    reading = reader.read(text, today, lang)
    assert reading.due is None or reading.due >= today
    judge(text, reading)
    assert isinstance(reader.without_day(text, today, lang), str)
