"""Managing the staff: the list, PINs, unlocking, deactivating someone who has left, roles. Each change is
journaled with who made it.

Who may change whom: an owner anyone, a manager cashiers. Anyone changes their own PIN, having typed their
old one to say who they are. An owner's PIN guards backups, the rules and everyone's roles: a manager never sets
it, another owner may (a shop's owners are usually a couple, and the other owner is the only way back for one who
forgot theirs; an owner could do as much by demoting, resetting and promoting). Someone who has left
is deactivated, never deleted, so their past sales keep their name; the last active owner stays. A shift they
have open is closed as they are deactivated, by whoever deactivates them: nobody could close it after, and every Z
would name it. Someone deactivated while logged in to the app sells, refunds, adjusts points, exchanges gifts or
registers members no more, and someone given a lesser role keeps none of the powers they logged in with: each
write checks the doer and the approver as the store has them in its own transaction (``check_active``).
"""

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from terminal.errors import Refused
from terminal.journal import Who, format_instant
from terminal.models import Cashier, JournalEntry
from terminal.pins import check_new_pin, hash_pin
from terminal.services.cashiers import ROLE_ZH, ROLES, SUPERVISORS, Actor, a_role, find_cashier, locked_until
from terminal.services.common import record
from terminal.services.shifts import close_open_shift, current_shift
from terminal.shop import Shop
from terminal.uow import UnitOfWork

_RANK = {"owner": 0, "manager": 1, "cashier": 2}
LOCKOUTS_SHOWN = timedelta(days=30)  # the list counts the lockouts of the last 30 days


@dataclass(frozen=True)
class Lockout:
    """A lockout as journaled: when (the store's clock) and from whose login the wrong PINs came (None: the
    login screen)."""

    at: str
    by: str | None


@dataclass(frozen=True)
class StaffMember:
    name: str
    role: str
    active: bool
    locked_until: datetime | None  # None: not locked out
    closed_shift: dict[str, Any] | None = field(default=None, compare=False)  # their shift, closed on deactivating
    lockouts: int = field(default=0, compare=False)  # times wrong PINs locked them out here in the last 30 days
    last_lockout: Lockout | None = field(default=None, compare=False)

    def as_json(self) -> dict[str, Any]:
        shift = {} if self.closed_shift is None else {"shift_closed": self.closed_shift}
        last = None if self.last_lockout is None else {"at": self.last_lockout.at, "tried_by": self.last_lockout.by}
        return {"name": self.name, "role": self.role, "active": self.active, "locked": self.locked_until is not None,
                "locked_until": None if self.locked_until is None else format_instant(self.locked_until),
                "lockouts": self.lockouts, "last_lockout": last, **shift}


class Deactivated(Refused):
    """Someone still logged in to the app was deactivated since: they may do nothing more. ``what_en``/``what_zh``:
    what they were doing (selling or refunding, adjusting points…)."""

    def __init__(self, name: str, what_en: str = "sell or refund", what_zh: str = "销售或退款") -> None:
        super().__init__("forbidden", f"{name} has been deactivated and can no longer {what_en}: nothing was "
                         "recorded. Log in as someone else to do it",
                         f"{name} 已停用，不能再{what_zh}：本次未记录。请换其他人登录后办理")


class RoleChanged(Deactivated):
    """Someone still logged in to the app has been given a lesser role since: the powers they logged in with are
    gone, so they log in again (as deactivation does) to work with those they have now."""

    def __init__(self, name: str, role: str, was: str) -> None:
        Refused.__init__(self, "forbidden", f"{name} is now {a_role(role)}, no longer {a_role(was)}: nothing was "
                         "recorded. Log in again", f"{name} 现在是{ROLE_ZH[role]}，不再是{ROLE_ZH[was]}：本次未记录。请重新登录")


def check_active(session: Session, actor: Actor | str, what_en: str = "sell or refund", what_zh: str = "销售或退款",
                 approver: Actor | str | None = None, needs: str | None = None) -> None:
    """Refused (``Deactivated``) when ``actor`` (or their name) has been deactivated since they logged in, or
    (``RoleChanged``) given a lesser role than the ``Actor`` holds; refused when the store's role of theirs is not
    ``needs`` or better. Refused too when ``approver`` is no longer an active manager or owner since typing their
    PIN (not ``Deactivated``: the one logged in stays). The store's rows, read in the write's own transaction, decide:
    never the role someone logged in with."""
    name = actor if isinstance(actor, str) else actor.name
    person = session.get(Cashier, name)
    if person is not None and not person.active:
        raise Deactivated(name, what_en, what_zh)
    if person is not None and isinstance(actor, Actor) and _rank(person.role) > _rank(actor.role):
        raise RoleChanged(name, person.role, actor.role)
    if needs is not None and (person is None or _rank(person.role) > _rank(needs)):
        raise Refused("forbidden", f"{name} is not {a_role(needs)} and cannot {what_en}: nothing was recorded",
                      f"{name} 不是{ROLE_ZH[needs]}，不能{what_zh}：本次未记录")
    if approver is not None:
        _check_approves(session, approver if isinstance(approver, str) else approver.name)


