"""Cashiers, roles, PIN checks with lockout, and approvals by a manager or owner."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from terminal.errors import Refused
from terminal.journal import Who, format_instant
from terminal.models import Cashier
from terminal.pins import check_new_pin, hash_pin, pin_matches
from terminal.roles import ROLE_ZH, ROLES
from terminal.services.common import record
from terminal.shop import Shop
from terminal.uow import UnitOfWork
from terminal.visible_text import has_control_characters, stored_name

SUPERVISORS = ("manager", "owner")
MAX_WRONG_PINS = 5
LOCKOUT = timedelta(minutes=5)  # the first; each one more before a right PIN waits twice as long, up to MAX_LOCKOUT
MAX_LOCKOUT = timedelta(minutes=60)
STREAK_FORGOTTEN = timedelta(days=1)  # a lockout that ended this long ago no longer lengthens the next
_NAME = re.compile(r"[^\s\x00-\x1f]([^\x00-\x1f]{0,30}[^\s\x00-\x1f])?")


@dataclass(frozen=True)
class Actor:
    """A cashier whose PIN has been checked."""

    name: str
    role: str

    @property
    def supervises(self) -> bool:
        return self.role in SUPERVISORS


def check_name(name: str) -> str:
    """``name`` as stored: NFC, without the spaces around it (a Chinese IME often leaves one after)."""
    name = stored_name(name)
    if not _NAME.fullmatch(name) or has_control_characters(name):
        raise Refused("bad_input", "a cashier name is 1 to 32 visible characters", "收银员名称应为 1 到 32 个可见字符")
    return name


def find_cashier(session: Session, name: str) -> Cashier | None:
    """The cashier named ``name``: as stored, else as ``check_name`` stores it now, else the one stored before
    names were stored so (not NFC, a space around) whom only that tells from it."""
    stored = stored_name(name)
    found = session.get(Cashier, name) or session.get(Cashier, stored)
    if found is not None:
        return found
    alike = [c for c in session.scalars(select(Cashier)) if stored_name(c.name) == stored]
    return alike[0] if len(alike) == 1 else None


def name_key(name: str) -> str:
    """What two names that look alike share: case, full-width/half-width and spaces set aside."""
    return "".join(unicodedata.normalize("NFKC", name).casefold().split())


def create_cashier(session: Session, shop: Shop, who: Who, name: str, role: str, pin: str) -> Cashier:
    if role not in ROLES:
        raise Refused("bad_input", f"role must be one of {', '.join(ROLES)}", f"角色应为 {'、'.join(ROLES)} 之一")
    name = check_name(name)
    check_new_pin(pin)
    _check_name_free(session, name)
    cashier = Cashier(name=name, role=role, pin_hash=hash_pin(pin), failed_pins=0)
    session.add(cashier)
    record(session, shop, "cashier_add", who, {"name": name, "role": role})
    return cashier


def _check_name_free(session: Session, name: str) -> None:
    """Refused when someone here has ``name``, or one only case, full-width letters or spaces tell from it."""
    people = {p.name: p for p in session.scalars(select(Cashier))}
    same = people.get(name)
    if same is not None and not same.active:
        other = _free_name(name, people)
        raise Refused("already_exists", f"{name} was deactivated here: if it is the same person, reactivate them "
                      f"(cashier reactivate {name}); for someone else choose another name, such as {other}",
                      f"{name} 已在本机停用：若是同一人，请恢复其在职（cashier reactivate {name}）；"
                      f"若是另一人，请换个名称，例如 {other}")
    if same is not None:
        raise Refused("already_exists", f"cashier '{name}' already exists", f"收银员“{name}”已存在")
    key = name_key(name)
    like = next((p for p in people.values() if name_key(p.name) == key), None)
    if like is not None:
        gone = "" if like.active else " (deactivated)"
        gone_zh = "" if like.active else "（已停用）"
        raise Refused("already_exists", f"'{name}' is too like '{like.name}'{gone}, already here: names that differ "
                      "only in case, full-width letters or spaces are refused. Choose another name",
                      f"“{name}”与本机已有的“{like.name}”{gone_zh}过于相似：仅大小写、全角半角或空格不同的名称"
                      "不予接受。请换个名称")


def _free_name(name: str, people: dict[str, Cashier]) -> str:
    """``name`` with the first number from 2 that makes it unlike everyone's here."""
    taken = {name_key(p) for p in people}
    return next(f"{name}{n}" for n in range(2, len(people) + 3) if name_key(f"{name}{n}") not in taken)


def a_role(role: str) -> str:
    return f"an {role}" if role[:1] in "aeiou" else f"a {role}"


def add_cashier(uow: UnitOfWork, shop: Shop, by: Actor, name: str, role: str, pin: str) -> Actor:
    """Owners add anyone; managers add cashiers."""
    if not (by.role == "owner" or (by.role == "manager" and role == "cashier")):
        raise Refused("forbidden", f"{a_role(by.role)} cannot add {a_role(role)}",
                      f"{ROLE_ZH[by.role]}无权添加{ROLE_ZH.get(role, role)}")
    with uow:
        name = create_cashier(uow.session, shop, Who(by.name), name, role, pin).name
        uow.commit()
    return Actor(name, role)


def wall_clock() -> datetime:
    """The computer's own time. Lockouts go by it, never by the shop's clock: $JIFEN_NOW moves that, and anyone
    at the command line could set it past a lockout's end to try PINs without limit."""
    return datetime.now(UTC)


