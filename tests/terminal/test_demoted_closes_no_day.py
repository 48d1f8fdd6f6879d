"""A manager demoted to cashier while logged in closes no day: told they are a cashier now and logged out (as a
refund or an adjustment does), never asked for an approval the app would not ask for; nothing is written."""

import pytest
from sqlalchemy import func, select

from terminal.bootstrap import Till
from terminal.errors import Refused
from terminal.models import JournalEntry, ZRecord
from terminal.services import reports, staff
from terminal.services.cashiers import approval
from tests.helpers.store import MANAGER, OWNER, hire_staff, sell


def _written(till: Till) -> tuple[int, int]:
    with till.reading() as uow:
        return (int(uow.session.scalar(select(func.count(JournalEntry.seq))) or 0),
                int(uow.session.scalar(select(func.count(ZRecord.number))) or 0))


def test_a_manager_demoted_while_logged_in_is_told_so_and_closes_no_day(till: Till) -> None:
    hire_staff(till)
    sell(till, None, ("general", 1000))
    staff.change_role(till.uow(), till.shop, OWNER, MANAGER.name, "cashier")
    before = _written(till)
    with pytest.raises(Refused) as refused:
        reports.close_day(till.uow(), till.shop, approval(MANAGER, None, "closing the day", "日结"), MANAGER)
    assert isinstance(refused.value, staff.RoleChanged)
    assert refused.value.en == "max is now a cashier, no longer a manager: nothing was recorded. Log in again"
    assert refused.value.zh == "max 现在是收银员，不再是店长：本次未记录。请重新登录"
    assert _written(till) == before


def test_a_manager_still_a_manager_closes_the_day(till: Till) -> None:
    hire_staff(till)
    sell(till, None, ("general", 1000))
    z = reports.close_day(till.uow(), till.shop, approval(MANAGER, None, "closing the day", "日结"), MANAGER)
    assert z["z"] == 1 and _written(till)[1] == 1