def _rank(role: str) -> int:
    """0 for an owner, then managers, cashiers: the lower, the more one may do."""
    return _RANK.get(role, len(_RANK))


def _check_approves(session: Session, name: str) -> None:
    other = session.get(Cashier, name)
    if other is None:  # as for the one logged in: only a PIN the store checked makes an Actor
        return
    if not other.active:
        raise Refused("forbidden", f"{name} has been deactivated and can no longer approve: nothing was "
                      "recorded. Ask another manager to approve",
                      f"{name} 已停用，不能再授权：本次未记录。请由其他店长授权")
    if other.role not in SUPERVISORS:
        raise Refused("forbidden", f"{name} is no longer a manager or an owner and cannot approve: nothing was "
                      "recorded. Ask a manager or an owner to approve",
                      f"{name} 已不是店长或店主，不能授权：本次未记录。请由店长或店主授权")


def may_manage(by: Actor, role: str) -> bool:
    """Whether ``by`` may add, unlock, deactivate or reactivate someone of ``role``, or reset their PIN."""
    return by.role == "owner" or (by.role == "manager" and role == "cashier")


def list_staff(uow: UnitOfWork, shop: Shop) -> list[StaffMember]:
    """Everyone, the active first, then owners, managers and cashiers, by name."""
    with uow:
        rows = uow.session.scalars(select(Cashier)).all()
        lockouts = _lockouts(uow.session, format_instant(shop.now() - LOCKOUTS_SHOWN))
        staff = [StaffMember(c.name, c.role, c.active, locked_until(c), None, len(lockouts.get(c.name, [])),
                             lockouts.get(c.name, [None])[-1]) for c in rows]
    return sorted(staff, key=lambda s: (not s.active, _RANK.get(s.role, 3), s.name))


def _lockouts(session: Session, since: str) -> dict[str, list[Lockout]]:
    """Each one's lockouts journaled ``since`` (an instant), oldest first."""
    found: dict[str, list[Lockout]] = {}
    rows = session.execute(select(JournalEntry.payload, JournalEntry.at, JournalEntry.actor)
                           .where(JournalEntry.kind == "pin_lockout", JournalEntry.at >= since)
                           .order_by(JournalEntry.seq))
    for payload, at, by in rows:
        found.setdefault(str(json.loads(payload).get("name")), []).append(Lockout(at, by))
    return found


def who_may_log_in(uow: UnitOfWork) -> list[tuple[str, str]]:
    """The active staff, each with their role, by name: those who have left are not listed."""
    return _active(uow)


def who_may_approve(uow: UnitOfWork, asking: str | None = None) -> list[tuple[str, str]]:
    """The active managers and owners, each with their role, by name; never ``asking``, the one asking."""
    return [(name, role) for name, role in _active(uow, SUPERVISORS) if name != asking]


def _active(uow: UnitOfWork, roles: tuple[str, ...] | None = None) -> list[tuple[str, str]]:
    """The active staff (of ``roles``; None: any), (name, role) by name."""
    query = select(Cashier.name, Cashier.role).where(Cashier.active)
    if roles is not None:
        query = query.where(Cashier.role.in_(roles))
    with uow:
        return [(name, role) for name, role in uow.session.execute(query.order_by(Cashier.name))]


def change_pin(uow: UnitOfWork, shop: Shop, by: Actor, name: str, pin: str) -> StaffMember:
    """``by`` sets ``name``'s PIN at this till: their own (``by`` has just typed the old one), or one they manage,
    another owner's too for an owner (journaled with who did it). A new PIN also lifts a lockout."""
    check_new_pin(pin)
    with uow:
        me, person = _me(uow.session, by), _person(uow.session, name)
        _check_sets_pin(me, person)
        person.pin_hash, person.failed_pins, person.locked_until = hash_pin(pin), 0, None
        record(uow.session, shop, "cashier_pin", Who(me.name), {"name": person.name})
        return _commit(uow, shop, person)


def check_may_change_pin(uow: UnitOfWork, by: Actor, name: str) -> None:
    """Refused unless ``by`` may set ``name``'s PIN: asked before the new PIN is."""
    with uow:
        _check_sets_pin(_me(uow.session, by), _person(uow.session, name))


