"""One way to write a screen: :func:`screen` does everything a handler needs before and after its own work.

In this order: the update's unit of work, who is talking and their language, the private-chat check (for
button presses too: personal data and files never go into a group), the linking and role check, and a
broken rule (:class:`storage.problems.Problem`) turned into one polite reply with a way back. Conversations
are built by :func:`conversation`; their steps keep a draft (:func:`pending_draft`) and ask again for refused
text (:func:`ask_again`).
"""

from __future__ import annotations

import enum
import functools
import warnings
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from html import escape

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import BaseHandler, ConversationHandler
from telegram.warnings import PTBUserWarning

from bot.context import BotContext
from bot.i18n import Translator
from bot.telegram.limits import before_each_call
from bot.telegram.send import send_html
from handlers.common import Button, Keyboard, keyboard, main_menu_button, respond
from storage import routes
from storage.problems import Problem
from storage.services.accounts import load_viewer, mark_unblocked
from storage.uow import UnitOfWork

Callback = Callable[[Update, BotContext, UnitOfWork], Awaitable[object]]
BackButton = Callable[[Translator, BotContext], Button]


class Who(enum.Enum):
    """Who may open a screen. ``LINKED``: any employee whose account is linked; ``HR``: Kepegawaian staff."""

    ANYONE = "anyone"
    LINKED = "linked"
    HR = "hr"


ANYONE, LINKED, HR = Who.ANYONE, Who.LINKED, Who.HR


def screen(callback: Callback | None = None, *, who: Who = LINKED, private: bool = True, read_only: bool = False,
           back: BackButton | None = None):
    """Wrap ``callback(update, context, uow)`` into a PTB callback.

    ``read_only`` for screens that only show data (see :class:`storage.db.ReadingSession`: no transaction, a
    write raises). ``private=False`` only for what is meant for groups. ``back`` is the button offered next to
    "Main menu" when a :class:`Problem` is raised. A refusal returns ``ConversationHandler.END``, so a
    conversation ends cleanly too.
    """
    if callback is None:
        return functools.partial(screen, who=who, private=private, read_only=read_only, back=back)

    @functools.wraps(callback)
    async def wrapper(update: Update, context: BotContext) -> object:
        # While it waits for Telegram (every reply, pop-up and file) the screen holds no database connection.
        async with context.unit_of_work(read_only=read_only) as uow, before_each_call(uow.pause):
            viewer = context.viewer = await load_viewer(uow, update.effective_user.id)
            _ = context._ = context.i18n.translator(viewer.language)
            if viewer.account is not None and viewer.account.blocked_at is not None:
                async with context.unit_of_work() as writing:  # they are back: messages may flow again
                    await mark_unblocked(writing, viewer.telegram_user_id)
            if private and (update.effective_chat is None or update.effective_chat.type != ChatType.PRIVATE):
                await _not_here(update, _)
                return ConversationHandler.END
            if who is not ANYONE and viewer.employee is None:
                await link_prompt(update, context)
                return ConversationHandler.END
            if who is HR and not viewer.is_hr:
                await refuse(update, context, _("This is only for HR staff (Subbag Umum dan Kepegawaian)."))
                return ConversationHandler.END
            try:
                return await callback(update, context, uow)
            except Problem as problem:
                await refuse(update, context, _.problem(problem), back(_, context) if back else None)
                return ConversationHandler.END

    return wrapper


async def _not_here(update: Update, _: Translator) -> None:
    """A press in a group (e.g. crafted data): a pop-up only, nothing is written into the group."""
    if update.callback_query:
        await update.callback_query.answer(
            _("I only work in a private chat, to keep your data private. Tap the button to open it."),
            show_alert=True)


async def refuse(update: Update, context: BotContext, reason: str, back: Button | None = None) -> None:
    """Why nothing happened, in a pop-up on the pressed button and in a new message with a way back; the
    message the button was on stays as it was (it may be a notice the person still needs)."""
    _ = context._
    rows = [[back]] if back else []
    rows.append([main_menu_button(_)])
    if update.callback_query:
        await update.callback_query.answer(reason[:200])  # Telegram's limit for the pop-up text
    await send_html(update.get_bot(), update.effective_chat.id, _("⚠️ {reason}", reason=escape(reason)),
                    keyboard(rows))


