"""The command line: chat, flows (validate, graph, schema, test), export."""

from __future__ import annotations

import asyncio
import getpass
import json
import logging
import sys
import traceback
from collections.abc import Callable, Coroutine, Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any, TypeVar
from zoneinfo import ZoneInfo

import typer
from pydantic import ValidationError

from bot.config import Settings
from bot.loading.problems import InvalidData
from bot.logsafe import Redactor, redact_everywhere

app = typer.Typer(help="Loopbaanbot: reflectie op je stagedag.", no_args_is_help=True,
                  pretty_exceptions_enable=False, add_completion=False)
flows_app = typer.Typer(help="Check, draw and test dialogue flows (for schools).",
                        no_args_is_help=True)
app.add_typer(flows_app, name="flows")
invite_app = typer.Typer(help="Invite codes for students (one each, or a printable sheet per "
                         "class), mentors and coordinators.", no_args_is_help=True)
app.add_typer(invite_app, name="invite")
mentor_app = typer.Typer(help="Mentors and coordinators: add one reached by e-mail, list them.",
                         no_args_is_help=True)
app.add_typer(mentor_app, name="mentor")
school_app = typer.Typer(help="The school's flag rules and helplines.", no_args_is_help=True)
app.add_typer(school_app, name="school")
privacy_app = typer.Typer(help="Personal data: what is stored, for the school's records.",
                          no_args_is_help=True)
app.add_typer(privacy_app, name="privacy")

T = TypeVar("T")
Language = Annotated[str | None, typer.Option("--lang", "-l", help="nl or en.")]


def main() -> None:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")
    app()


def _settings() -> Settings:
    try:
        settings = Settings()
    except ValidationError as exc:
        for error in exc.errors():
            field = "LOOPBAANBOT_" + "_".join(str(p) for p in error["loc"]).upper()
            typer.echo(f"error: {field}: {error['msg'].removeprefix('Value error, ')}", err=True)
        raise typer.Exit(2) from None
    redact_everywhere(settings.secrets())
    return settings


def _run(work: Coroutine[Any, Any, T], settings: Settings) -> T:
    """Run a command's async work; what can go wrong at start-up becomes one clear line."""
    from sqlalchemy.engine.url import make_url
    from sqlalchemy.exc import SQLAlchemyError
    from telegram.error import InvalidToken

    from bot.catalog import UnknownFlow
    from bot.mentors.delivery import CannotDeliver
    from bot.mentors.mail import NotConfigured
    from bot.reflection import UnsupportedLanguage

    try:
        return asyncio.run(work)
    except typer.Exit:  # the command's own clear message, already printed
        raise
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    except InvalidToken:
        raise _fail("error: Telegram refused the bot token (revoked, or mistyped?). Get the "
                    "token from @BotFather and set LOOPBAANBOT_TELEGRAM_TOKEN.", 2) from None
    except InvalidData as exc:
        raise _fail(f"The school's files (flows, prompts or school/) have problems:\n{exc}\n"
                    "Fix them, then check with: loopbaanbot flows validate (flows and "
                    "prompts) and loopbaanbot school validate (school/)") from None
    except (UnsupportedLanguage, UnknownFlow, CannotDeliver) as exc:
        raise _fail(f"error: {exc}", 2) from None
    except NotConfigured as exc:  # no mail server: nothing sent, nothing marked sent
        raise _fail(f"error: {exc}.", 2) from None
    except (OSError, SQLAlchemyError) as exc:
        where = make_url(settings.database).render_as_string(hide_password=True)
        raise _fail(f"error: cannot open the database {where}: {type(exc).__name__}: "
                    f"{exc}\nCheck LOOPBAANBOT_DATABASE_URL or LOOPBAANBOT_DATA_DIR.") from None
    except Exception as exc:  # a bug or a failing service: the traceback, without secrets
        shown = "".join(traceback.format_exception(exc)).rstrip()
        raise _fail(Redactor(settings.secrets()).redact(shown)) from None


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code)