def _check_sets_pin(me: Cashier, person: Cashier) -> None:
    if me.name != person.name:
        _check_manages(me, person, "reset the PIN of", "重置{}的密码")


def unlock(uow: UnitOfWork, shop: Shop, by: Actor, name: str) -> StaffMember:
    with uow:
        me, person = _me(uow.session, by), _person(uow.session, name)
        _check_manages(me, person, "unlock", "解锁{}")
        if locked_until(person) is None:
            raise Refused("bad_input", f"{name} is not locked out", f"{name} 未被锁定")
        person.failed_pins, person.locked_until = 0, None
        record(uow.session, shop, "cashier_unlock", Who(me.name), {"name": person.name})
        return _commit(uow, shop, person)


def set_active(uow: UnitOfWork, shop: Shop, by: Actor, name: str, active: bool) -> StaffMember:
    """Deactivate someone who has left (they can no longer log in or approve), or reactivate them."""
    with uow:
        me, person = _me(uow.session, by), _person(uow.session, name)
        _check_manages(me, person, "reactivate" if active else "deactivate", "恢复{}" if active else "停用{}")
        if person.active == active:
            raise Refused("bad_input", f"{name} is already {'active' if active else 'deactivated'}",
                          f"{name} {'已是在职状态' if active else '已停用'}")
        if not active:
            _keep_an_owner(uow.session, person)
        person.active = active
        record(uow.session, shop, "cashier_enable" if active else "cashier_disable", Who(me.name),
               {"name": person.name})
        shift = None if active else current_shift(uow.session, person.name)
        closed = None if shift is None else close_open_shift(uow.session, shop, shift, Who(me.name))
        return _commit(uow, shop, person, closed)


def change_role(uow: UnitOfWork, shop: Shop, by: Actor, name: str, role: str) -> StaffMember:
    if role not in ROLES:
        raise Refused("bad_input", f"role must be one of {', '.join(ROLES)}", f"角色应为 {'、'.join(ROLES)} 之一")
    with uow:
        me, person = _me(uow.session, by), _person(uow.session, name)
        if me.role != "owner":
            raise Refused("forbidden", "only an owner can change roles", "只有店主可以更改角色")
        if person.role == role:
            raise Refused("bad_input", f"{name} is already {a_role(role)}", f"{name} 已是{ROLE_ZH[role]}")
        if person.active:
            _keep_an_owner(uow.session, person)
        record(uow.session, shop, "cashier_role", Who(me.name), {"name": person.name, "role": role, "was": person.role})
        person.role = role
        return _commit(uow, shop, person)


def _me(session: Session, by: Actor) -> Cashier:
    """Who makes the change, as the store has them now (their role may have changed since they logged in)."""
    me = session.get(Cashier, by.name)
    if me is None:
        raise Refused("forbidden", f"{by.name} can no longer change the staff", f"{by.name} 已无权管理员工")
    if not me.active:
        raise Deactivated(by.name, "change the staff", "管理员工")
    return me


def _person(session: Session, name: str) -> Cashier:
    person = find_cashier(session, name)
    if person is None:
        raise Refused("not_found", f"no cashier named '{name}'", f"没有名为“{name}”的收银员")
    return person


def _check_manages(me: Cashier, person: Cashier, what_en: str, what_zh: str) -> None:
    if not may_manage(Actor(me.name, me.role), person.role):
        managed = person.role == "cashier"  # a manager may do it too
        raise Refused("forbidden", f"{a_role(me.role)} cannot {what_en} {a_role(person.role)}; "
                      f"ask {'a manager or an owner' if managed else 'an owner'}",
                      f"{ROLE_ZH[me.role]}无权{what_zh.format(ROLE_ZH[person.role])}；"
                      f"请找{'店长或店主' if managed else '店主'}")


def _keep_an_owner(session: Session, person: Cashier) -> None:
    """Refused when ``person`` is the last active owner: nobody could manage the shop any more."""
    if person.role != "owner":
        return
    others = session.scalar(select(func.count()).select_from(Cashier)
                            .where(Cashier.role == "owner", Cashier.active, Cashier.name != person.name))
    if not others:
        raise Refused("forbidden", f"{person.name} is the last active owner: make someone else an owner first",
                      f"{person.name} 是唯一在职的店主：请先让另一人成为店主")


def _commit(uow: UnitOfWork, shop: Shop, person: Cashier, closed_shift: dict[str, Any] | None = None) -> StaffMember:
    member = StaffMember(person.name, person.role, person.active, locked_until(person), closed_shift)
    uow.commit()
    return member
