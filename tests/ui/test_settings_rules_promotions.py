"""Settings › Rules shows each promotion with the days it applies and the categories it is limited to, worded as
`jifen rules show` words them, marks those on today, and lists the ones that ended apart, as no longer applied."""

from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from terminal.rules import Promotion, RuleSet, rules_to_toml
from tests.helpers.store import move_clock
from tests.ui.test_screens_fit import problems
from tests.ui.test_settings_rules import rules_page
from ui.screens.settings_rules_file import save_rules

pytestmark = pytest.mark.gui

RULES = RuleSet(promotions=(
    Promotion("春节", 200, start=date(2026, 2, 10), until=date(2026, 2, 20)),
    Promotion("双十一", 200, start=date(2026, 11, 1), until=date(2026, 11, 11)),
    Promotion("数码狂欢", 300, days_of_month=(11,), categories=("digital",)),
    Promotion("周末", 150, weekdays=(6, 7), categories=("general", "digital")),
    Promotion("年终", 200, start=date(2026, 12, 20)),
))
SHOWN = {
    "en": ["Promotions in force or to come:",
           "  • 双十一 ×2 (2026-11-01–2026-11-11) · on today",
           "  • 数码狂欢 ×3 (days 11 of the month; on Digital goods) · on today",
           "  • 周末 ×1.5 (Saturdays and Sundays; on General goods, Digital goods)",
           "  • 年终 ×2 (2026-12-20–…)",
           "Ended, no longer applied:",
           "  • 春节 ×2 (2026-02-10–2026-02-20)"],
    "zh": ["生效中或即将开始的促销：",
           "  • 双十一 ×2（2026-11-01–2026-11-11） · 今日适用",
           "  • 数码狂欢 ×3（每月11日；限数码产品） · 今日适用",
           "  • 周末 ×1.5（周六、周日；限普通商品、数码产品）",
           "  • 年终 ×2（2026-12-20–…）",
           "已结束（不再适用）：",
           "  • 春节 ×2（2026-02-10–2026-02-20）"],
}


def promotions_shown(text: str) -> list[str]:
    lines = text.splitlines()
    first = next(n for n, line in enumerate(lines) if line in (SHOWN["en"][0], SHOWN["zh"][0]))
    return lines[first:]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_each_promotion_says_when_and_on_what_and_the_ended_ones_are_apart(qtbot: QtBot, till: Till, language: str,
                                                                           request: pytest.FixtureRequest) -> None:
    request.getfixturevalue("english" if language == "en" else "chinese")
    move_clock(till, "2026-11-11 10:00")  # a Wednesday
    save_rules(till, rules_to_toml(RULES, "promotions"))
    screen, page = rules_page(qtbot, till)
    assert promotions_shown(page.in_force.text()) == SHOWN[language]
    assert problems(screen) == []  # on a 1024×768 screen, the editor below still has its room
    assert page.editor.height() > 10 * page.editor.fontMetrics().height()
    screen.ctx.tasks.shutdown()


def test_rules_whose_promotions_all_ended_say_none_is_in_force(qtbot: QtBot, till: Till, english: None) -> None:
    move_clock(till, "2027-01-05 10:00")
    save_rules(till, rules_to_toml(RuleSet(promotions=RULES.promotions[:2]), "ended"))
    screen, page = rules_page(qtbot, till)
    assert promotions_shown(page.in_force.text()) == [
        "Promotions in force or to come:", "  none", "Ended, no longer applied:",
        "  • 春节 ×2 (2026-02-10–2026-02-20)", "  • 双十一 ×2 (2026-11-01–2026-11-11)"]
    screen.ctx.tasks.shutdown()


def test_rules_without_promotions_say_so_in_one_line(qtbot: QtBot, till: Till, chinese: None) -> None:
    screen, page = rules_page(qtbot, till)
    assert page.in_force.text().splitlines()[-1] == "促销活动：无"
    screen.ctx.tasks.shutdown()
