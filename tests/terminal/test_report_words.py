"""The command line's day report and the printed day totals name each figure as terminal.report_words does, in
English and in Chinese: the words the app's shift screen and dashboard say too (tests/ui/test_report_words.py)."""

import pytest

from terminal.report_words import FIGURE_NAMES
from tests.helpers.cli import Jifen
from tests.printing.test_one_word_each import EN, ZH, _day, _figures
from tests.terminal.test_sale_member_in_reports import _given

NAMED = ("sales", "gross_fen", "cash_fen", "card_fen", "refunds", "refunds_fen", "refund_cash_fen", "refund_card_fen",
         "drawer_cash_fen", "members_served", "new_members", "points_earned", "liability_points")


@pytest.mark.parametrize(("env", "side", "lang"), [(EN, 0, "en"), (ZH, 1, "zh")])
def test_the_day_report_and_the_printed_day_name_the_figures_alike(jifen: Jifen, env: dict[str, str], side: int,
                                                                   lang: str) -> None:
    _day(jifen)
    report = jifen("report", "day", env=env)
    paper = str(jifen.ok("print", "day", "--text", "--lang", lang, "--profile", "80mm", env=env)["text"])
    assert report.status == 0, report
    for text in (report.out, paper):
        labels = set(_figures(text))
        missing = [FIGURE_NAMES[key][side] for key in NAMED if FIGURE_NAMES[key][side] not in labels]
        assert missing == [], text
    if lang == "en":
        assert "Gross sales" in report.out and "  Refunded in cash" in report.out and "cash back" not in report.out


def test_a_long_figure_keeps_a_space_after_its_name_and_the_figures_line_up(jifen: Jifen) -> None:
    """"Points given to paid sales 1 sale, +50 points", not "…paid sales1 sale": the figures' column widens for it."""
    _given(jifen)
    text = jifen("report", "day", env=EN).out
    rows = [line for line in text.splitlines()[1:] if line.startswith("  ") and not line.startswith("  amy:")]
    assert "    Points given to paid sales 1 sale, +50 points" in rows, text
    assert len({len(line) for line in rows}) == 1, text