def _clock_on(day: str, zone: ZoneInfo) -> Callable[[], datetime]:
    """A clock on a given day, at the real time of day (tests of dates in the console)."""
    try:
        fixed = date.fromisoformat(day)
    except ValueError:
        raise _fail(f"error: --today wants a date like 2026-11-23, not '{day}'", 2) from None

    def now() -> datetime:
        return datetime.combine(fixed, datetime.now(zone).time(), tzinfo=zone).astimezone(UTC)

    return now


@app.command()
def chat(
    lang: Language = None,
    student: Annotated[str | None, typer.Option(
        "--student", "-s", help="Who is talking (default: your user name).")] = None,
    as_json: Annotated[bool, typer.Option(
        "--json", help="JSON lines on stdin/stdout, for programs.")] = False,
    group: Annotated[str | None, typer.Option(
        "--group", "-g", help="The student's class, so their mentor is reached.")] = None,
    today: Annotated[str | None, typer.Option(
        "--today", hidden=True, help="For tests: act as if it is this day (YYYY-MM-DD).")] = None,
) -> None:
    """Reflect on your internship day in the terminal (SQLite, no token needed)."""
    from bot.channels.console import ConsoleChat, LineReader
    from bot.reflection import StudentRef

    settings = _settings()
    language = lang or settings.language
    if language not in ("nl", "en"):
        raise _fail(f"error: unknown language '{language}'; use nl or en", 2)
    name = student or getpass.getuser()
    clock = _clock_on(today, settings.zone) if today else None

    async def work() -> int:
        from bot.app import open_app

        async with (open_app(settings, clock) if clock else open_app(settings)) as loopbaanbot:
            console = ConsoleChat(loopbaanbot.reflection, loopbaanbot.content.texts,
                                  StudentRef.on("console", name, first_use=True, group=group),
                                  language, sys.stdout, as_json)
            try:
                return await console.run(LineReader(sys.stdin.buffer))
            except asyncio.CancelledError:
                console.paused()
                raise

    raise typer.Exit(_run(work(), settings))


@app.command()
def export(
    student: Annotated[str | None, typer.Option(
        "--student", "-s", help="The student's name.")] = None,
    telegram_id: Annotated[int | None, typer.Option(
        "--telegram-id", help="The student's Telegram user id.")] = None,
) -> None:
    """Print everything stored about one student as JSON."""
    if (student is None) == (telegram_id is None):
        raise _fail("error: give --student NAME or --telegram-id ID", 2)
    settings = _settings()

    async def work() -> dict[str, Any] | None:
        from bot.app import open_app

        async with open_app(settings) as loopbaanbot:
            from bot.reflection import StudentRef

            return await loopbaanbot.reflection.export(
                StudentRef.on("telegram", telegram_id) if telegram_id is not None
                else student or "")

    data = _run(work(), settings)
    if data is None:
        who = f"named '{student}'" if student is not None else f"with Telegram id {telegram_id}"
        raise _fail(f"no student {who}")
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


@privacy_app.command("report")
def privacy_report() -> None:
    """What personal data is stored, per table and field, with row counts."""
    settings = _settings()

    async def work() -> str:
        from bot.app import open_app
        from bot.storage import privacy
        from bot.storage.database import sessions

        async with open_app(settings) as core:
            async with sessions(core.database)() as session:
                tables = await privacy.report(session)
            return privacy.render(tables, core.content.school.retention_months)

    typer.echo(_run(work(), settings))


@app.command()
def profile(
    student: Annotated[str, typer.Option("--student", "-s", help="The student's name.")],
    lang: Language = None,
) -> None:
    """A student's competency profile as text bars."""
    settings = _settings()

    async def work() -> str | None:
        from bot.app import open_app
        from bot.profile import text_bars
        from bot.reflection import StudentRef

        async with open_app(settings) as core:
            counts = await core.reflection.profile(StudentRef.on("console", student))
            if counts is None:
                return None
            return text_bars(counts, core.content.texts, lang or settings.language)

    text = _run(work(), settings)
    if text is None:
        raise _fail(f"no student named '{student}'")
    typer.echo(text)