def locked_until(cashier: Cashier) -> datetime | None:
    """When the cashier's lockout ends, by the computer's own time; None when they are not locked out. An end more
    than the longest lockout away was set by a clock ahead of this one (an earlier version went by $JIFEN_NOW):
    over."""
    if not cashier.locked_until:
        return None
    until = datetime.fromisoformat(cashier.locked_until)
    now = wall_clock()
    return until if now < until <= now + MAX_LOCKOUT else None


def lockout_length(lockouts: int) -> timedelta:
    """How long the ``lockouts``-th lockout in a row lasts: 5 minutes, then twice as long each time, up to an hour."""
    return min(LOCKOUT * 2 ** max(lockouts - 1, 0), MAX_LOCKOUT)


def authenticate(uow: UnitOfWork, shop: Shop, name: str, pin: str, by: str | None = None,
                 counted: bool = True) -> Actor:
    """Check a PIN. Wrong PINs are counted (and committed) even though the request is refused; each lockout is
    journaled (``pin_lockout``) with ``by``, the one logged in who asked for ``name``'s PIN (None: at the login).
    Not ``counted`` (a read-only store folder): nothing is written, and a wrong PIN says it was not counted."""
    with uow:
        cashier = find_cashier(uow.session, name)
        if cashier is None:
            name = stored_name(name)
            raise Refused("not_found", f"no cashier named '{name}'", f"没有名为“{name}”的收银员")
        name = cashier.name
        if not cashier.active:
            raise Refused("forbidden", f"{name} has been deactivated and can no longer log in or approve",
                          f"{name} 已停用，不能再登录或授权")
        if (until := locked_until(cashier)) is not None:
            until = until.astimezone(shop.tz)
            raise Refused(
                "locked",
                f"{name} is locked after {MAX_WRONG_PINS} wrong PINs; try again after {until:%H:%M:%S}",
                f"{name} 因连续 {MAX_WRONG_PINS} 次密码错误已锁定，请在 {until:%H:%M:%S} 后再试",
            )
        if not pin_matches(pin, cashier.pin_hash) and not counted:
            raise Refused("wrong_pin", f"wrong PIN for {name} (not counted: the store folder is read-only)",
                          f"{name} 的密码错误（数据文件夹为只读，未计入错误次数）")
        if not pin_matches(pin, cashier.pin_hash):
            _wrong_pin(uow, shop, cashier, by)
        if counted and (cashier.failed_pins or cashier.locked_until):
            cashier.failed_pins, cashier.locked_until = 0, None
            uow.commit()
        return Actor(cashier.name, cashier.role)


def _wrong_pin(uow: UnitOfWork, shop: Shop, cashier: Cashier, by: str | None) -> None:
    """Count a wrong PIN, locking the cashier out at each ``MAX_WRONG_PINS``-th since their last right one (each
    lockout longer), committed; then refused. ``failed_pins`` counts them all, so it says how many lockouts came
    before; a lockout that ended a day ago starts the count afresh."""
    name = cashier.name
    if cashier.locked_until and datetime.fromisoformat(cashier.locked_until) < wall_clock() - STREAK_FORGOTTEN:
        cashier.failed_pins, cashier.locked_until = 0, None
    cashier.failed_pins += 1
    left = MAX_WRONG_PINS - cashier.failed_pins % MAX_WRONG_PINS
    if left < MAX_WRONG_PINS:
        uow.commit()
        raise Refused("wrong_pin", f"wrong PIN for {name} ({left} {'try' if left == 1 else 'tries'} left)",
                      f"{name} 的密码错误（还可尝试 {left} 次）")
    lockouts = cashier.failed_pins // MAX_WRONG_PINS
    length = lockout_length(lockouts)
    until = wall_clock() + length
    cashier.locked_until = format_instant(until)
    minutes = length // timedelta(minutes=1)
    _journal_lockout(uow.session, shop, Who(by), {"name": name, "lockout": lockouts, "minutes": minutes,
                                                  "until": format_instant(until)})
    uow.commit()
    raise Refused("locked", f"wrong PIN: {name} is locked for {minutes} minutes", f"密码错误：{name} 已锁定 {minutes} 分钟")


def _journal_lockout(session: Session, shop: Shop, who: Who, payload: dict[str, object]) -> None:
    """Where the owner sees it: who was locked out, the how-manieth time, and from whose login (None: the login
    screen). Informational: it moves no points, and the ledger keeps it without applying it. A clock known to be
    wrong refuses every entry: the lockout holds all the same, unjournaled."""
    try:
        record(session, shop, "pin_lockout", who, payload)
    except Refused:
        pass


def approval(actor: Actor, approver: Actor | None, what_en: str, what_zh: str) -> Who:
    """The Who for a change that needs a manager or owner: the actor if they are one, else the approver."""
    if actor.supervises:
        return Who(actor.name, actor.name)
    if approver is None:
        raise Refused("approval_required", f"{what_en} needs a manager's approval (--approver)", f"{what_zh}需要店长授权（--approver）")
    if not approver.supervises:
        raise Refused("forbidden", f"{approver.name} is a {approver.role} and cannot approve",
                      f"{approver.name} 是{ROLE_ZH[approver.role]}，无权授权")
    return Who(actor.name, approver.name)
