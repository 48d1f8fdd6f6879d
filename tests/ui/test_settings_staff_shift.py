"""Deactivating someone from Settings › Staff closes the shift they had open (as ``jifen cashier deactivate``
does), and the page says so with the cash their drawer should hold; someone without a shift open is said to be
deactivated, no more."""

import pytest
from sqlalchemy import select

from terminal.models import Shift
from terminal.services.shifts import open_shift
from tests.helpers.store import CASHIER, MANAGER, sell
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, Key
from tests.ui.test_settings_staff import Alt, choose, counter, owners_staff_page, said  # noqa: F401  (counter: the fixture)

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]


def test_deactivating_someone_with_a_shift_open_says_it_was_closed(counter: Counter) -> None:
    till = counter.ctx.till
    open_shift(till.uow(), till.shop, CASHIER)
    sell(till, None, ("general", 5550))
    page = owners_staff_page(counter)
    choose(counter, page, "amy")
    counter.press(Key.Key_D, Alt)
    said(counter, page, "amy can no longer log in or approve at this till; their past sales keep their name. Each till keeps "
                        "its own staff: deactivate them at the shop's other tills too.\n"
                        "amy's shift was closed: the drawer should hold ￥55.50 in cash.")
    with till.reading() as uow:
        assert uow.session.scalars(select(Shift.cashier).where(Shift.closed_seq.is_(None))).all() == ["boss"]  # amy's, closed


def test_deactivating_someone_without_a_shift_open_says_only_that(counter: Counter) -> None:
    till = counter.ctx.till
    sell(till, None, ("general", 1000), cashier=MANAGER)
    page = owners_staff_page(counter)
    choose(counter, page, "max")
    counter.press(Key.Key_D, Alt)
    said(counter, page, "max can no longer log in or approve at this till; their past sales keep their name. Each till keeps "
                        "its own staff: deactivate them at the shop's other tills too.")
