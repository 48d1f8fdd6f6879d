"""On a promotion day the checkout names the day's promotions in one quiet line at its top (今日促销：双十一 ×2 ·
数码狂欢 ×3（限数码产品）), in Chinese and in English, and still fits 1024×768; there is no such line on other days.
It follows the shop's clock past midnight and the rules in force (saved in Settings, or brought by a sync from a
real ledger over TCP) without the app being restarted."""

from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import DEFAULT_RULES, Till
from terminal.rules import Promotion, RuleSet, rules_to_toml
from tests.helpers.ledger import ledger_cli
from tests.helpers.store import hire_staff, member, move_clock
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, Key, member_code, open_counter
from tests.ui.test_checkout_keys import OtherScreen
from tests.ui.test_checkout_layout import SCREEN, fits, language  # noqa: F401  (the fixture: the app's language, font and style)
from tests.ui.test_settings_support import ledger_net
from ui.qt import core
from ui.screens.checkout import CheckoutScreen
from ui.screens.settings_rules_file import save_rules

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
PHONE = "13800138000"
DOUBLE_ELEVEN = Promotion("双十一", 200, start=date(2026, 11, 1), until=date(2026, 11, 11))
DIGITAL_DAY = Promotion("数码狂欢", 300, days_of_month=(11,), categories=("digital",))
RULES = RuleSet(promotions=(DOUBLE_ELEVEN, DIGITAL_DAY))
NAMED = {"zh": "今日促销：双十一 ×2 · 数码狂欢 ×3（限数码产品）",
         "en": "Today's promotions: 双十一 ×2 · 数码狂欢 ×3 (on Digital goods)"}


def with_rules(till: Till, rules: RuleSet, when: str) -> None:
    """The rules saved as Settings › Rules saves them, the clock at ``when``."""
    move_clock(till, when)
    save_rules(till, rules_to_toml(rules, "promotions"))


def shown(counter: Counter) -> str:
    """The promotions line as the cashier sees it, shortened to its width; "" when it is not on screen."""
    line = counter.screen.promotions
    room = line.contentsRect().width()
    return line.fontMetrics().elidedText(line.text(), core.Qt.TextElideMode.ElideRight, room) if line.isVisible() else ""


def five_lines_show(counter: Counter, qtbot: QtBot) -> None:
    screen = counter.screen
    counter.scan(member_code(counter.ctx.till, member(counter.ctx.till, PHONE, "张三")))
    qtbot.waitUntil(lambda: screen.draft.member is not None)
    for amount in ("11", "22", "33", "44", "55"):
        counter.type(amount)
        counter.press(Key.Key_Return)
    counter.idle()
    qtbot.wait(50)  # the layouts settle
    table = screen.lines.table
    rows = [table.visualRect(table.model().index(row, 0)) for row in range(table.rowCount())]
    assert len(rows) == 5 and all(table.viewport().rect().contains(row) for row in rows)


def test_a_promotion_day_is_named_at_the_top_of_the_checkout_which_still_fits(qtbot: QtBot, shop: Till,
                                                                              language: str) -> None:
    with_rules(shop, RULES, "2026-11-11 10:00")
    counter = open_counter(qtbot, shop)
    counter.window.resize(SCREEN)
    fits(counter, qtbot)
    screen = counter.screen
    assert shown(counter) == NAMED[language]
    assert screen.promotions.geometry().bottom() < screen.lines.geometry().top()  # above the sale, on its own line
    five_lines_show(counter, qtbot)
    assert "× 2" in screen.pay.why.text() and shown(counter) == NAMED[language]
    fits(counter, qtbot)
    counter.close()


def test_a_day_without_promotions_has_no_such_line(qtbot: QtBot, shop: Till) -> None:
    with_rules(shop, RULES, "2026-11-12 10:00")  # 双十一 has ended, and the 12th is no day of 数码狂欢
    counter = open_counter(qtbot, shop)
    assert shown(counter) == "" and not counter.screen.promotions.isVisible()
    counter.close()


