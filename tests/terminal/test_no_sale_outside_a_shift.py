"""No sale falls outside a shift: one made after a cashier's shift closed, that day or a later one, is in their next
shift; a cashier deactivated with a shift open has it closed by whoever deactivates them, and sells no more. A Z is
written only when something its figures sum happened since the last (a login alone is not), and its heading names
the business days it holds, not the day after midnight it was closed on."""

import json

from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.journal import Who
from terminal.models import JournalEntry
from terminal.services import staff
from terminal.services.refunds import record_refund
from terminal.services.reports import close_day, day_report
from terminal.services.shifts import close_shift, open_shift, open_shift_if_none
from tests.helpers.cli import Jifen
from tests.helpers.store import CASHIER, MANAGER, OWNER, hire_staff, move_clock, sell


def test_a_sale_after_the_close_on_an_earlier_day_is_in_the_next_shift(till: Till) -> None:
    hire_staff(till)
    move_clock(till, "2026-03-01 09:00")
    open_shift(till.uow(), till.shop, CASHIER)
    sell(till, None, ("general", 1000))
    close_shift(till.uow(), till.shop, CASHIER)
    move_clock(till, "2026-03-01 21:00")
    sell(till, None, ("general", 2000))  # after the close, no shift open
    move_clock(till, "2026-03-02 09:00")
    open_shift(till.uow(), till.shop, CASHIER)
    sell(till, None, ("general", 300))
    closed = close_shift(till.uow(), till.shop, CASHIER)
    assert (closed["sales"], closed["drawer_cash_fen"]) == (2, 2300)
    assert closed["from_at"].startswith("2026-03-01T13:00")
    # the day totals count by day, not by shift
    assert day_report(till.reading(), till.shop, till.shop.today().replace(day=1))["drawer_cash_fen"] == 3000


def test_deactivating_a_cashier_closes_their_open_shift_as_the_manager(till: Till) -> None:
    hire_staff(till)
    open_shift(till.uow(), till.shop, CASHIER)
    sell(till, None, ("general", 5550))
    person = staff.set_active(till.uow(), till.shop, MANAGER, CASHIER.name, False)
    assert person.closed_shift is not None and person.closed_shift["drawer_cash_fen"] == 5550
    with till.reading() as uow:
        actor, payload = uow.session.execute(select(JournalEntry.actor, JournalEntry.payload)
                                             .where(JournalEntry.kind == "shift_close")).one()
    assert actor == MANAGER.name and json.loads(payload)["cashier"] == CASHIER.name
    assert staff.set_active(till.uow(), till.shop, MANAGER, CASHIER.name, True).closed_shift is None


def test_a_deactivated_cashier_still_logged_in_cannot_sell_or_refund(till: Till) -> None:
    hire_staff(till)
    sale = sell(till, None, ("general", 1000), cashier=MANAGER)
    staff.set_active(till.uow(), till.shop, OWNER, CASHIER.name, False)
    staff.set_active(till.uow(), till.shop, OWNER, MANAGER.name, False)
    entries = _entries(till)
    for refused in (lambda: sell(till, None, ("general", 500)), lambda: record_refund(till.uow(), till.shop, MANAGER,
                                                                                   sale.sale_id)):
        try:
            refused()
        except staff.Deactivated as problem:
            assert "has been deactivated and can no longer sell or refund" in problem.en
        else:
            raise AssertionError("a deactivated cashier's sale or refund went through")
    assert _entries(till) == entries


def _entries(till: Till) -> int:
    with till.reading() as uow:
        return len(uow.session.scalars(select(JournalEntry.seq)).all())


def test_a_login_after_a_z_gives_no_second_z(till: Till) -> None:
    hire_staff(till)
    sell(till, None, ("general", 1000))
    close_day(till.uow(), till.shop, Who(OWNER.name, OWNER.name))
    open_shift_if_none(till.uow(), till.shop, CASHIER)  # logging in to the app
    try:
        close_day(till.uow(), till.shop, Who(OWNER.name, OWNER.name))
    except Exception as problem:  # noqa: BLE001 - what is said is the test
        assert str(problem) == "nothing has happened since Z1"
    else:
        raise AssertionError("an all-zero Z2 was written")
    sell(till, None, ("general", 1))
    assert close_day(till.uow(), till.shop, Who(OWNER.name, OWNER.name))["z"] == 2


def test_the_command_line_closes_a_deactivated_cashiers_shift_and_says_so(jifen: Jifen) -> None:
    jifen.ok("shift", "open", by="amy")
    jifen.ok("sale", "--line", "general:55.50", by="amy")
    said = jifen("cashier", "deactivate", "amy", by="max", env={"LANG": "zh_CN.UTF-8"})
    assert said.status == 0, said
    assert said.out.splitlines()[1] == "amy 的班次已代为交班：钱箱应有现金 ￥55.50"
    assert "尚未交班" not in jifen("day", "close", by="boss", env={"LANG": "zh_CN.UTF-8"}).out
    assert jifen.query("SELECT cashier FROM shifts WHERE closed_seq IS NULL") == []


def test_a_z_closed_after_midnight_names_the_days_of_its_business(jifen: Jifen) -> None:
    jifen.now = "2026-03-01T23:50:00+08:00"
    jifen.ok("sale", "--line", "general:10", by="amy")
    jifen.now = "2026-03-02T00:15:00+08:00"
    english = jifen("day", "close", by="boss", env={"LANG": "C.UTF-8"}).out.splitlines()[0]
    assert english == "Z1 (2026-03-01, entries 1–6), 静安店 / T1"
    jifen.ok("sale", "--line", "general:5", by="amy")
    jifen.now = "2026-03-03T00:05:00+08:00"
    jifen.ok("sale", "--line", "general:5", by="amy")
    chinese = jifen("day", "close", by="boss", env={"LANG": "zh_CN.UTF-8"}).out.splitlines()[0]
    assert chinese == "Z2 日结（2026-03-02 – 2026-03-03，流水 8 至 9），静安店 / T1"