@app.command()
def digest(
    mentor: Annotated[str, typer.Option("--mentor", "-m", help="Any part of the name (e.g. "
                                        "'Vries'), or a Telegram id.")],
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Print the digest instead of sending it.")] = False,
) -> None:
    """A mentor's digest: open flags first, then each student at a glance."""
    settings = _settings()

    async def work() -> str:
        from bot.app import open_app
        from bot.mentors.digest import Digests
        from bot.storage.database import sessions

        async with open_app(settings) as core:
            digests = Digests(sessions(core.database), core.content.texts, core.content.school,
                              settings.zone, core.reflection.clock, core.content.calendar)
            found = await digests.find_mentors(mentor)
            if len(found) != 1:
                names = [m.name for m in found] or await digests.all_mentors()
                what = (f"{len(found)} mentors match '{mentor}'; give more of the name"
                        if found else f"no mentor matches '{mentor}'")
                listed = "\n".join(f"  {name}" for name in names) or \
                    "  (none yet: see 'loopbaanbot mentor add' and 'invite create')"
                raise _fail(f"error: {what}. {'They are' if found else 'Mentors'}:\n{listed}",
                            2)
            if dry_run:
                return await digests.text_for(found[0])
            from bot.channels.telegram.application import send_digest_now
            from bot.mentors.mail import NotConfigured

            try:
                return await send_digest_now(core, digests, found[0])
            except NotConfigured as exc:  # nothing sent: the digest's period stays as it is
                raise _fail(f"error: {exc}. Set them, or use --dry-run to print the digest.",
                            2) from None

    typer.echo(_run(work(), settings))
    if not dry_run:
        typer.echo("(Sent. The next scheduled digest covers from now on; --dry-run only "
                   "prints.)", err=True)


@app.command()
def run(
    webhook: Annotated[bool, typer.Option(
        "--webhook", help="Serve a webhook instead of long polling.")] = False,
    web: Annotated[bool, typer.Option(
        "--web", help="Also serve the web chat (LOOPBAANBOT_WEB_PORT); without a Telegram "
        "token, only the web chat.")] = False,
) -> None:
    """Run the bot: Telegram (needs LOOPBAANBOT_TELEGRAM_TOKEN) and/or the web chat (--web)."""
    from bot.channels.telegram import runner

    settings = _settings()
    try:
        runner.check(settings, webhook, web)
    except runner.NotConfigured as exc:
        raise _fail(f"error: {exc}", 2) from None
    logging.getLogger("bot").setLevel(logging.INFO)
    _run(runner.run(settings, webhook, web), settings)


@mentor_app.command("add")
def mentor_add(
    name: Annotated[str, typer.Option("--name", help="As students know them, e.g. 'Ellen de "
                                      "Vries'.")],
    email: Annotated[str, typer.Option("--email", help="Where alerts and digests go.")],
    group: Annotated[list[str] | None, typer.Option(
        "--group", "-g", help="A class this mentor has (repeat for more), e.g. 4A.")] = None,
    coordinator: Annotated[bool, typer.Option(
        "--coordinator", help="Sees every group and gets what no mentor picks up.")] = False,
    admin: Annotated[bool, typer.Option(
        "--admin", help="The school's administrator: a coordinator who also sees the flows "
        "and makes invite sheets on the school's pages.")] = False,
    lang: Language = None,
) -> None:
    """Add a mentor who gets alerts and digests by e-mail, without Telegram (mentors with
    Telegram enrol themselves with a mentor code instead)."""
    coordinator = coordinator or admin
    from bot.addresses import email_address

    address = email_address(email)
    if address is None:
        raise _fail(f"error: '{email[:80]}' is not an e-mail address", 2)
    groups = [_group(g) for g in group or []]
    if any(not g for g in groups) or not name.strip():
        raise _fail("error: a name and group names cannot be empty", 2)
    if not groups and not coordinator:
        raise _fail("error: give the mentor's --group (e.g. --group 4A), or --coordinator", 2)
    settings = _settings()

    async def work() -> Any:
        from bot.app import open_app
        from bot.mentors.service import MentorService
        from bot.scheduling.calendar import next_digest
        from bot.storage.database import sessions

        async with open_app(settings) as core:
            school = core.content.school
            mentors = MentorService(sessions(core.database), core.reflection.clock,
                                    lambda now: next_digest(now, school.digest, settings.zone))
            from bot.students import StudentService

            await _same_spelling(StudentService(sessions(core.database)), groups,
                                 core.content.calendar)
            return await mentors.add(name.strip(), address, groups, coordinator,
                                     lang or settings.language, admin)

    profile = _run(work(), settings)
    role = "administrator" if admin else "coordinator" if profile.coordinator \
        else "mentor of " + ", ".join(profile.groups)
    typer.echo(f"{profile.name} <{address}>: {role}. Alerts and digests go by e-mail "
               "(needs LOOPBAANBOT_SMTP_HOST and LOOPBAANBOT_SMTP_FROM).")


