"""Thin handlers: a Telegram update becomes a service call, the answer becomes messages."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Coroutine
from datetime import date
from typing import Any

from telegram import InputFile, Update, User
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.channels.telegram import CHANNEL, callbacks
from bot.channels.telegram.mentor_handlers import MentorHandlers, mentor_key
from bot.channels.telegram.rendering import buttons, pressed_label, render
from bot.channels.telegram.sending import send_text
from bot.core.conversation import BotTurn, Pressed, Said
from bot.core.texts import Texts
from bot.faults import crash_point
from bot.logsafe import describe
from bot.mentors.service import MENTOR_ROLES, MentorProfile
from bot.profile import picture, text_bars
from bot.reflection import NoConversation, NotEnrolled, ReflectionService, Reply, StudentRef
from bot.scheduling.cycle import Cycle
from bot.students import Duplicate, OpenActionView, StudentService

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE
Handler = Callable[[Update, Context], Coroutine[Any, Any, None]]

# Each command in Dutch, with its English alias. The first name is the one Telegram shows.
COMMANDS: dict[str, tuple[str, ...]] = {
    "start": ("start",),
    "reflectie": ("reflectie", "reflect"),
    "stop": ("stop", "pause"),
    "acties": ("acties", "actions"),
    "mentor": ("mentor",),
    "privacy": ("privacy",),
    "export": ("export",),
    "verwijder": ("verwijder", "delete"),
    "help": ("help",),
    "taal": ("taal", "language"),
    "profiel": ("profiel", "profile"),
}
ENGLISH_NAMES = {"reflectie": "reflect", "stop": "pause", "acties": "actions",
                 "verwijder": "delete", "taal": "language", "profiel": "profile"}
LANGUAGES = ("nl", "en")


class TelegramHandlers:
    """Every way a student talks to the bot in Telegram."""

    def __init__(self, reflection: ReflectionService, students: StudentService, texts: Texts,
                 default_language: str, mentors: MentorHandlers, cycle: Cycle) -> None:
        self.reflection = reflection
        self.students = students
        self.texts = texts
        self.default_language = default_language
        self.mentors = mentors
        self.cycle = cycle

    def register(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        private = filters.ChatType.PRIVATE
        commands: dict[str, Handler] = {
            "start": self.start, "reflectie": self.reflect, "stop": self.pause,
            "acties": self.actions, "mentor": self.mentor, "privacy": self.privacy,
            "export": self.export, "verwijder": self.delete, "help": self.help,
            "taal": self.language, "profiel": self.profile,
        }
        for key, names in COMMANDS.items():
            application.add_handler(CommandHandler(list(names), commands[key], filters=private))
        for names, handler in ((("vlaggen", "flags"), self.mentors.flags),
                               (("student",), self.mentors.student),
                               (("email",), self.mentors.email),
                               (("overzicht", "overview"), self.mentors.overview),
                               (("web",), self.mentors.web)):
            application.add_handler(CommandHandler(list(names), self._for_mentors(handler),
                                                   filters=private))
        for pressed in self._button_handlers():
            application.add_handler(pressed)
        application.add_handler(MessageHandler(filters.UpdateType.EDITED & private, self.edited))
        application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & private,
                                               self.text))
        application.add_handler(MessageHandler(filters.COMMAND & private, self.help))
        application.add_handler(MessageHandler(filters.ALL & private, self.unsupported))
        application.add_error_handler(self.on_error)

    # -- reflection --------------------------------------------------------------------

    async def text(self, update: Update, context: Context) -> None:
        message = update.effective_message
        assert message is not None and message.text is not None
        await self._said(update, context, message.text)

    async def _said(self, update: Update, context: Context, text: str) -> None:
        """Anything a student types (a message, a caption): screened first, then answered."""
        user = update.effective_user
        assert user is not None
        try:
            reply = await self.reflection.reply(_me(user),
                                                Said(text), update_id=update.update_id)
        except NotEnrolled:
            # only asked when not a student
            mentor = await self.mentors.mentors.profile(mentor_key(user))
            if mentor is not None:
                await self.mentors.text(update, context, mentor)
                return
            language = self._guess(user)
            if self.reflection.is_urgent(text):  # anyone in danger gets the helplines
                await self._send(update, context, BotTurn(
                    messages=self.reflection.engine.emergency(language)[:2]))
            await self._say(update, context, language, "telegram.not_for_you")
            return
        except NoConversation:
            await self._offer_start(update, context, await self._language(user))
            return
        if reply is not None:
            crash_point("after_commit")
            await self._send(update, context, reply.turn)
            if reply.no_conversation:
                await self._offer_start(update, context, await self._language(user))
            await self.reflection.delivered(update.update_id)

    async def _offer_start(self, update: Update, context: Context, language: str) -> None:
        await self._reply(update, context, self.texts.say(language, "telegram.no_conversation"),
                          buttons([(self.texts.say(language, "telegram.start_button"),
                                    "reflect")]))

    async def reflect(self, update: Update, context: Context) -> None:
        user = update.effective_user
        assert user is not None
        try:
            turn = await self.reflection.open(_me(user),
                                              update_id=update.update_id)
        except NotEnrolled:
            await self._not_a_student(update, context, user)
            return
        if turn is not None:
            crash_point("after_commit")
            await self._send(update, context, turn)
            await self.reflection.delivered(update.update_id)

    async def _answer_button(self, update: Update, context: Context, position: str,
                             value: str) -> None:
        query, user = update.callback_query, update.effective_user
        assert query is not None and user is not None
        try:
            reply = await self.reflection.reply(_me(user),
                                                Pressed(value, at=position),
                                                update_id=update.update_id)
        except NotEnrolled:
            await query.answer()
            await self._say(update, context, self._guess(user), "telegram.not_for_you")
            return
        except NoConversation:
            reply = Reply(BotTurn(messages=[]), accepted=False, refusal="input.stale_button")
        if reply is None:
            await query.answer()
            return
        language = await self._language(user)
        if reply.refusal == "input.stale_button":
            await query.answer(self.texts.say(language, "telegram.button_expired"))
            await self._close_buttons(update)
            return
        await query.answer()
        await self._close_buttons(update, shown=pressed_label(
            _markup(update), query.data or ""))
        await self._send(update, context, reply.turn)
        await self.reflection.delivered(update.update_id)

    # -- enrolment -----------------------------------------------------------------------

    async def start(self, update: Update, context: Context) -> None:
        user = update.effective_user
        assert user is not None
        code = context.args[0] if context.args else ""
        if code and await self.mentors.mentors.invite_role(code) in MENTOR_ROLES:
            await self.mentors.enrol(update, context, code)
            return
        mentor = await self.mentors.mentors.profile(mentor_key(user))
        if mentor is not None:
            await self.mentors.help(update, context, mentor)
            return
        profile = await self.students.profile(_me(user))
        if profile is not None:
            await self._once(update, context, profile.language, "telegram.already_enrolled")
            return
        language = self._guess(user)
        group = await self.students.invite_group(code) if code else None
        if group is None:  # nothing about this person is stored
            await self._say(update, context, language,
                            "telegram.code_used" if code else "telegram.not_for_you")
            return
        say = self.texts.say
        await self._reply(update, context, say(language, "telegram.welcome"))
        await self._reply(update, context, say(language, "telegram.privacy", group=group))
        await self._reply(update, context, say(language, "telegram.consent_question"), buttons([
            (say(language, "telegram.consent_yes"), f"consent|{code}"),
            (say(language, "telegram.consent_no"), "noconsent")]))

    async def _consent(self, update: Update, context: Context, code: str) -> None:
        query, user = update.callback_query, update.effective_user
        assert query is not None and user is not None
        await query.answer()
        language = self._guess(user)
        try:
            profile = await self.students.enrol(code, _me(user), user.first_name, language,
                                                update.update_id)
        except Duplicate:
            return
        await self._close_buttons(update, shown=pressed_label(
            _markup(update), query.data or ""))
        if profile is None:
            await self._say(update, context, language, "telegram.code_used")
            return
        await self._say(update, context, profile.language, "telegram.enrolled")
        turn = await self.reflection.open(_me(user))
        if turn is not None:
            await self._send(update, context, turn)

    # -- the other commands --------------------------------------------------------------

    async def pause(self, update: Update, context: Context) -> None:
        await self._enrolled_once(update, context, "telegram.paused")

    async def help(self, update: Update, context: Context) -> None:
        await self._enrolled_once(update, context, "telegram.help")

    async def privacy(self, update: Update, context: Context) -> None:
        user = update.effective_user
        assert user is not None
        profile = await self.students.profile(_me(user))
        if profile is None:
            await self._not_a_student(update, context, user)
            return
        await self._once(update, context, profile.language, "telegram.privacy",
                         group=profile.group or "")

    async def actions(self, update: Update, context: Context) -> None:
        user = await self._enrolled(update, context)
        if user is None or not await self._claim(update):
            return
        language = await self._language(user)
        open_actions = await self.students.open_actions(_me(user))
        if not open_actions:
            await self._say(update, context, language, "telegram.no_actions")
            return
        rows = [("✅ " + self.texts.say(language, "telegram.action_item", action=a.text[:40],
                                       due=self.texts.date(language, a.due)), f"done|{a.id}")
                for a in open_actions]
        listing = "\n\n".join(self._action_history(language, a) for a in open_actions)
        await self._reply(update, context,
                          self.texts.say(language, "telegram.actions_intro") + "\n\n" + listing)
        await self._reply(update, context, self.texts.say(language, "telegram.actions_tick"),
                          buttons(rows))

    def _action_history(self, language: str, action: OpenActionView) -> str:
        """One open action with what happened to it so far: set, how it went, new days."""
        say, day = self.texts.say, self.texts.date
        lines = [say(language, "telegram.action_item", action=action.text,
                     due=day(language, action.due))]
        for kind, outcome, due, at in action.history:
            when = day(language, at.astimezone(self.reflection.zone).date())
            key = f"telegram.history.{outcome if kind == 'reviewed' and outcome else kind}"
            if key in self.texts.keys(language):
                lines.append("  · " + say(language, key, when=when,
                                          due=day(language, due) if due else ""))
        return "\n".join(lines)

    async def profile(self, update: Update, context: Context) -> None:
        """/profiel: the student's competency profile as a small chart."""
        user = await self._enrolled(update, context)
        if user is None or not await self._claim(update):
            return
        language = await self._language(user)
        counts = await self.reflection.profile(_me(user)) or {}
        if not any(counts.values()):
            await self._say(update, context, language, "profile.none")
            return
        message = update.effective_message
        assert message is not None
        await message.reply_photo(InputFile(picture(counts, self.texts, language),
                                            filename="profiel.png"),
                                  caption=text_bars(counts, self.texts, language))

    async def mentor(self, update: Update, context: Context) -> None:
        user = await self._enrolled(update, context)
        if user is None:
            return
        language = await self._language(user)
        words = " ".join(context.args or [])
        if words:  # '/mentor ik word gepest': the words are screened like any other text
            heard = await self.reflection.heard(_me(user), words,
                                                language=language)
            if heard and self.reflection.is_urgent(words):  # the helplines come first
                await self._send(update, context, BotTurn(messages=heard))
        try:
            await self.students.request_mentor(_me(user), self.reflection.engine.mentor_request(),
                                               update.update_id)
        except Duplicate:
            return
        await self._say(update, context, language, "telegram.mentor_requested")

    async def export(self, update: Update, context: Context) -> None:
        user = await self._enrolled(update, context)
        if user is None or not await self._claim(update):
            return
        data = await self.students.export(_me(user))
        message = update.effective_message
        assert message is not None
        payload = json.dumps(data, ensure_ascii=False, indent=2).encode()
        await message.reply_document(InputFile(payload, filename="loopbaanbot-export.json"),
                                     caption=self.texts.say(await self._language(user),
                                                            "telegram.export_caption"))

    async def delete(self, update: Update, context: Context) -> None:
        user = await self._enrolled(update, context)
        if user is None or not await self._claim(update):
            return
        language = await self._language(user)
        say = self.texts.say
        await self._reply(update, context, say(language, "telegram.delete_question"), buttons([
            (say(language, "telegram.delete_yes"), "delete|yes"),
            (say(language, "telegram.delete_no"), "delete|no")]))

    async def language(self, update: Update, context: Context) -> None:
        user = await self._enrolled(update, context)
        if user is None or not await self._claim(update):
            return
        language = await self._language(user)
        await self._reply(update, context, self.texts.say(language, "telegram.language_question"),
                          buttons([(self.texts.say(language, f"telegram.languages.{lang}"),
                                    f"language|{lang}") for lang in LANGUAGES]))

    # -- buttons -------------------------------------------------------------------------

    def _button_handlers(self) -> list[CallbackQueryHandler[Any, Any]]:
        """Each kind of button to its handler, by the pattern of its callback data; anything
        else (forged, or from an old version) is answered and does nothing."""
        routes: list[tuple[re.Pattern[str], Any]] = [
            (callbacks.ANSWER_PRESSED, self._answer_pressed),
            (callbacks.CONSENT, self._consent_pressed),
            (callbacks.NO_CONSENT, self._no_consent),
            (callbacks.REFLECT, self._reflect_pressed),
            (callbacks.NUDGE, self._nudge_pressed),
            (callbacks.FLAG, self._flag_pressed),
            (callbacks.DONE, self._settings_pressed),
            (callbacks.DELETE, self._settings_pressed),
            (callbacks.LANGUAGE, self._settings_pressed),
        ]
        return [*(CallbackQueryHandler(self._routed(pattern, handler), pattern=pattern)
                  for pattern, handler in routes),
                CallbackQueryHandler(self._unknown_button)]

    def _routed(self, pattern: re.Pattern[str], handler: Any) -> Any:
        """The handler, given the match of its pattern (PTB lets empty data through)."""
        async def route(update: Update, context: Context) -> None:
            assert update.callback_query is not None
            found = pattern.match(update.callback_query.data or "")
            if found is None:
                await self._unknown_button(update, context)
            else:
                await handler(update, context, found)

        return route

    async def _answer_pressed(self, update: Update, context: Context,
                              found: re.Match[str]) -> None:
        position, value = found.groups()
        await self._answer_button(update, context, position, value)

    async def _consent_pressed(self, update: Update, context: Context,
                               found: re.Match[str]) -> None:
        await self._consent(update, context, found[1])

    async def _no_consent(self, update: Update, context: Context,
                          found: re.Match[str]) -> None:
        query, user = update.callback_query, update.effective_user
        assert query is not None and user is not None
        await query.answer()
        await self._close_buttons(update, shown=pressed_label(_markup(update), query.data or ""))
        await self._say(update, context, self._guess(user), "telegram.consent_declined")

    async def _reflect_pressed(self, update: Update, context: Context,
                               found: re.Match[str]) -> None:
        assert update.callback_query is not None
        await update.callback_query.answer()
        await self._close_buttons(update)
        await self.reflect(update, context)

    async def _nudge_pressed(self, update: Update, context: Context,
                             found: re.Match[str]) -> None:
        query, user = update.callback_query, update.effective_user
        assert query is not None and user is not None
        await query.answer()
        answer, day = found.groups()
        nudged = _date(day)  # the pattern has the shape of a date, not always a real one
        if nudged is not None and await self.cycle.answer(_me(user), nudged, answer):
            await self._close_buttons(update, shown=pressed_label(_markup(update),
                                                                  query.data or ""))
            await self._say(update, context, await self._language(user),
                            "cycle.later_ok" if answer == "later" else "cycle.skipped")

    async def _flag_pressed(self, update: Update, context: Context,
                            found: re.Match[str]) -> None:
        kind, flag_id = found.groups()
        await self.mentors.button(update, context, kind, flag_id)

    async def _settings_pressed(self, update: Update, context: Context,
                                found: re.Match[str]) -> None:
        kind, value = found[0].split("|", 1)
        await self._settings_button(update, context, kind, value)

    async def _unknown_button(self, update: Update, context: Context) -> None:
        assert update.callback_query is not None
        await update.callback_query.answer()

    async def _settings_button(self, update: Update, context: Context, kind: str,
                               value: str) -> None:
        query, user = update.callback_query, update.effective_user
        assert query is not None and user is not None
        await query.answer()
        language = await self._language(user)
        try:
            if kind == "done" and value.isdecimal():
                done = await self.students.mark_done(_me(user), int(value), update.update_id)
                await self._close_buttons(update)
                if done is not None:
                    await self._say(update, context, language, "telegram.action_done",
                                    action=done.text)
            elif kind == "delete":
                await self._close_buttons(update)
                if value == "yes":  # nothing of them stays in memory, whatever happens next
                    self.reflection.forget(_me(user))
                if value == "yes" and await self.students.erase(_me(user), update.update_id):
                    await self._say(update, context, language, "telegram.deleted")
                else:
                    await self._say(update, context, language, "telegram.delete_cancelled")
            elif kind == "language" and value in LANGUAGES:
                await self.students.set_language(_me(user), value, update.update_id)
                await self._close_buttons(update)
                await self._say(update, context, value, "telegram.language_set")
        except Duplicate:
            return
        except NotEnrolled:
            await self._say(update, context, self._guess(user), "telegram.not_for_you")

    # -- what the bot cannot read --------------------------------------------------------

    async def unsupported(self, update: Update, context: Context) -> None:
        """Photos, stickers, voice notes, files: a caption is read as text; otherwise a kind
        word about what the bot reads."""
        user, message = update.effective_user, update.effective_message
        if user is None:
            return
        if message is not None and message.caption and message.caption.strip():
            await self._said(update, context, message.caption)
            return
        if not await self._claim(update):
            return
        await self._say(update, context, await self._language(user), "telegram.unsupported")

    async def edited(self, update: Update, context: Context) -> None:
        """An edited message answers nothing, but its words are screened: a danger written
        in an edit still gets the helplines and reaches the mentor."""
        user, message = update.effective_user, update.effective_message
        if user is None:
            return
        words = (message.text or message.caption or "") if message is not None else ""
        language = await self._language(user)
        heard: list[str] = []
        if words.strip():
            try:
                heard = await self.reflection.heard(_me(user), words,
                                                    update.update_id, language)
            except NotEnrolled:
                if self.reflection.is_urgent(words):
                    heard = self.reflection.engine.emergency(language)[:2]
        if heard:
            await self._send(update, context, BotTurn(messages=heard))
            return
        if not await self._claim(update):
            return
        await self._say(update, context, language, "telegram.edited")

    async def on_error(self, update: object, context: Context) -> None:
        """One place for every failure: log it without the student's words, reassure them."""
        log.error("handling a Telegram update failed\n%s",
                  describe(context.error) if context.error else "no exception")
        if isinstance(update, Update) and update.effective_chat is not None:
            user = update.effective_user
            language = self._guess(user) if user else self.default_language
            try:
                await context.bot.send_message(update.effective_chat.id,
                                               self.texts.say(language, "errors.internal"))
            except Exception as exc:  # the network may be what failed
                log.error("could not tell the student about the failure: %s",
                          type(exc).__name__)

    # -- helpers -------------------------------------------------------------------------

    def _for_mentors(self, handler: Callable[[Update, Context, MentorProfile],
                                             Coroutine[Any, Any, None]]) -> Handler:
        """A mentor command: mentors get it, anyone else the help they can use."""
        async def guarded(update: Update, context: Context) -> None:
            user = update.effective_user
            assert user is not None
            mentor = await self.mentors.mentors.profile(mentor_key(user))
            if mentor is None:
                await self.help(update, context)
                return
            await self.mentors.moved_on(update, context, mentor)  # a command is no note
            await handler(update, context, mentor)

        return guarded

    async def _send(self, update: Update, context: Context, turn: BotTurn) -> None:
        for message in render(turn):
            await self._reply(update, context, message.text, message.keyboard)

    async def _reply(self, update: Update, context: Context, text: str,
                     keyboard: Any = None) -> None:
        chat = update.effective_chat
        assert chat is not None
        await send_text(context.bot, chat.id, text, keyboard)

    async def _say(self, update: Update, context: Context, language: str, key: str,
                   **values: object) -> None:
        await self._reply(update, context, self.texts.render(language, key, values))

    async def _once(self, update: Update, context: Context, language: str, key: str,
                    **values: object) -> None:
        if await self._claim(update):
            await self._say(update, context, language, key, **values)

    async def _enrolled_once(self, update: Update, context: Context, key: str) -> None:
        user = await self._enrolled(update, context)
        if user is not None:
            await self._once(update, context, await self._language(user), key)

    async def _enrolled(self, update: Update, context: Context) -> User | None:
        """The student; anyone else is told what they can use here (None)."""
        user = update.effective_user
        assert user is not None
        if await self.students.profile(_me(user)) is None:
            await self._not_a_student(update, context, user)
            return None
        return user

    async def _not_a_student(self, update: Update, context: Context, user: User) -> None:
        """A mentor or coordinator gets their own commands; a stranger hears it is for
        students of schools that take part."""
        mentor = await self.mentors.mentors.profile(mentor_key(user))
        if mentor is not None:
            await self._say(update, context, mentor.language, "mentor.help")
        else:
            await self._say(update, context, self._guess(user), "telegram.not_for_you")

    async def _claim(self, update: Update) -> bool:
        try:
            await self.students.claim(update.update_id)
        except Duplicate:
            return False
        return True

    async def _close_buttons(self, update: Update, shown: str | None = None) -> None:
        """Take the buttons off a message once used; show which one was chosen."""
        query = update.callback_query
        if query is None or query.message is None:
            return
        original = getattr(query.message, "text", None) or ""
        if shown:
            language = self._guess(update.effective_user) if update.effective_user else "nl"
            text = f"{original}\n\n{self.texts.say(language, 'telegram.choice_made', label=shown)}"
            await query.edit_message_text(text, reply_markup=None)
        else:
            await query.edit_message_reply_markup(reply_markup=None)

    async def _language(self, user: User) -> str:
        profile = await self.students.profile(_me(user))
        return profile.language if profile else self._guess(user)

    def _guess(self, user: User) -> str:
        """For someone not (yet) enrolled: their Telegram language if we speak it."""
        code = (user.language_code or "")[:2]
        return code if code in LANGUAGES else self.default_language


def _markup(update: Update) -> Any:
    """The buttons of the message a button was pressed on (None once it is inaccessible)."""
    query = update.callback_query
    return getattr(query.message, "reply_markup", None) if query else None


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _me(user: User) -> StudentRef:
    """The student this Telegram user is, as the services know students."""
    return StudentRef.on(CHANNEL, user.id)
