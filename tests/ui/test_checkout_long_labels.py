"""A shop's own categories with the longest labels the rules allow (20 characters) on a 1024×768 screen, in
Chinese and in English: the category buttons never make the window wider (a label too long for its button is
shortened with "…", all of it in the tooltip); with 8 lines, a member, points paid and the payment question,
the question and its button show whole, the points' explanation gives way by whole lines, and a minus sign
or a factor stays with its number."""

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from tests.helpers.store import hire_staff, member, sell
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, Key, join_by_phone, open_counter
from tests.ui.test_checkout_layout import SCREEN, language  # noqa: F401  (the fixture: the app's language, font and style)
from tests.ui.test_settings_support import owner_context, shown
from ui.qt import core, widgets
from ui.screens.checkout_pay import PayPanel
from ui.screens.settings import SettingsScreen
from ui.screens.settings_rules_file import read_rules_text, save_rules

pytestmark = [pytest.mark.gui, LOCALE_NOTICE, pytest.mark.usefixtures("language")]
PHONE = "13800138000"
LABELS = {"fresh": "进口生鲜水果及冷冻海鲜礼盒", "baby": "母婴用品与儿童益智玩具系列专区",
          "wine": "进口红酒白酒洋酒及高端礼品套装", "gifts": "节日礼品卡券与会员专享福利积分兑换总专柜"}
LINES = [("general", "12345.67"), ("baby", "8.80"), ("baby", "199.00"), ("fresh", "2599.00"), ("fresh", "45.50"),
         ("wine", "999.99"), ("wine", "12.00"), ("digital", "3888.00")]


@pytest.fixture
def shop(till: Till) -> Till:
    hire_staff(till)
    someone = member(till, PHONE, "欧阳娜娜")
    sell(till, someone, ("general", 100_000))  # 500 points
    assert len(LABELS["gifts"]) == 20
    extra = "".join(f'{name} = {{ rate_bp = {2000 + 500 * n}, label = "{label}" }}\n'
                    for n, (name, label) in enumerate(LABELS.items()))
    save_rules(till, read_rules_text(till).replace("vehicle = 10 ", extra + "vehicle = 10 "))
    return till


def on_window(widget: widgets.QWidget, window: widgets.QWidget) -> bool:
    return window.rect().contains(core.QRect(widget.mapTo(window, core.QPoint(0, 0)), widget.size()))


def settled(counter: Counter, qtbot: QtBot) -> None:
    counter.idle()
    qtbot.wait(50)  # the layouts settle
    window = counter.window
    assert window.minimumSizeHint().width() <= SCREEN.width(), window.minimumSizeHint()
    assert window.minimumSizeHint().height() <= SCREEN.height(), window.minimumSizeHint()
    assert window.size() == SCREEN


def test_long_category_labels_keep_the_checkout_on_a_1024_screen(qtbot: QtBot, shop: Till, language: str) -> None:
    counter = open_counter(qtbot, shop)
    window, screen = counter.window, counter.screen
    window.resize(SCREEN)
    settled(counter, qtbot)
    buttons = screen.lines.category_buttons.buttons()
    labels = [button.toolTip() or button.text().replace("&&", "&") for button in buttons]
    assert set(LABELS.values()) <= set(labels)  # the shop's labels, in English too (not "baby", "fresh")
    assert ("General goods" if language == "en" else "普通商品") in labels
    for button in buttons:
        assert on_window(button, window)
        shown = button.shown_text()
        room = button.style().subElementRect(widgets.QStyle.SubElement.SE_PushButtonContents, button.option(), button)
        assert button.fontMetrics().horizontalAdvance(shown) <= room.width(), (shown, room)
        if shown != button.marked_label():  # the chosen one with its tick
            assert shown.endswith("…") and button.toolTip() == button.text().replace("&&", "&")

    join_by_phone(counter, qtbot, PHONE)
    for category, amount in LINES:
        screen.lines.choose_category(screen.lines.categories.index(category))
        counter.type(amount)
        counter.press(Key.Key_Return)
    assert len(screen.draft.lines) == len(LINES)
    counter.press(Key.Key_F8)
    counter.type("300")
    counter.press(Key.Key_Return)
    assert screen.draft.redeem_points == 300
    counter.press(Key.Key_F9)
    assert screen.pay.asking
    settled(counter, qtbot)

    pay = screen.pay
    for part in (pay.question, pay.confirm, pay.due, pay.totals, pay.earn):
        assert part.isVisible() and on_window(part, window), part
        assert part.sizeHint().height() <= part.height(), (part, part.sizeHint(), part.size())
    assert pay.due.sizeHint().width() <= pay.due.width()  # the amount due is not cut at the right
    assert pay.confirm.sizeHint().width() <= pay.confirm.width()
    for text in (pay.question, pay.totals):  # whole
        assert text.shown_lines() == text.lines_at(text.contentsRect().width()), text.shown_lines()
    assert pay.why.isVisible() and on_window(pay.why, window)
    why = pay.why.shown_lines()
    assert why and len(why) * pay.why.fontMetrics().lineSpacing() <= pay.why.contentsRect().height()  # whole lines
    if len(why) < len(pay.why.lines_at(pay.why.contentsRect().width())):
        assert why[-1].endswith("…") and pay.why.toolTip() == pay.why.text()
    for line in pay.totals.shown_lines() + why:
        assert not line.rstrip().endswith(("−", "×", "(−", "（−")), pay.totals.shown_lines() + why
        assert not line.lstrip().startswith(("￥3.00", "3)", "3 ")), pay.totals.shown_lines() + why
    assert any("−￥3.00" in line for line in pay.totals.shown_lines())
    counter.close()



@pytest.mark.parametrize("language", ["en"])
def test_the_rules_in_force_name_a_shops_category_by_its_label_in_english_too(qtbot: QtBot, shop: Till) -> None:
    screen = SettingsScreen(owner_context(shop))
    shown(qtbot, screen)
    screen.tabs.setCurrentWidget(screen.rules)
    summary = screen.rules.in_force.text()
    screen.ctx.tasks.shutdown()
    assert "General goods 0.5" in summary and f"{LABELS['baby']} 0.25" in summary, summary
    assert "baby" not in summary


@pytest.mark.parametrize("language", ["zh"])
def test_a_minus_sign_or_a_factor_stays_with_its_number_at_any_width(qtbot: QtBot) -> None:
    pay = PayPanel()
    qtbot.addWidget(pay)
    pay.totals.setText("合计 ￥20,097.96  ·  积分抵扣：300（−￥3.00）")
    pay.why.setText("(￥12,345.67 × 0.5 × 3 + ￥207.80 × 0.4 × 3 + ￥1,011.99 × 0.2 × 3 + ￥3,888.00 × 0.1 × 3) × "
                    "￥20,094.96/￥20,097.96 = 22,918")
    for width in range(120, 420):
        for text in (pay.totals, pay.why):
            lines = text.lines_at(width)
            assert "".join(lines).replace(" ", "") == text.text().replace(" ", "")
            assert not any(line.endswith(("−", "×", "=")) for line in lines), (width, lines)
            assert not any(line.startswith(("￥3.00", "3)", "3 ", "22,918")) for line in lines), (width, lines)