@mentor_app.command("link")
def mentor_link(
    who: Annotated[str, typer.Argument(help="The mentor's name (any part) or e-mail address, "
                                       "as `mentor list` shows it.")],
) -> None:
    """Print a one-time sign-in link to the school's pages for one mentor, coordinator or
    administrator (valid 15 minutes, used once). Mentors in Telegram ask the bot with /web."""
    settings = _settings()
    if not settings.web_url:
        raise _fail("error: set LOOPBAANBOT_WEB_URL to the school's web address (the pages "
                    "are served by 'loopbaanbot run --web')", 2)

    async def work() -> Any:
        from bot.app import open_app
        from bot.mentors.staff import StaffAccess
        from bot.storage import mentors as stored
        from bot.storage.database import sessions

        async with open_app(settings) as core:
            async with sessions(core.database)() as session:
                found = await stored.by_email(session, who.strip()) if "@" in who else None
                matches = [found] if found else await stored.matching(session, who)
                names = [m.name for m in matches]
            if len(matches) != 1:
                return names
            return await StaffAccess(sessions(core.database), core.reflection.clock) \
                .link_for(matches[0].id), names[0]

    found = _run(work(), settings)
    if isinstance(found, list):
        raise _fail(f"error: no mentor matches '{who[:80]}' (see 'mentor list')" if not found
                    else f"error: '{who[:80]}' matches {len(found)} mentors: "
                    f"{', '.join(found)}; give more of the name", 2)
    from bot.mentors.staff import login_url

    token, name = found
    typer.echo(f"{name}: {login_url(settings.web_url, token)}")


@mentor_app.command("list")
def mentor_list(
    as_json: Annotated[bool, typer.Option("--json", help="A JSON list.")] = False,
) -> None:
    """Every mentor and coordinator: name (use it with `digest --mentor`), how they are
    reached, and their groups."""
    settings = _settings()

    async def work() -> Any:
        from bot.app import open_app
        from bot.mentors.service import MentorService
        from bot.storage.database import sessions

        async with open_app(settings) as core:
            return await MentorService(sessions(core.database)).listing()

    found = _run(work(), settings)
    if as_json:
        typer.echo(json.dumps([{"name": m.name, "email": m.email,
                                "telegram": "telegram" in m.channels,
                                "coordinator": m.coordinator, "admin": m.admin,
                                "groups": list(m.groups)}
                               for m in found], ensure_ascii=False, indent=2))
        return
    if not found:
        typer.echo("No mentors yet: 'invite create --role mentor --group 4A' (Telegram) or "
                   "'mentor add --name ... --email ... --group 4A' (e-mail).")
    for m in found:
        ways = [c.capitalize() for c in m.channels] + ([m.email] if m.email else [])
        role = "administrator" if m.admin else "coordinator" if m.coordinator \
            else ", ".join(m.groups) or "-"
        typer.echo(f"{m.name}  [{role}]  {' + '.join(ways) or 'not reachable'}")