def link_prompt_content(_: Translator) -> tuple[str, Keyboard]:
    """What an unlinked user sees instead of the menu: one button into the linking conversation."""
    return (_("Your Telegram account is not linked to your employee record yet. "
              "Have your NIP and the activation code from HR ready."),
            keyboard([[(_("🔗 Link my account"), routes.LINK_START.data())], [(_("❓ Help"), routes.HELP.data())]]))


async def link_prompt(update: Update, context: BotContext) -> None:
    await respond(update, *link_prompt_content(context._))


def pending_draft(context: BotContext, key: str, expired: str) -> dict:
    """What a conversation keeps between its steps under ``key``; gone after a restart, so a step that finds
    nothing raises ``expired`` (a msgid saying to start again)."""
    pending = context.user_data.get(key)
    if pending is None:
        raise Problem(expired)
    return pending


async def ask_again(update: Update, _: Translator, problem: Problem, prompt: str, markup: Keyboard,
                    state: int) -> int:
    """Typed text refused: say why in ``prompt`` (a msgid with ``{problem}`` that says how to go on) and stay
    in the same conversation ``state``. The one reason for a screen to catch a :class:`Problem` itself."""
    await respond(update, _(prompt, problem=escape(_.problem(problem))), markup)
    return state


def conversation(name: str, *, entry_points: Sequence[BaseHandler], states: dict[object, Sequence[BaseHandler]],
                 fallbacks: Sequence[BaseHandler], minutes: int) -> ConversationHandler:
    """A conversation kept per chat and user: one draft at a time, so its buttons need no per-message tracking
    (which PTB warns about); ``/start``-like entry points may restart it; it lapses after ``minutes`` of silence."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*per_message=False", category=PTBUserWarning)
        return LapsingConversation(entry_points=list(entry_points), states={key: list(value) for key, value in
                                                                            states.items()},
                                   fallbacks=list(fallbacks), allow_reentry=True, name=name,
                                   lapse=timedelta(minutes=minutes))


class LapsingConversation(ConversationHandler):
    """PTB's conversation, over once nobody has answered it for ``lapse``, without a job per step.

    PTB's own ``conversation_timeout`` schedules a job at every step and removes the previous one; on launch
    day, when every update is a stranger's first step, that was a measurable share of the bot's work. Here a
    step only notes the time (the application's clock), and a conversation found silent too long is ended
    before the update is matched: the update goes wherever it would go with no conversation (an entry point,
    or the handlers after this one). Conversations nobody comes back to are forgotten in one sweep per lapse.
    Written for the bot's conversations: blocking steps, not nested, no ``TIMEOUT`` state.
    """

    def __init__(self, *, lapse: timedelta, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lapse = lapse
        self._last_step: dict[object, datetime] = {}
        self._clock: Callable[[], datetime] | None = None  # the application's, known from the first step on
        self._next_sweep: datetime | None = None

    def check_update(self, update: object):
        found = super().check_update(update)
        if found is None or found[0] is None or not self._lapsed(found[1]):
            return found
        self._end(found[1])
        return super().check_update(update)

    async def handle_update(self, update: Update, application, check_result, context: BotContext) -> object:
        self._clock = application.clock
        key = check_result[1]
        self._last_step[key] = self._clock()  # a step under way is not silence: another chat's sweep spares it
        try:
            return await super().handle_update(update, application, check_result, context)
        finally:
            now = self._clock()
            self._last_step[key] = now
            self._sweep(now)

    def _lapsed(self, key: object) -> bool:
        last = self._last_step.get(key)
        return last is not None and self._clock is not None and self._clock() - last >= self.lapse

    def _end(self, key: object) -> None:
        self._last_step.pop(key, None)
        self._update_state(self.END, key)

    def _sweep(self, now: datetime) -> None:
        if self._next_sweep is not None and now < self._next_sweep:
            return
        self._next_sweep = now + self.lapse
        for key in [key for key, last in self._last_step.items() if now - last >= self.lapse]:
            self._end(key)
