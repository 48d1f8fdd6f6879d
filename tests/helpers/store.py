"""Build real stores for tests: a SQLite file in a temporary folder, a fixed clock, real services."""

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

import pytest
from sqlalchemy import func, select

from terminal.bootstrap import Till, init_store, open_till
from terminal.clock import Clock, parse_instant
from terminal.home import Home
from terminal.errors import Refused
from terminal.journal import Who
from terminal.models import JournalEntry
from terminal.rules import RuleSet
from terminal.services import members, sales
from terminal.services.cashiers import Actor

OWNER_PIN = "8888"
OWNER = Actor("boss", "owner")
CASHIER = Actor("amy", "cashier")
MANAGER = Actor("max", "manager")


def at(text: str) -> Clock:
    """A clock pinned to a local Shanghai time such as '2026-03-01 10:00'."""
    return Clock(parse_instant(text.replace(" ", "T") + ("" if "+" in text else "+08:00")))


def new_till(home: Home, when: str = "2026-03-01 10:00", rules: RuleSet | None = None) -> Till:
    till = init_store(home, store="静安店", terminal_id="T1", merchant="m1", timezone="Asia/Shanghai",
                      owner=OWNER.name, pin=OWNER_PIN, clock=at(when))
    if rules is not None:
        set_rules(till, rules)
    return till


def set_rules(till: Till, rules: RuleSet) -> None:
    till.shop = replace(till.shop, rules=rules)


def move_clock(till: Till, when: str) -> None:
    till.shop = replace(till.shop, clock=at(when))


def reopen(till: Till, when: str | None = None) -> Till:
    till.close()
    return open_till(till.home, at(when) if when else till.shop.clock)


def member(till: Till, phone: str = "13800138000", name: str | None = None, referrer: str | None = None) -> str:
    return members.register_member(till.uow(), till.shop, Who(CASHIER.name), phone, name, referrer).id


def sell(till: Till, member_id: str | None, *lines: tuple[str, int], redeem: int = 0, pay: str = "cash",
         cashier: Actor = CASHIER, approver: Actor | None = None) -> sales.SaleResult:
    request = sales.SaleRequest(lines=list(lines), member=member_id, redeem_points=redeem, pay_method=pay)
    return sales.record_sale(till.uow(), till.shop, cashier, request, approver)


def balance(till: Till, member_id: str) -> int:
    return members.show_member(till.reading(), till.shop, member_id).balance


def journal_length(till: Till) -> int:
    with till.reading() as uow:
        return int(uow.session.scalar(select(func.count(JournalEntry.seq))) or 0)


def refused_writing_nothing(till: Till, work: Callable[[], object]) -> Refused:
    """The refusal ``work`` raises, checked to have added nothing to the journal."""
    before = journal_length(till)
    with pytest.raises(Refused) as refused:
        work()
    assert journal_length(till) == before, "something was recorded"
    return refused.value


def now_of(till: Till) -> datetime:
    return till.shop.now()


def hire_staff(till: Till) -> None:
    """Add the cashier 'amy' (PIN 1111) and the manager 'max' (PIN 2222)."""
    from terminal.services.cashiers import add_cashier

    add_cashier(till.uow(), till.shop, OWNER, CASHIER.name, "cashier", "1111")
    add_cashier(till.uow(), till.shop, OWNER, MANAGER.name, "manager", "2222")