@invite_app.command("create")
def invite_create(
    group: Annotated[str, typer.Option("--group", "-g", help="The class, e.g. 4A.")] = "",
    role: Annotated[str, typer.Option(
        help="Who the codes are for: student, mentor or coordinator.")] = "student",
    count: Annotated[int, typer.Option("--count", "-n", min=1, max=1000)] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON list.")] = False,
) -> None:
    """Make invite codes, with t.me links (and web chat links when LOOPBAANBOT_WEB_URL is
    set). For a whole class on paper: 'invite sheet'."""
    if role not in ("student", "mentor", "coordinator"):
        raise _fail(f"error: unknown role '{role}'; use student, mentor or coordinator", 2)
    group = _group(group)
    if role != "coordinator" and not group:
        raise _fail(f"error: --group is needed for {role} codes (e.g. --group 4A)", 2)
    group = group or "school"
    settings = _settings()

    async def work() -> tuple[list[Any], str | None]:
        from bot.app import open_app
        from bot.storage.database import sessions
        from bot.students import StudentService

        async with open_app(settings) as loopbaanbot:
            students = StudentService(sessions(loopbaanbot.database))
            if group != "school":
                await _same_spelling(students, [group], loopbaanbot.content.calendar)
            return (await students.create_invites(role, group, count),
                    await _username(settings, students))

    invitations, username = _run(work(), settings)
    rows = [{"code": i.code, "role": i.role, "group": i.group,
             **{k: v for k, v in _links(settings, username, i.code, i.role).items()
                if k == "link" or v}} for i in invitations]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        typer.echo(f"{len(rows)} {role} code(s) for {group}:")
        for row in rows:
            links = "  ".join(str(row[k]) for k in ("link", "web_link") if row.get(k))
            typer.echo(f"{row['code']}  {links}".rstrip())
    if not username and not settings.web_url:
        typer.echo(_NO_LINKS, err=True)


_NO_LINKS = ("(No links: set LOOPBAANBOT_TELEGRAM_USERNAME, or LOOPBAANBOT_TELEGRAM_TOKEN so "
             "the bot can ask Telegram; students can also send /start CODE.)")


@invite_app.command("sheet")
def invite_sheet(
    csv_file: Annotated[Path, typer.Option("--csv", help="The class list: a name and a class "
                                           "per row (e.g. 'Naam;Klas'), as exported.")],
    group: Annotated[str, typer.Option("--group", "-g", help="Only this class (default: "
                                       "every class in the list, one sheet each).")] = "",
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the PDF and CSV.")] = (
        Path(".")),
    new_codes: Annotated[bool, typer.Option(
        "--new-codes", help="Revoke the listed students' unused codes and print new ones "
        "(when old slips may be in the wrong hands). Default: a student's unused code is "
        "reprinted.")] = False,
    lang: Language = None,
) -> None:
    """A code per student of a class list, as a PDF to print and cut (name, QR code, code,
    how to start) and a CSV for the school's records. Made again, it reprints each student's
    unused code (lost slips) and makes new codes only for students without one; students
    who already enrolled get no slip."""
    from bot.invite_sheet import NoLinks, csv_text, file_stem, make_sheets, pdf_bytes
    from bot.loading.class_list import read_class_list

    settings = _settings()
    language = lang or settings.language
    try:
        listed = read_class_list(csv_file, _group(group) or None)
    except InvalidData as exc:
        raise _fail(f"The class list has problems:\n{exc}", 2) from None
    by_group: dict[str, list[str]] = {}
    for student in listed:
        by_group.setdefault(student.group, []).append(student.name)

    async def work() -> tuple[dict[str, Any], Any]:
        from bot.app import open_app
        from bot.storage.database import sessions
        from bot.students import StudentService

        async with open_app(settings) as loopbaanbot:
            students = StudentService(sessions(loopbaanbot.database))
            try:
                made = await make_sheets(students, by_group, loopbaanbot.content.calendar.groups,
                                         settings.web_url, await _username(settings, students),
                                         fresh=new_codes)
            except NoLinks:
                raise _fail("error: a sheet needs links for its QR codes: set "
                            "LOOPBAANBOT_TELEGRAM_USERNAME (the bot's @name), or "
                            "LOOPBAANBOT_TELEGRAM_TOKEN so it can be asked from Telegram, or "
                            "LOOPBAANBOT_WEB_URL for the web chat. No codes were made.",
                            2) from None
            return made, loopbaanbot.content.texts

    made, texts = _run(_spelled(work()), settings)
    out.mkdir(parents=True, exist_ok=True)
    for klass, sheet in made.items():
        revoked = f"; {sheet.revoked} old unused code(s) revoked" if sheet.revoked else ""
        counts = f"{sheet.reused} reused, {sheet.new} new{revoked}"
        if sheet.enrolled:
            typer.echo(f"{klass}: {len(sheet.enrolled)} student(s) already enrolled, skipped "
                       "(their code is used; see: loopbaanbot invite list)")
        if not sheet.slips:
            typer.echo(f"{klass}: no codes to print ({counts})")
            continue
        stem = out / file_stem(klass)
        stem.with_suffix(".pdf").write_bytes(pdf_bytes(sheet.slips, texts, language))
        stem.with_suffix(".csv").write_text(csv_text(sheet.slips), encoding="utf-8")
        typer.echo(f"{klass}: {len(sheet.slips)} codes ({counts}) -> {stem}.pdf (print and "
                   f"cut), {stem}.csv (keep for the school's records)")


