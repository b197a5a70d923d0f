"""What personal data is stored where: the school's record of processing (AVG/GDPR)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Base

# (table, column) -> what it holds. Every table that refers to a student is listed.
PERSONAL_DATA: dict[tuple[str, str], str] = {
    ("students", "name"): "first name from Telegram or the web chat, or the console name",
    ("contacts", "address"): "how a channel knows the person: Telegram user id, console name "
                             "(students, and mentors as staff)",
    ("students", "email"): "e-mail address for reminders, only if the student gave it",
    ("students", "group_name"): "class (from the invite code)",
    ("students", "consented_at"): "when the student agreed to take part",
    ("students", "language"): "language of the conversations",
    ("conversations", "snapshot"): "the conversation's state, including the student's answers",
    ("conversations", "started_at"): "when the student reflected",
    ("turns", "text"): "every message of the student and the bot",
    ("answers", "text"): "the student's answers, tagged with a competency",
    ("answers", "kind"): "mood and answer kinds",
    ("actions", "text"): "the action the student set themself",
    ("actions", "due"): "the action's due date",
    ("actions", "learning"): "what the student learned from their action",
    ("action_events", "learning"): "the history of each action: how it went, new dates",
    ("web_sessions", "token_hash"): "the web chat's sign-in (a hash of the cookie's token)",
    ("web_sessions", "last_seen_at"): "when the student last used the web chat",
    ("student_facts", "text"): "what the student said that the bot asks about next time "
                               "(a doubt, a person)",
    ("flags", "reason"): "why a conversation needed a human (e.g. bullying, urgent)",
    ("flags", "level"): "urgent or concern",
    ("flag_events", "note"): "the mentor's note on how a flag was handled",
    ("flag_events", "message_ref"): "which staff chat and message held each copy of an alert",
    ("flag_records", "group_name"): "kept when a student deletes their data: an anonymised "
                                    "safeguarding record (class, kind of signal, times, who "
                                    "handled it; no student, no words, no note)",
    ("nudges", "day"): "internship days the student was nudged",
    ("invites", "student_id"): "which student used an invite code",
    ("invites", "name"): "the name a code was printed for (invite sheet); cleared when the "
                         "student is deleted",
    ("mentors", "name"): "mentor's name (staff)",
    ("mentors", "email"): "mentor's email address (staff)",
    ("page_views", "student_id"): "which staff member opened a student's page on the school's "
                                  "web pages, and when (the school's accountability; kept "
                                  "without the student when they delete their data)",
    ("staff_sessions", "token_hash"): "a staff member's sign-in to the school's pages (hash)",
    ("staff_links", "token_hash"): "one-time sign-in links for staff (hash, minutes valid)",
}


@dataclass(frozen=True)
class TableReport:
    table: str
    rows: int
    fields: list[tuple[str, str]]


async def report(session: AsyncSession) -> list[TableReport]:
    tables = {t.name: t for t in Base.metadata.sorted_tables}
    found = []
    for name in dict.fromkeys(table for table, _ in PERSONAL_DATA):
        table = tables[name]
        rows = await session.scalar(select(func.count()).select_from(table)) or 0
        fields = [(column, what) for (t, column), what in PERSONAL_DATA.items() if t == name]
        found.append(TableReport(name, int(rows), fields))
    return found


def render(tables: list[TableReport], retention_months: int) -> str:
    lines = ["Personal data stored by Loopbaanbot", ""]
    for table in tables:
        lines.append(f"{table.table} ({table.rows} rows)")
        lines += [f"  {column:<18} {what}" for column, what in table.fields]
        lines.append("")
    lines.append(f"Conversations are deleted after {retention_months} months (school.yaml). "
                 "A student can export (/export) and delete (/verwijder) their data at any time.")
    return "\n".join(lines)