def test_the_line_changes_at_midnight_while_the_app_runs(qtbot: QtBot, shop: Till,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ui.screens.checkout_promotions.LOOK_AGAIN_MS", 50)
    with_rules(shop, RuleSet(promotions=(DIGITAL_DAY,)), "2026-11-10 23:59:50")
    counter = open_counter(qtbot, shop)
    assert shown(counter) == ""
    move_clock(shop, "2026-11-11 00:00:10")
    qtbot.waitUntil(lambda: shown(counter) == "Today's promotions: 数码狂欢 ×3 (on Digital goods)")
    move_clock(shop, "2026-11-12 00:00:10")
    qtbot.waitUntil(lambda: shown(counter) == "")
    counter.close()


def test_rules_saved_meanwhile_are_named_on_coming_back_to_the_checkout(qtbot: QtBot, shop: Till) -> None:
    with_rules(shop, RuleSet(), "2026-11-11 10:00")
    counter = open_counter(qtbot, shop, screens=(CheckoutScreen, OtherScreen))
    assert shown(counter) == ""
    counter.press(Key.Key_F2)
    save_rules(shop, rules_to_toml(RuleSet(promotions=(DOUBLE_ELEVEN,)), "promotions"))
    counter.press(Key.Key_F1)
    assert shown(counter) == "Today's promotions: 双十一 ×2"
    counter.press(Key.Key_F2)
    save_rules(shop, rules_to_toml(RuleSet(), "no promotions"))
    counter.press(Key.Key_F1)
    assert shown(counter) == ""
    counter.close()


def test_a_list_too_long_for_the_screen_stays_one_line_and_the_tooltip_holds_it_all(qtbot: QtBot, shop: Till) -> None:
    many = tuple(Promotion(f"第{n}个很长很长很长很长很长的促销活动名称", 150 + n, weekdays=(3,)) for n in range(1, 6))
    with_rules(shop, RuleSet(promotions=many), "2026-11-11 10:00")  # a Wednesday
    counter = open_counter(qtbot, shop)
    counter.window.resize(SCREEN)
    fits(counter, qtbot)
    line = counter.screen.promotions
    assert line.text() == line.toolTip() == "Today's promotions: " + " · ".join(f"{p.name} ×{p.multiplier // 100}.{p.multiplier % 100}"
                                                                  for p in many)
    assert shown(counter).endswith("…") and line.toolTip().startswith(shown(counter)[:-1])
    assert line.height() < 2 * line.fontMetrics().height()
    five_lines_show(counter, qtbot)
    counter.close()


def test_rules_a_sync_brings_from_the_ledger_are_named_without_a_restart(qtbot: QtBot, tmp_path: Path) -> None:
    with ledger_net(tmp_path) as net:
        till = net.store("T1", when="2026-11-11 10:00")
        hire_staff(till)
        net.connect(till, net.ledger.terminal("m1", "静安店", "T1"))
        counter = open_counter(qtbot, till)
        assert counter.ctx.syncer is not None and shown(counter) == ""
        rules = tmp_path / "merchant-rules.toml"
        rules.write_text(DEFAULT_RULES.read_text(encoding="utf-8") + '\n[[promotions]]\nname = "双十一"\n'
                         'multiplier = 200\nfrom = 2026-11-01\nuntil = 2026-11-11\n', encoding="utf-8")
        status, said = ledger_cli(net.ledger.engine.url.render_as_string(hide_password=False))(
            "merchant", "rules", "m1", str(rules))
        assert status == 0, said
        counter.ctx.start_sync(interval=0.2)
        qtbot.waitUntil(lambda: shown(counter) == "Today's promotions: 双十一 ×2", timeout=10_000)
        counter.close()


def test_a_sale_open_past_midnight_keeps_naming_the_promotion_its_points_are_worked_out_by(
        qtbot: QtBot, shop: Till, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ui.screens.checkout_promotions.LOOK_AGAIN_MS", 50)
    with_rules(shop, RuleSet(promotions=(DOUBLE_ELEVEN,)), "2026-11-11 23:59:30")
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.scan(member_code(shop, member(shop, PHONE, "张三")))
    qtbot.waitUntil(lambda: screen.draft.member is not None)
    counter.type("100")
    counter.press(Key.Key_Return)
    move_clock(shop, "2026-11-12 00:00:30")
    qtbot.wait(200)  # the line looks at the clock again meanwhile
    assert shown(counter) == "Today's promotions: 双十一 ×2" and "× 2" in screen.pay.why.text()
    counter.press(Key.Key_F9)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.finished, timeout=10_000)
    assert "Earned 100 points" in screen.message.text()
    qtbot.waitUntil(lambda: shown(counter) == "")  # the next sale is the 12th's
    counter.close()