@invite_app.command("list")
def invite_list(
    group: Annotated[str, typer.Option("--group", "-g", help="Only this class.")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="A JSON list.")] = False,
) -> None:
    """Every code per class: used (by whom, when) or not yet."""
    settings = _settings()

    async def work() -> list[Any]:
        from bot.app import open_app
        from bot.storage.database import sessions
        from bot.students import StudentService

        async with open_app(settings) as loopbaanbot:
            return await StudentService(sessions(loopbaanbot.database)).invites(
                _group(group) or None)

    rows = _run(work(), settings)
    if as_json:
        typer.echo(json.dumps([{"code": r.code, "role": r.role, "group": r.group,
                                "for": r.name, "used_at": _iso(r.used_at),
                                "used_by": r.used_by} for r in rows],
                              ensure_ascii=False, indent=2))
        return
    if not rows:
        typer.echo(f"No codes{' for ' + group if group else ''} yet: 'invite sheet --csv "
                   "klas.csv' or 'invite create --group 4A'.")
        return
    current = None
    for row in rows:
        if (row.group, row.role) != current:
            current = (row.group, row.role)
            same = [r for r in rows if (r.group, r.role) == current]
            used = sum(1 for r in same if r.used_at)
            typer.echo(f"{row.group} ({row.role}): {used} of {len(same)} used")
        who = f" for {row.name}" if row.name else ""
        if row.used_at:
            by = row.used_by or "(deleted since)"
            typer.echo(f"  {row.code}{who}  used by {by} on {row.used_at:%Y-%m-%d}")
        else:
            typer.echo(f"  {row.code}{who}  not used")


@invite_app.command("revoke")
def invite_revoke(code: Annotated[str, typer.Argument(help="The code to revoke.")]) -> None:
    """An unused code can no longer be used (a lost slip). A used code stays: the student
    deletes their data with /verwijder."""
    settings = _settings()

    async def work() -> Any:
        from bot.app import open_app
        from bot.storage.database import sessions
        from bot.students import StudentService

        async with open_app(settings) as loopbaanbot:
            return await StudentService(sessions(loopbaanbot.database)).revoke(code)

    row = _run(work(), settings)
    if row is None:  # a revoked code is deleted: it cannot be told from one never made
        raise _fail(f"error: no unused code '{code.strip().upper()}': it was revoked already "
                    "(or never made); nobody can use it. See: loopbaanbot invite list", 2)
    if row.used_at is not None:
        raise _fail(f"error: {row.code} was already used on {row.used_at:%Y-%m-%d}"
                    f"{' by ' + row.used_by if row.used_by else ''}; revoking it changes "
                    "nothing. The student can delete their data with /verwijder.", 2)
    typer.echo(f"Revoked {row.code} ({row.group}{', ' + row.name if row.name else ''}): it "
               "can no longer be used.")


