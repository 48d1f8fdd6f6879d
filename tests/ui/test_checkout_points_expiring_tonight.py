"""A member whose points expire at the end of today is told so at the counter, so they can spend them now: not only
the date, which reads like any other at 23:55 on 31 December."""

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from tests.helpers.store import member, move_clock
from tests.helpers.ui_checkout import LOCALE_NOTICE, member_code, open_counter

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]


def details_at(qtbot: QtBot, shop: Till, when: str) -> list[str]:
    someone = member(shop, "13800138000")  # the sign-up bonus, 500 points, expiring at the end of next year
    move_clock(shop, when)
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.scan(member_code(shop, someone))
    qtbot.waitUntil(lambda: screen.draft.member is not None)
    counter.idle()
    lines = screen.member.details.text().splitlines()
    counter.close()
    return lines


def test_on_the_last_day_the_points_are_said_to_expire_tonight(qtbot: QtBot, shop: Till) -> None:
    assert details_at(qtbot, shop, "2027-12-31 23:55")[-1] == "500 points expire tonight: today is the last day to " \
                                                             "use them"


def test_before_it_the_date_is_said(qtbot: QtBot, shop: Till) -> None:
    assert details_at(qtbot, shop, "2027-12-30 23:55")[-1] == "500 points expire on 2027-12-31"


def test_in_chinese(qtbot: QtBot, shop: Till, chinese: None) -> None:
    assert details_at(qtbot, shop, "2027-12-31 09:00")[-1] == "500 积分今晚到期：今天是最后一天可以使用"
