"""HR tools on Telegram: find an employee (/pegawai), see their record and link state, issue an activation
code (/kode). Every look and every code is audited."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.context import BotContext
from bot.i18n import Translator
from handlers.common import actor, keyboard, main_menu_button, number_in, respond, send_sheet
from handlers.menu import show_main_menu
from handlers.screen import HR, conversation, screen
from storage import routes
from storage.models import Role
from storage.nip import format_nip
from storage.problems import N_, Problem
from storage.ranks import pns_rank_name
from storage.services.codes import issue_codes
from storage.services.employees import Profile, find_employees, profile
from storage.services.roles import grant_hr, revoke_hr
from storage.services.unlinked import issue_unlinked_codes, unit_key, unlinked_units
from storage.spreadsheet import Sheet
from storage.uow import UnitOfWork

SEARCH = 0


@screen(who=HR)
async def ask_query(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    if context.args:
        return await _search(update, context, uow, " ".join(context.args))
    return await _prompt(update, context)


async def _prompt(update: Update, context: BotContext) -> int:
    await respond(update, context._("Type the employee's NIP or part of their name."),
                  keyboard([[(context._("✖️ Cancel"), routes.HR_EMPLOYEE_CANCEL.data())]]))
    return SEARCH


@screen(who=HR)
async def leave(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    await show_main_menu(update, context)
    return ConversationHandler.END


@screen(who=HR)
async def receive_query(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    return await _search(update, context, uow, update.message.text)


async def _search(update: Update, context: BotContext, uow: UnitOfWork, query: str) -> int:
    _ = context._
    found = await find_employees(uow, query)
    if len(found) == 1:
        await _show(update, context, await profile(uow, found[0].id, actor=actor(update)))
        return ConversationHandler.END
    if not found:
        await respond(update, _("Nobody found for “{query}”. Type the NIP or another part of the name.",
                                query=escape(query[:100])),
                      keyboard([[(_("🔎 Search again"), routes.HR_FIND_EMPLOYEE.data()),
                                 (_("✖️ Cancel"), routes.HR_EMPLOYEE_CANCEL.data())]]))
        return SEARCH
    rows = [[(f"{employee.name} · {employee.unit or '—'}"[:60], routes.HR_EMPLOYEE.data(employee.id))]
            for employee in found]
    await respond(update, _("Several employees match; choose one:"), keyboard(rows))
    return ConversationHandler.END


@screen(who=HR)
async def show(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    found = await profile(uow, number_in(context), actor=actor(update))
    await _show(update, context, found)


async def _show(update: Update, context: BotContext, found: Profile) -> None:
    _ = context._
    employee = found.employee
    role = ((_("🛡 Take away the HR role"), routes.HR_ROLE.data(employee.id, "-")) if employee.has_role(Role.HR)
            else (_("🛡 Give the HR role"), routes.HR_ROLE.data(employee.id, "+")))
    await respond(update, render_profile(found, _),
                  keyboard([[(_("🔑 Issue activation code"), routes.HR_ISSUE_CODE.data(employee.id))], [role],
                            [(_("🔎 Find another"), routes.HR_FIND_EMPLOYEE.data()), main_menu_button(_)]]))


@screen(who=HR)
async def role_pressed(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    """Give the HR role at once; taking it away asks first (it may be the officer's own)."""
    _ = context._
    employee_id, change = routes.HR_ROLE.parse(update.callback_query.data) or (None, None)
    if employee_id is None:
        employee_id, change = number_in(context), "!"
    employee = await uow.employees.get(employee_id)
    if employee is None:
        raise Problem(N_("There is no such employee."))
    if change == "-":
        await respond(update, _("Take the HR role away from {name}? They will no longer see the HR menus.",
                                name=escape(employee.name)),
                      keyboard([[(_("Yes, take it away"), routes.HR_ROLE_REVOKE_CONFIRMED.data(employee_id)),
                                 (_("No"), routes.HR_EMPLOYEE.data(employee_id))]]))
        return
    if change == "+":
        await grant_hr(uow, context.viewer, employee.nip)
        done = _("🛡 {name} now has the HR role.", name=escape(employee.name))
    else:
        await revoke_hr(uow, context.viewer, employee.nip)
        done = _("🛡 {name} no longer has the HR role.", name=escape(employee.name))
    await respond(update, done, keyboard([[(_("⬅️ Back to the record"), routes.HR_EMPLOYEE.data(employee_id))],
                                          [main_menu_button(_)]]))


@screen(who=HR, read_only=True)
async def codes_home(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    """Who still has to link Telegram, per unit; each button issues fresh codes and sends them as a file."""
    _ = context._
    units = await unlinked_units(uow, context.viewer)
    total = sum(count for _unit, count in units)
    if not total:
        await respond(update, _("Everyone has linked Telegram. 🎉"), keyboard([[main_menu_button(_)]]))
        return
    everyone = _.ngettext("The {count} unlinked employee", "All {count} unlinked employees", total)
    rows = [[(everyone, routes.HR_CODES_ISSUE.data("all"))]]
    rows += [[(f"{unit or '—'} ({count})"[:60], routes.HR_CODES_ISSUE.data(unit_key(unit)))]
             for unit, count in units]
    await respond(update, _.ngettext(
        "<b>🔑 Activation codes</b>\n{count} employee has not linked Telegram yet. Choose for whom to issue new "
        "codes; any older unused code of theirs stops working. The codes come as one file to print or share "
        "privately.",
        "<b>🔑 Activation codes</b>\n{count} employees have not linked Telegram yet. Choose for whom to issue new "
        "codes; any older unused code of theirs stops working. The codes come as one file to print or share "
        "privately.", total),
                  keyboard(rows + [[main_menu_button(_)]]))


@screen(who=HR)
async def codes_issue(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    (key,) = routes.HR_CODES_ISSUE.parse(update.callback_query.data)
    ttl = context.settings.activation_code_ttl
    issued = await issue_unlinked_codes(uow, context.viewer, ttl=ttl, unit_key_wanted=None if key == "all" else key)
    until = uow.clock() + ttl
    link = f"https://t.me/{context.bot.username}?start="
    rows = [[code.nip, code.name, code.unit or "", code.code, link + code.code.replace("-", "")] for code in issued]
    sheet = Sheet([_("NIP"), _("Name"), _("Unit"), _("Activation code"), _("Link")], rows, _("Activation codes"))
    await send_sheet(update, uow, sheet, report="activation_codes",
                     filename=f"kode-aktivasi-{uow.clock().astimezone(context.settings.timezone):%Y%m%d}.xlsx",
                     caption=_.ngettext("🔑 {count} activation code, valid until {until}. Hand it over privately.",
                                        "🔑 {count} activation codes, valid until {until}. Hand each over "
                                        "privately.", len(issued), until=until),
                     markup=keyboard([[main_menu_button(_)]]))


def render_profile(found: Profile, _: Translator) -> str:
    employee = found.employee
    rank = pns_rank_name(employee.grade or "")
    grade = f"{employee.grade} ({rank})" if rank else (employee.grade or "—")
    if found.account is None:
        link = _("not linked to Telegram")
    elif found.account.blocked_at:
        link = _("linked since {when}, but has blocked the bot", when=found.account.linked_at)
    else:
        link = _("linked since {when}", when=found.account.linked_at)
    code = _("unused code valid until {when}", when=found.code.expires_at) if found.code else _("none")
    return _.html("<b>{name}</b>\nNIP {nip} · {kind} · golongan {grade}\n{position}, {unit}\n"
                  "Superior: {superior}\nIn this post since: {since}\nTelegram: {link}\nActivation code: {code}",
                  name=employee.name, nip=format_nip(employee.nip), kind=employee.kind, grade=grade,
                  position=employee.position or "—", unit=employee.unit or "—",
                  superior=found.superior.name if found.superior else "—", since=found.in_post_since or "—",
                  link=link, code=code)


@screen(who=HR)
async def code_command(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    """/kode NIP or name: the record (a partial name may match someone else) and a confirmation, never a code
    at once; without an argument it asks like /pegawai."""
    if not context.args:
        return await _prompt(update, context)
    found = await find_employees(uow, " ".join(context.args))
    if len(found) != 1:
        return await _search(update, context, uow, " ".join(context.args))
    await _confirm(update, context, await profile(uow, found[0].id, actor=actor(update)))
    return ConversationHandler.END


@screen(who=HR)
async def code_button(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    employee_id = number_in(context)
    unconfirmed = routes.HR_ISSUE_CODE.parse(update.callback_query.data)
    if unconfirmed and await uow.accounts.linked_to(employee_id) is not None:
        await _confirm(update, context, await profile(uow, employee_id, actor=actor(update)))
        return
    await _issue(update, context, uow, employee_id)


async def _confirm(update: Update, context: BotContext, found: Profile) -> None:
    """Whose record the code is for and, if they are linked already, what a new code does to that link."""
    _ = context._
    warning = (_("⚠️ This employee is already linked to a Telegram account. A new code moves the link to whoever "
                 "uses it.") if found.account is not None else "")
    employee_id = found.employee.id
    await respond(update, "\n\n".join(filter(None, (render_profile(found, _), warning,
                                                     _("Issue a new activation code?")))),
                  keyboard([[(_("Yes, issue a code"), routes.HR_ISSUE_CODE_CONFIRMED.data(employee_id)),
                             (_("No"), routes.HR_EMPLOYEE.data(employee_id))]]))


async def _issue(update: Update, context: BotContext, uow: UnitOfWork, employee_id: int) -> int:
    _ = context._
    employee = await uow.employees.get(employee_id)
    if employee is None:
        raise Problem(N_("There is no such employee."))
    (issued,) = await issue_codes(uow, [employee], ttl=context.settings.activation_code_ttl, actor=actor(update))
    await uow.commit()
    link = f"https://t.me/{context.bot.username}?start={issued.code.replace('-', '')}"
    await respond(update, _.html(
        "🔑 Activation code for <b>{name}</b>: <code>{code}</code>\nValid until {until}. Hand it over privately; "
        "any older unused code no longer works.\nOr send this link: {link}", name=issued.name, code=issued.code,
        until=uow.clock() + context.settings.activation_code_ttl, link=link),
        keyboard([[main_menu_button(_)]]))
    return ConversationHandler.END


def register(application: Application) -> None:
    private = filters.ChatType.PRIVATE
    application.add_handler(conversation(
        "hr-employees", minutes=15,
        entry_points=[CommandHandler(["pegawai", "employee"], ask_query, filters=private),
                      CommandHandler(["kode", "code"], code_command, filters=private),
                      CallbackQueryHandler(ask_query, pattern=routes.HR_FIND_EMPLOYEE.pattern)],
        states={SEARCH: [MessageHandler(filters.TEXT & ~filters.COMMAND & private, receive_query)]},
        fallbacks=[CommandHandler(["batal", "cancel"], leave, filters=private),
                   CallbackQueryHandler(leave, pattern=routes.HR_EMPLOYEE_CANCEL.pattern)]))
    application.add_handler(CallbackQueryHandler(show, pattern=routes.HR_EMPLOYEE.pattern))
    for route in (routes.HR_ISSUE_CODE, routes.HR_ISSUE_CODE_CONFIRMED):
        application.add_handler(CallbackQueryHandler(code_button, pattern=route.pattern))
    for route in (routes.HR_ROLE, routes.HR_ROLE_REVOKE_CONFIRMED):
        application.add_handler(CallbackQueryHandler(role_pressed, pattern=route.pattern))
    application.add_handler(CallbackQueryHandler(codes_home, pattern=routes.HR_CODES.pattern))
    application.add_handler(CallbackQueryHandler(codes_issue, pattern=routes.HR_CODES_ISSUE.pattern))
