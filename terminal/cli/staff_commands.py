"""`jifen cashier list|pin|unlock|deactivate|reactivate|role`: the staff, beside `cashier add` (see
terminal/services/staff.py for who may change whom)."""

from __future__ import annotations

from argparse import Namespace
from datetime import datetime
from typing import TYPE_CHECKING

from terminal.cli import auth
from terminal.cli.choices import ROLE_METAVAR, role
from terminal.cli.registry import CommandLine, Context, Output
from terminal.lang import say
from terminal.roles import ROLE_ZH
from terminal.textwidth import pad, width

if TYPE_CHECKING:
    from terminal.services.staff import StaffMember
    from terminal.shop import Shop


def _state(person: StaffMember, shop: Shop) -> str:
    if not person.active:
        return say("deactivated", "已停用")
    if person.locked_until is not None:
        until = person.locked_until.astimezone(shop.tz)
        return say(f"locked until {until:%H:%M:%S}", f"锁定至 {until:%H:%M:%S}")
    return say("active", "在职")


def _lockouts(person: StaffMember, shop: Shop) -> str:
    """How often wrong PINs locked them out here, the last time when and from whose login: someone typing wrong
    approver PINs on purpose shows."""
    last = person.last_lockout
    if last is None:
        return ""
    when = f"{datetime.fromisoformat(last.at).astimezone(shop.tz):%m-%d %H:%M}"
    if last.by is None:
        return say(f"; locked out {person.lockouts}× (last {when}, at the login)",
                   f"；被锁定 {person.lockouts} 次（最近 {when}，在登录界面）")
    return say(f"; locked out {person.lockouts}× (last {when}, PINs typed while {last.by} was logged in)",
               f"；被锁定 {person.lockouts} 次（最近 {when}，由 {last.by} 登录时输入的密码）")


def cashier_list(args: Namespace, ctx: Context) -> Output:
    from terminal.services import staff

    till = ctx.till()
    people = staff.list_staff(till.reading(), till.shop)
    columns = max(width(p.name) for p in people)
    lines = [f"  {pad(p.name, columns)}  {pad(say(p.role, ROLE_ZH[p.role]), 8)}  {_state(p, till.shop)}"
             f"{_lockouts(p, till.shop)}" for p in people]
    return Output({"cashiers": [p.as_json() for p in people]}, "\n".join([say("Staff:", "员工："), *lines]))


def cashier_pin(args: Namespace, ctx: Context) -> Output:
    from terminal.services import staff

    till = ctx.till()
    by = auth.cashier(till, args)
    staff.check_may_change_pin(till.reading(), by, args.name)  # before asking for a new PIN it would refuse
    person = staff.change_pin(till.uow(), till.shop, by, args.name, auth.new_pin())
    return Output(person.as_json(), say(f"{person.name}'s PIN is changed at this till; the new one works here from now on",
                                        f"{person.name} 在本机的密码已修改，新密码即刻生效"))


def cashier_unlock(args: Namespace, ctx: Context) -> Output:
    from terminal.services import staff

    till = ctx.till()
    person = staff.unlock(till.uow(), till.shop, auth.cashier(till, args), args.name)
    return Output(person.as_json(), say(f"{person.name} is unlocked and can log in again at this till",
                                        f"{person.name} 已在本机解锁，可以重新登录"))


def cashier_deactivate(args: Namespace, ctx: Context) -> Output:
    from terminal.cli import text
    from terminal.money import format_fen
    from terminal.services import staff

    till = ctx.till()
    person = staff.set_active(till.uow(), till.shop, auth.cashier(till, args), args.name, False)
    said = say(f"{person.name} is deactivated at this till: they can no longer log in or approve here; their past "
               "sales keep their name. Each till keeps its own staff: deactivate them at the shop's other tills too",
               f"{person.name} 已在本机停用：不能再在本机登录或授权；以往的销售仍记在其名下。"
               "每台终端各有自己的员工名单：请在本店其他终端上也停用此人")
    if person.closed_shift is not None:  # closed for them: nobody else could, and every Z would name it
        said += "\n" + text.totals_text(say(f"{person.name}'s shift was closed: count "
                                            f"{format_fen(person.closed_shift['drawer_cash_fen'])} in the drawer",
                                            f"{person.name} 的班次已代为交班：钱箱应有现金 "
                                            f"{format_fen(person.closed_shift['drawer_cash_fen'])}"),
                                        person.closed_shift)
    return Output(person.as_json(), said)


def cashier_reactivate(args: Namespace, ctx: Context) -> Output:
    from terminal.services import staff

    till = ctx.till()
    person = staff.set_active(till.uow(), till.shop, auth.cashier(till, args), args.name, True)
    return Output(person.as_json(), say(f"{person.name} is active again at this till and can log in with their PIN",
                                        f"{person.name} 已在本机恢复在职，可用原密码登录"))


def cashier_role(args: Namespace, ctx: Context) -> Output:
    from terminal.services import staff

    till = ctx.till()
    person = staff.change_role(till.uow(), till.shop, auth.cashier(till, args), args.name, args.role)
    return Output(person.as_json(), say(f"{person.name} is now {'an' if person.role == 'owner' else 'a'} {person.role}",
                                        f"{person.name} 现在是{ROLE_ZH[person.role]}"))


def register(cli: CommandLine) -> None:
    """Beside `cashier add` (terminal/cli/commands.py)."""
    cli.command("cashier list", "the staff: role, and whether locked out or deactivated", cashier_list, read_only=True)
    p = cli.command("cashier pin", "change NAME's PIN (new PIN from $JIFEN_NEW_PIN): your own, with your PIN now; a "
                    "manager a cashier's, an owner anyone's (this till only)", cashier_pin)
    p.add_argument("name", metavar="NAME")
    p = cli.command("cashier unlock", "let someone locked out after 5 wrong PINs log in again (manager: cashiers)",
                    cashier_unlock)
    p.add_argument("name", metavar="NAME")
    p = cli.command("cashier deactivate", "someone who has left can no longer log in or approve at this till; their sales "
                    "keep their name (manager: cashiers)", cashier_deactivate)
    p.add_argument("name", metavar="NAME")
    p = cli.command("cashier reactivate", "let someone deactivated log in again (manager: cashiers)", cashier_reactivate)
    p.add_argument("name", metavar="NAME")
    p = cli.command("cashier role", "change someone's role (owner only)", cashier_role)
    p.add_argument("name", metavar="NAME")
    p.add_argument("--role", required=True, type=role, metavar=ROLE_METAVAR, help="their role")
