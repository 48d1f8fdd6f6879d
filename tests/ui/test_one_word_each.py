"""One Chinese word for each thing: the app says what the command line, the Z report and the receipts say
(tests/printing/test_one_word_each.py): 刷卡, 销售额, 退款金额, 现金退款, 刷卡退款, 新会员, 服务会员, 终端;
and what to do about the printer in today's words (printing.problems.about_printer)."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from tests.helpers.fake_printer import fake_printer
from tests.ui.test_settings import close, settings_screen
from ui.screens.shift_totals import TotalsView

pytestmark = pytest.mark.gui

TS = Path(__file__).parents[2] / "ui" / "translations" / "jifen_zh_CN.ts"
# the words the command line and the paper use, by the figure they label
WORDS = {"gross_fen": "销售额", "card_fen": "刷卡", "refunds_fen": "退款金额", "refund_cash_fen": "现金退款",
         "refund_card_fen": "刷卡退款", "new_members": "新会员", "members_served": "服务会员"}
# what the app also called them
OTHER_WORDS = re.compile(r"营业额|销售总额|银行卡|退货金额|退还现金|退回卡|新增会员|服务会员数|收银机")


@pytest.mark.usefixtures("chinese")
def test_the_shift_screen_names_the_figures_as_the_z_report_does(qtbot: QtBot) -> None:
    view = TotalsView()
    qtbot.addWidget(view)
    view.show_totals({"sales": 2, "gross_fen": 16000, "cash_fen": 10000, "card_fen": 6000, "points_paid_fen": 0,
                      "refunds": 2, "refunds_fen": 6000, "refund_cash_fen": 4000, "refund_card_fen": 2000,
                      "drawer_cash_fen": 6000, "new_members": 1, "members_served": 1})
    assert {name: view.caption(name) for name in WORDS} == WORDS
    assert (view.text("card_fen"), view.text("refund_card_fen")) == ("￥60.00", "￥20.00")
    assert view.caption("drawer_cash_fen") == "钱箱现金（含礼品加价，减现金退款）"


def test_no_chinese_translation_names_a_thing_another_way() -> None:
    """银行卡 for 刷卡, 收银机 for 终端 (setup wizard, dashboard), 营业额 for 销售额, …: none is left."""
    found = []
    for message in ET.parse(TS).getroot().iter("message"):
        translation = message.find("translation")
        assert translation is not None
        text = "".join(translation.itertext())
        if OTHER_WORDS.search(text):
            found.append((message.findtext("source"), text))
    assert found == []


def test_the_till_is_a_终端_in_the_setup_wizard_and_the_dashboard() -> None:
    translated = {message.findtext("source"): "".join(message.find("translation").itertext())  # type: ignore[union-attr]
                  for message in ET.parse(TS).getroot().iter("message")}
    assert translated["Till number"] == "终端编号"
    assert translated["Per terminal"] == "按终端"
    assert translated["Gross sales"] == "销售额" and translated["Refunded"] == "退款金额"


@pytest.mark.usefixtures("chinese")
def test_asking_how_the_printer_is_says_what_to_do_about_the_printer(qtbot: QtBot, till: Till) -> None:
    """Nothing waits to print: 请装纸 (load paper), not the queue's 装好纸后重印 (reprint when loaded)."""
    screen = settings_screen(qtbot, till)
    page = screen.printer
    with fake_printer() as printer:
        page.url.setText(printer.url)
        printer.mode = "paper_out"
        page.state_button.click()
        qtbot.waitUntil(lambda: "缺纸" in page.message.text(), timeout=10_000)
        assert page.message.text() == "打印机缺纸——请装纸" and page.message.objectName() == "problem"
        printer.refuse()
        page.state_button.click()
        qtbot.waitUntil(lambda: "连接不上" in page.message.text(), timeout=10_000)
        assert page.message.text() == "连接不上打印机（未开机或未连接？）——请检查打印机"
    close(qtbot, screen)
