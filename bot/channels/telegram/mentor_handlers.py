"""Mentors in Telegram: enrolment, alerts' buttons, /vlaggen, /student, resolution notes."""

from __future__ import annotations

import logging
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Update, User
from telegram.ext import ContextTypes

from bot.addresses import email_address
from bot.channels.telegram import CHANNEL
from bot.channels.telegram.alert_copies import AlertCopies
from bot.channels.telegram.rendering import buttons, split
from bot.core.texts import Texts
from bot.mentors.digest import Digests
from bot.mentors.service import (
    FlagGone,
    MentorProfile,
    MentorService,
    NotYours,
    StudentOverview,
)
from bot.mentors.staff import LINK_VALID, StaffAccess, login_url
from bot.students import Duplicate

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE


class MentorHandlers:
    def __init__(self, mentors: MentorService, digests: Digests, texts: Texts,
                 zone: ZoneInfo, copies: AlertCopies, access: StaffAccess | None = None,
                 web_url: str | None = None) -> None:
        self.mentors = mentors
        self.copies = copies
        self.digests = digests
        self.texts = texts
        self.zone = zone
        self.access = access
        self.web_url = web_url.rstrip("/") if web_url else None

    async def enrol(self, update: Update, context: Context, code: str) -> None:
        user = update.effective_user
        assert user is not None
        language = (user.language_code or "nl")[:2]
        language = language if language in ("nl", "en") else "nl"
        try:
            profile = await self.mentors.enrol(code, mentor_key(user), user.full_name, language,
                                               update.update_id)
        except Duplicate:
            return
        if profile is None:
            await self._send(update, context, self.texts.say(language, "telegram.code_used"))
            return
        key = "mentor.welcome_coordinator" if profile.coordinator and not profile.groups \
            else "mentor.welcome"
        await self._send(update, context, self.texts.say(
            profile.language, key, name=profile.name, groups=", ".join(profile.groups)))

    async def help(self, update: Update, context: Context, mentor: MentorProfile) -> None:
        await self._send(update, context, self.texts.say(mentor.language, "mentor.help"))

    async def text(self, update: Update, context: Context, mentor: MentorProfile) -> None:
        """A mentor's message is the note for the flag they are resolving, else help."""
        message = update.effective_message
        assert message is not None and message.text is not None
        user = update.effective_user
        assert user is not None
        note = message.text.strip()[:2000]
        try:
            student = await self.mentors.resolve_with_note(mentor_key(user), note, update.update_id)
        except Duplicate:
            return
        if student is None:
            await self._send(update, context, self.texts.say(mentor.language, "mentor.help"))
            return
        await self._send(update, context, self.texts.say(mentor.language, "mentor.resolved",
                                                         student=student, note=note))

    async def moved_on(self, update: Update, context: Context, mentor: MentorProfile) -> None:
        """A command instead of the awaited note: stop waiting, and say so."""
        user = update.effective_user
        assert user is not None
        student = await self.mentors.cancel_note(mentor_key(user))
        if student is not None:
            await self._send(update, context, self.texts.say(mentor.language,
                                                             "mentor.note_dropped",
                                                             student=student))

    async def flags(self, update: Update, context: Context, mentor: MentorProfile) -> None:
        user = update.effective_user
        assert user is not None
        views = await self.mentors.open_flags(mentor_key(user))
        say = self.texts.say
        lang = mentor.language
        if not views:
            await self._send(update, context, say(lang, "mentor.no_flags"))
            return
        await self._send(update, context, say(lang, "mentor.flags_intro"))
        for view in views:
            line = say(lang, "mentor.flag_line", level=say(lang, f"mentor.levels.{view.level}"),
                       student=view.student, group=view.group, reason=view.reason,
                       when=self._when(view.created_at),
                       status=say(lang, f"mentor.flag_status.{view.status}"))
            rows = []
            if view.status == "open":
                rows.append((say(lang, "mentor.ack_button"), f"ack|{view.id}"))
            rows.append((say(lang, "mentor.resolve_button", student=view.student),
                         f"resolve|{view.id}"))
            await self._send(update, context, line, buttons(rows))

    async def email(self, update: Update, context: Context, mentor: MentorProfile) -> None:
        """/email ADDRESS: where the digest goes when the school sends it by email."""
        user = update.effective_user
        assert user is not None
        address = email_address((context.args or [""])[0])
        if address is None:
            await self._send(update, context, self.texts.say(mentor.language,
                                                             "mentor.email_usage"))
            return
        try:
            await self.mentors.set_email(mentor_key(user), address, update.update_id)
        except Duplicate:
            return
        await self._send(update, context, self.texts.say(mentor.language, "mentor.email_set",
                                                         email=address))

    async def web(self, update: Update, context: Context, mentor: MentorProfile) -> None:
        """/web: a one-time link to the school's pages, valid for minutes."""
        user = update.effective_user
        assert user is not None
        if self.access is None or self.web_url is None:
            await self._send(update, context, self.texts.say(mentor.language,
                                                             "school.web_not_served"))
            return
        token = await self.access.link_for_contact(*mentor_key(user))
        if token is None:
            return
        await self._send(update, context, self.texts.say(
            mentor.language, "school.web_link", url=login_url(self.web_url, token),
            minutes=int(LINK_VALID.total_seconds() // 60)))

    async def overview(self, update: Update, context: Context, mentor: MentorProfile) -> None:
        """/overzicht: the digest now (it does not count as the scheduled one)."""
        found = await self.digests.mentor(mentor.id)
        if found is None:
            return
        for piece in split(await self.digests.text_for(found)):
            await self._send(update, context, piece)

    async def student(self, update: Update, context: Context, mentor: MentorProfile) -> None:
        user = update.effective_user
        assert user is not None
        name = " ".join(context.args or [])
        if not name:
            await self._send(update, context, self.texts.say(mentor.language,
                                                             "mentor.student_usage"))
            return
        found = await self.mentors.student(mentor_key(user), name)
        if found is None:
            await self._send(update, context, self.texts.say(
                mentor.language, "mentor.student_not_found", name=name))
            return
        for piece in split(self.describe(found, mentor.language)):
            await self._send(update, context, piece)

    async def button(self, update: Update, context: Context, kind: str, value: str) -> None:
        query, user = update.callback_query, update.effective_user
        assert query is not None and user is not None
        mentor = await self.mentors.profile(mentor_key(user))
        if mentor is None or not value.isdecimal():
            await query.answer()
            return
        try:
            if kind == "ack":
                done = await self.mentors.acknowledge(mentor_key(user), int(value),
                                                      update.update_id)
                await query.answer()
                original = getattr(query.message, "text", None) or ""
                stamp = self.copies.stamp(done, mentor.language)
                await query.edit_message_text(f"{original}\n\n{stamp}", reply_markup=None)
                if done.now:
                    pressed = f"{query.message.chat.id}:{query.message.message_id}" \
                        if query.message else ""
                    await self.copies.update(done, skip=pressed)
            elif kind == "keep":  # cancel resolving: the flag stays open
                await query.answer()
                student = await self.mentors.cancel_note(mentor_key(user))
                await query.edit_message_reply_markup(reply_markup=None)
                if student is not None:
                    await self._send(update, context, self.texts.say(
                        mentor.language, "mentor.note_cancelled", student=student))
            else:  # resolve: the next message is the note
                student = await self.mentors.ask_note(mentor_key(user), int(value),
                                                      update.update_id)
                await query.answer()
                await self._send(update, context, await self._note_question(
                    user, mentor.language, int(value), student), buttons([
                        (self.texts.say(mentor.language, "mentor.note_cancel_button"),
                         f"keep|{value}")]))
        except Duplicate:
            await query.answer()
        except NotYours:
            await query.answer(self.texts.say(mentor.language, "mentor.not_yours"))
        except FlagGone:  # the student deleted their data: say so, and the button goes
            await query.answer()
            original = getattr(query.message, "text", None) or ""
            gone = self.texts.say(mentor.language, "mentor.flag_gone")
            await query.edit_message_text(f"{original}\n\n{gone}", reply_markup=None)

    async def _note_question(self, user: User, lang: str, flag_id: int, student: str) -> str:
        """Asks for the note naming the flag's reason and when it was raised: a student may
        have two open flags (bullying, and asking for their mentor)."""
        views = await self.mentors.open_flags(mentor_key(user))
        view = next((v for v in views if v.id == flag_id), None)
        if view is None:  # resolved meanwhile by someone else: the student's name only
            return self.texts.say(lang, "mentor.note_question_plain", student=student)
        return self.texts.say(lang, "mentor.note_question", student=student,
                              reason=view.reason, when=self._when(view.created_at))

    def describe(self, found: StudentOverview, lang: str) -> str:
        """A student's recent reflections, actions and flags, for their mentor."""
        say = self.texts.say
        lines = [say(lang, "mentor.student_header", student=found.name, group=found.group)]
        for c in found.conversations:
            topics = ", ".join(say(lang, f"competencies.{t}") for t in c.competencies)
            lines.append(say(
                lang, "mentor.student_conversation", date=self._when(c.started),
                status=say(lang, f"mentor.conversation_status.{c.status}"),
                topics=f" — {topics}" if topics else "",
                mood=f" {say(lang, f'mentor.moods.{c.mood}')}" if c.mood else ""))
        if not found.conversations:
            lines.append(say(lang, "mentor.student_none"))
        for a in found.actions:
            lines.append(say(lang, "mentor.student_action", action=a.text,
                             due=self.texts.date(lang, a.due),
                             status=say(lang, f"mentor.action_status.{a.status}")))
        for f in found.flags:
            lines.append(f"{say(lang, f'mentor.levels.{f.level}')} {f.reason} · "
                         f"{self._when(f.created_at)} · "
                         f"{say(lang, f'mentor.flag_status.{f.status}')}")
        return "\n".join(lines)

    def _when(self, moment: Any) -> str:
        return str(moment.astimezone(self.zone).strftime("%d-%m %H:%M"))

    async def _send(self, update: Update, context: Context, text: str,
                    keyboard: Any = None) -> None:
        chat = update.effective_chat
        assert chat is not None
        await context.bot.send_message(chat.id, text, reply_markup=keyboard)


def mentor_key(user: User) -> tuple[str, str]:
    """The mentor this Telegram user is, as the services know them: their contact."""
    return CHANNEL, str(user.id)