async def _same_spelling(students: Any, groups: Iterable[str], calendar: Any) -> None:
    """Refuse a class that the school already spells otherwise ('4a' next to '4A')."""
    from bot.invite_sheet import check_spelling

    await _spelled(check_spelling(students, groups, calendar.groups))


async def _spelled(work: Coroutine[Any, Any, T]) -> T:
    """The work; a class the school already spells otherwise becomes one clear line."""
    from bot.invite_sheet import OtherSpelling

    try:
        return await work
    except OtherSpelling as exc:
        raise _fail(f"error: the school already has class '{exc.known}'; use that spelling "
                    f"(not '{exc.group}'), or the codes make a second class", 2) from None


def _group(text: str) -> str:
    """'4a ' and '4A' are one class: spaces trimmed, inner runs of spaces made one."""
    return " ".join(text.split())


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


async def _username(settings: Settings, students: Any) -> str | None:
    """The bot's username for links: the setting, what the bot learned on a run, or asked
    from Telegram now (and remembered)."""
    from bot.channels.telegram.application import ask_username
    from bot.invite_sheet import bot_username

    return await bot_username(settings, students, ask_username)


def _links(settings: Settings, username: str | None, code: str,
           role: str = "student") -> dict[str, str | None]:
    from bot.invite_sheet import links

    return links(settings.web_url, username, code, role)


FlowPaths = Annotated[list[Path] | None, typer.Argument(
    help="Flow files or folders (default: the configured flows folder).")]


@flows_app.command("validate")
def flows_validate(paths: FlowPaths = None) -> None:
    """Check flow files: exit 0 when valid, 1 with every problem as file:line otherwise."""
    from bot.loading.flows import flow_files, load_flows
    from bot.loading.prompts import load_prompts

    settings = _settings()
    targets = paths or [settings.flows_dir]
    try:
        texts, _ = load_prompts(settings.prompts_dir)
        flows = load_flows(targets, texts)
    except InvalidData as exc:
        for problem in exc.problems:
            typer.echo(str(problem))
        count = len(exc.problems)
        raise _fail(f"{count} problem{'s' if count != 1 else ''} found.") from None
    files = flow_files(targets)
    typer.echo(f"OK: {len(flows)} flow{'s' if len(flows) != 1 else ''} valid "
               f"({', '.join(str(f) for f in files)}).")


@school_app.command("validate")
def school_validate(
    folder: Annotated[Path | None, typer.Argument(
        help="The school folder (default: the configured one).")] = None,
) -> None:
    """Check flag_rules.yaml and school.yaml: exit 0 when valid, 1 with file:line otherwise."""
    from bot.loading.school import load_school_files

    settings = _settings()
    try:
        rules, school, calendar = load_school_files(folder or settings.school_dir)
    except InvalidData as exc:
        for problem in exc.problems:
            typer.echo(str(problem))
        raise _fail(f"{len(exc.problems)} problem(s) found.") from None
    typer.echo(f"OK: {len(rules.rules)} flag rules, {len(school.helplines)} helplines, "
               f"internship calendar for {len(calendar.groups)} group(s).")


