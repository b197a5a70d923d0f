"""A small school for the tests of the school's pages, made through the real services (invite
codes, consent, reflections turn by turn, flags from the students' own words), with a clock
moved by hand over three weeks: classes 4A and 4B, their mentors and a coordinator.

4A (internship days Tuesday and Thursday in the shipped calendar), as of `now`:
  Sanne  reflected three times, the last after the last internship day; an urgent flag
  Mo     reflected once after the last internship day; a concern (bullying)
  Daan   enrolled, never reflected                       -> quiet
  Fleur  stopped halfway through a reflection today      -> stuck
  Joris  reflected three weeks ago; his action is overdue -> quiet, overdue
  Lotte  two bad days in a row                            -> quiet, low moods
  Noor Visser, Ahmed Yilmaz: on the invite sheet, code never used -> never started
4B: Bram, reflected once; an urgent flag.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.app import App
from bot.core.conversation import BotTurn, Pressed, Said
from bot.core.flow import MOODS
from bot.mentors.service import MentorService
from bot.reflection import StudentRef
from bot.storage.database import sessions
from bot.students import StudentService
from tests.conftest import Clock

MOMENT = ("Ik moest vandaag alleen de kassa doen toen het heel druk was. Ik bleef rustig en "
          "leerde dat ik meer kan dan ik dacht")
ANSWER = ("Ik bleef rustig en vroeg een collega om hulp toen de bon vastliep, daar leerde ik "
          "van dat vragen helpt")
ACTION = "Vrijdag vraag ik mijn begeleider om feedback op mijn kassawerk"
URGENT = "ik wil dood"
BULLIED = "Ik werd vandaag weer gepest door twee collega's in het magazijn"
NEVER = ["Noor Visser", "Ahmed Yilmaz"]


@dataclass
class SeededSchool:
    now: datetime
    students: dict[str, int] = field(default_factory=dict)  # name -> id
    mentors: dict[str, int] = field(default_factory=dict)  # "4A", "4B", "coordinator", "admin"


async def enrol(core: App, clock: Clock, name: str, group: str) -> int:
    students = StudentService(sessions(core.database), clock)
    [invite] = await students.create_invites("student", group, 1)
    enrolled = await students.enrol_id(invite.code, None, name, "nl", None)
    assert enrolled is not None
    return enrolled[0]


async def reflect(core: App, student_id: int, mood: str = "good", topic: str = "kwaliteiten",
                  finish: bool = True) -> BotTurn:
    """One reflection as a student goes through it: mood, moment, a topic, an answer, an
    action for the next internship day. With finish=False it stops after the moment."""
    assert mood in MOODS
    who = StudentRef(student_id=student_id)
    turn = await core.reflection.open(who)
    assert turn is not None
    texts = 0
    for _ in range(30):
        if turn.done:
            return turn
        values = [o.value for o in turn.options]
        if mood in values and "great" in values:
            given: Pressed | Said = Pressed(mood, turn.at)
        elif topic in values and "enough" not in values:
            given = Pressed(topic, turn.at)
        elif "enough" in values:
            given = Pressed("enough", turn.at)
        elif turn.options:  # a day for the action, how last time's action went: the first
            given = Pressed(values[0], turn.at)
        else:
            asked = " ".join(turn.messages).lower()
            if texts == 0:
                given = Said(MOMENT)
            elif "volgende stap" in asked or "next step" in asked:
                given = Said(ACTION)
            else:
                given = Said(ANSWER)
            texts += 1
        if not finish and texts == 1 and isinstance(given, Said):
            reply = await core.reflection.reply(who, given)
            assert reply is not None
            return reply.turn
        reply = await core.reflection.reply(who, given)
        assert reply is not None
        turn = reply.turn
    raise AssertionError(f"the reflection did not end: {turn.messages}")


async def seed(core: App, clock: Clock, now: datetime) -> SeededSchool:
    """The school above, ending at `now` (the clock is left there)."""
    school = SeededSchool(now)
    mentors = MentorService(sessions(core.database), clock)
    start = now - timedelta(days=21)
    clock.now = start
    school.mentors["4A"] = (await mentors.add("Ellen de Vries", "e.devries@school.nl", ["4A"],
                                              False, "nl")).id
    school.mentors["4B"] = (await mentors.add("Piet Jansen", "p.jansen@school.nl", ["4B"],
                                              False, "en")).id
    school.mentors["coordinator"] = (await mentors.add(
        "Mila Bakker", "m.bakker@school.nl", [], True, "nl")).id
    for name, group in (("Sanne", "4A"), ("Mo", "4A"), ("Daan", "4A"), ("Fleur", "4A"),
                        ("Joris", "4A"), ("Lotte", "4A"), ("Bram", "4B")):
        school.students[name] = await enrol(core, clock, name, group)
    await StudentService(sessions(core.database), clock).create_invites(
        "student", "4A", len(NEVER), NEVER)
    ids = school.students
    clock.now = start + timedelta(hours=1)
    await reflect(core, ids["Sanne"], "good")
    await reflect(core, ids["Joris"], "good", "netwerken")
    await reflect(core, ids["Lotte"], "bad", "motieven")
    await reflect(core, ids["Bram"], "so_so")
    clock.now = start + timedelta(days=7)
    await reflect(core, ids["Sanne"], "good", "werkexploratie")
    await reflect(core, ids["Lotte"], "bad", "kwaliteiten")
    clock.now = now - timedelta(days=4, hours=1)  # the evening of the last internship day
    await reflect(core, ids["Sanne"], "great", "netwerken")
    await reflect(core, ids["Mo"], "good")
    clock.now = now - timedelta(hours=4)
    await reflect(core, ids["Fleur"], "so_so", finish=False)
    clock.now = now - timedelta(hours=1)
    await core.reflection.heard(StudentRef(student_id=ids["Sanne"]), URGENT)
    await core.reflection.heard(StudentRef(student_id=ids["Mo"]), BULLIED)
    await core.reflection.heard(StudentRef(student_id=ids["Bram"]), URGENT)
    clock.now = now
    return school
