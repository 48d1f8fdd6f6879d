"""What a visual review found hard to read, in Chinese and in English: the refunds screen with a sale open
and its lines ticked fits 1024×768 and says "line 2" of one line; the shift's two columns of totals stand
apart; the first-run wizard stops saying "A moment…" once its check passed; the dashboard's chart axes
write ￥150,000, not 150000; a member's history shows a sale's points earned and paid with apart."""

import re
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from terminal.home import Home
from terminal.lang import prefers_chinese
from terminal.totals import totals_of
from tests.helpers.store import OWNER, OWNER_PIN, hire_staff, member, sell
from tests.helpers.ui_checkout import LOCALE_NOTICE, Key, open_counter
from tests.ui.test_checkout_layout import SCREEN, language  # noqa: F401  (the fixture: the app's language, font and style)
from tests.ui.test_dashboard_fit import CHARTS, busy_month, drawn, owners_dashboard, show  # noqa: F401
from tests.ui.test_first_run import fill_store_and_owner, on_page, press, wizard_for
from tests.ui.test_members_support import settle, shown, type_text
from tests.ui.test_screens_fit import look_up, problems
from ui.context import AppContext
from ui.qt import widgets
from ui.screens.catalog import SCREENS
from ui.screens.members import MembersScreen
from ui.screens.refunds import RefundsScreen
from ui.screens.shift_totals import TotalsView

pytestmark = [pytest.mark.gui, LOCALE_NOTICE, pytest.mark.usefixtures("language")]
PHONE = "13800138000"


def test_the_refunds_screen_with_a_sale_ticked_fits_1024_by_768(qtbot: QtBot, till: Till) -> None:
    hire_staff(till)
    sale = sell(till, member(till, PHONE, "张三"), ("general", 25000), ("general", 4000))
    counter = open_counter(qtbot, till, SCREENS, log_in=False)
    window = counter.window
    counter.log_in(OWNER.name, OWNER_PIN)
    qtbot.waitUntil(lambda: len(window.screens) == len(SCREENS))
    counter.open_screen(RefundsScreen)
    screen = next(screen for screen in window.screens if isinstance(screen, RefundsScreen))
    look_up(counter, screen, sale.sale_id)
    counter.press(Key.Key_Space)  # the first line: the screenshot's "(lines 1)"
    counter.idle()
    assert problems(window) == []
    assert window.minimumSizeHint().width() <= SCREEN.width()
    assert screen.choice.text() == ("待退：商品金额 ￥250.00（第 1 行）" if prefers_chinese()
                                    else "To refund: ￥250.00 of goods (line 1)")
    counter.press(Key.Key_F7)
    counter.idle()
    assert screen.choice.text() == ("待退：商品金额 ￥290.00（第 1, 2 行）" if prefers_chinese()
                                    else "To refund: ￥290.00 of goods (lines 1, 2)")
    assert problems(window) == []
    assert window.minimumSizeHint().width() <= SCREEN.width()
    for button in (screen.find_button, screen.all_button, screen.refund_button, screen.receipt_button):
        assert button.width() >= button.sizeHint().width(), button.text()  # "Find  Enter" and "…Ctrl+P" whole
    counter.close()


@pytest.mark.parametrize("width", [0, 1024, 1366, 1920])
def test_the_shifts_two_columns_of_totals_stand_apart(qtbot: QtBot, width: int) -> None:
    view = TotalsView()
    shown(qtbot, view)
    view.show_totals(totals_of([]) | {"sales": 4, "gross_fen": 689450, "cash_fen": 424750, "card_fen": 264400,
                                       "points_earned": 1818, "points_bonus": 15000, "points_redeemed": 300,
                                       "drawer_cash_fen": 424750})
    view.resize(max(width, view.minimumSizeHint().width()), view.sizeHint().height())
    widgets.QApplication.processEvents()
    assert view.text("gross_fen") == "￥6,894.50"
    half = (len(view._rows) + 1) // 2
    left, right = [name for name, _, _ in view._rows[:half]], [name for name, _, _ in view._rows[half:]]
    amounts_end = max(view.values[name].geometry().right() for name in left if view.values[name].isVisible())
    labels_start = min(view._labels[name].geometry().left() for name in right if view._labels[name].isVisible())
    assert labels_start - amounts_end >= 24, (amounts_end, labels_start)


def test_the_wizard_stops_saying_a_moment_once_the_check_passed(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = wizard_for(qtbot, Home(tmp_path / "store"))
    fill_store_and_owner(qtbot, wizard)  # the store's time zone checked, then the owner's page
    press(qtbot, Key.Key_Escape)
    on_page(qtbot, wizard, wizard.owner)
    press(qtbot, Key.Key_Escape)
    on_page(qtbot, wizard, wizard.store)
    assert wizard.store.message.text() == ""  # not "请稍候…" / "A moment…": nothing is being checked
    press(qtbot, Key.Key_Return)
    on_page(qtbot, wizard, wizard.owner)
    press(qtbot, Key.Key_Escape)
    on_page(qtbot, wizard, wizard.store)
    assert wizard.store.message.text() == ""


NUMBER = re.compile(r"^￥?[\d,.]+$")


def test_the_charts_axes_write_thousands_as_the_app_does(qtbot: QtBot, busy_month: Till) -> None:  # noqa: F811
    counter, screen = owners_dashboard(qtbot, busy_month)
    for period in ("week", "month"):
        show(counter, screen, period, CHARTS)
        money = [text for text in drawn(screen.charts.sales) if NUMBER.match(text)]
        points = [text for text in drawn(screen.charts.points) if NUMBER.match(text)]
        assert "￥0" in money and "0" in points
        for text in money + points:
            assert re.fullmatch(r"￥?\d{1,3}(,\d{3})*", text), (period, text)
        assert all(text.startswith("￥") for text in money) and not any(text.startswith("￥") for text in points)
        assert [text for text in money if "," in text] and [text for text in points if "," in text]
    counter.close()


def test_a_members_history_shows_points_earned_and_paid_with_apart(qtbot: QtBot, ctx: AppContext) -> None:
    someone = member(ctx.till, PHONE, "韩梅梅")
    sale = sell(ctx.till, someone, ("general", 140_400), redeem=300)
    assert sale.earned_points == 700  # half a point a yuan
    screen = MembersScreen(ctx)
    shown(qtbot, screen)
    screen.entered()
    qtbot.waitUntil(screen.lookup.hasFocus)
    type_text(qtbot, PHONE)
    qtbot.keyClick(screen.lookup, Key.Key_Return)
    settle(qtbot, ctx)
    history = screen.panel.history
    headings = [history.horizontalHeaderItem(c).text() for c in range(history.columnCount())]
    assert headings[3:] == (["积分增加", "积分减少"] if prefers_chinese() else ["Points in", "Points out"])
    sale_row = [history.item(0, c).text() for c in range(history.columnCount())]
    assert sale.sale_id in sale_row[1]
    assert sale_row[2:] == ["￥1,404.00", f"+{sale.earned_points:,}", "-300"]  # not +1,104 alone
    bonus_row = [history.item(1, c).text() for c in range(history.columnCount())]
    assert bonus_row[3:] == ["+500", ""]  # the sign-up bonus: given, nothing taken