@flows_app.command("graph")
def flows_graph(
    flow: Annotated[str | None, typer.Argument(help="A flow name or a flow file.")] = None,
    lang: Language = None,
    lifecycle: Annotated[bool, typer.Option(
        "--lifecycle", help="Draw a conversation's lifecycle (active, held after an urgent "
        "text, completed, ...) instead of a flow.")] = False,
) -> None:
    """Print a Mermaid diagram of a flow (paste it into a Markdown file or mermaid.live)."""
    from bot.core.graph import mermaid

    if lifecycle:
        from bot.core import lifecycle as conversation_lifecycle

        typer.echo(conversation_lifecycle.mermaid(), nl=False)
        return
    if flow is None:
        raise _fail("error: name a flow (e.g. stagedag), or use --lifecycle", 2)
    loaded, problems = _draft_flow(flow)
    if lang is not None and lang not in loaded.languages:
        raise _fail(f"error: flow '{loaded.flow}' has no '{lang}' texts", 2)
    if problems:  # drawn anyway: a picture helps to see what is wrong
        typer.echo(f"warning: this flow has {len(problems)} problem(s); drawn anyway, the "
                   "steps concerned in red:\n" + "\n".join(str(p) for p in problems), err=True)
    marks: dict[str, list[str]] = {}
    for problem in problems:
        step = problem.where.partition("/")[2]
        if step:
            marks.setdefault(step, []).append(problem.message)
    typer.echo(mermaid(loaded, lang, marks), nl=False)


@flows_app.command("schema")
def flows_schema() -> None:
    """Print the JSON Schema of the flow format (for yaml-language-server in an editor)."""
    from bot.core.flow import Flow

    typer.echo(json.dumps(Flow.model_json_schema(by_alias=True), indent=2, ensure_ascii=False))


@flows_app.command("test")
def flows_test(paths: Annotated[list[Path] | None, typer.Argument(
        help="*.test.yaml files or folders (default: the configured flows folder).")] = None,
) -> None:
    """Run conversation scripts against the flows next to them (the folder a script is in,
    when it holds flows; else the configured flows folder); exit 1 when one fails."""
    from bot.app import load_content
    from bot.flowtest import run_file, script_files
    from bot.loading.flows import flow_files

    settings = _settings()
    files = script_files(paths or [settings.flows_dir])
    if not files:
        raise _fail("no conversation scripts (*.test.yaml) found")
    by_folder: dict[Path, list[Path]] = {}
    for file in files:
        folder = file.parent if flow_files([file.parent]) else settings.flows_dir
        by_folder.setdefault(folder, []).append(file)
    results = []
    for folder, scripts in by_folder.items():
        try:
            content = load_content(settings.model_copy(update={"flows_dir": folder}))
        except InvalidData as exc:
            raise _fail(f"The flows in {folder} have problems; fix them first:\n{exc}") from None
        typer.echo(f"Flows from {folder}:")
        for result in (r for f in scripts for r in run_file(f, content.engine,
                                                              content.catalog)):
            typer.echo(f"{'PASS' if result.passed else 'FAIL'}  {result.file}: {result.name}")
            for problem in result.problems:
                typer.echo(f"      {problem}")
            results.append(result)
    failed = sum(not r.passed for r in results)
    typer.echo(f"{len(results) - failed} passed, {failed} failed")
    if failed:
        raise typer.Exit(1)


def _draft_flow(name_or_path: str) -> tuple[Any, list[Any]]:
    """A flow by name or file, read as far as it can be (to draw it with its problems)."""
    from bot.loading.flows import draft_flow, flow_files
    from bot.loading.prompts import load_prompts

    settings = _settings()
    path = Path(name_or_path)
    try:
        texts, _ = load_prompts(settings.prompts_dir)
    except InvalidData as exc:
        raise _fail(f"{exc}\nFix these first (loopbaanbot flows validate).") from None
    files = [path] if path.is_file() else flow_files([settings.flows_dir])
    names = []
    for file in files:
        drafted, problems = draft_flow(file, texts)
        if drafted is not None and (path.is_file() or drafted.flow == name_or_path):
            return drafted, problems
        if path.is_file():
            raise _fail("\n".join(str(p) for p in problems) + "\nThe file cannot be read as "
                        "a flow, so there is nothing to draw (loopbaanbot flows validate).")
        names.append(drafted.flow if drafted is not None else file.stem)
    raise _fail(f"no flow '{name_or_path}'; known: {', '.join(sorted(names))}")

