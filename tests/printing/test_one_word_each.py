"""One Chinese word for each thing, wherever a shop reads it: the day report and the Z on the command line, the
Z and the receipts on paper (the app's shift screen: tests/ui/test_one_word_each.py).

The glossary: 刷卡 (card payments; 刷卡退款 and 现金退款 for what a refund gives back), 销售额, 退款金额, 新会员,
服务会员, 终端 (the till), 流水 (journal entries: a Z holds 流水 1 至 10), 钻石卡 (as 银卡, 金卡), 积分 (never 分,
which is money), and money in Chinese with the receipts' full-width ￥ (¥ stays in English)."""

import re

import pytest

from tests.helpers.cli import Jifen
from tests.helpers.fake_printer import FakePrinter

ZH = {"LANG": "zh_CN.UTF-8"}
EN = {"LANG": "C.UTF-8"}
PHONE = "13800138000"
# label → what it counts, in the day's figures below
WORDS = {"销售额": "￥160.00", "刷卡": "￥60.00", "退款金额": "￥60.00", "现金退款": "￥40.00",
         "刷卡退款": "￥20.00", "服务会员": "1", "新会员": "1"}
# what the same things were also called before
OTHER_WORDS = re.compile(r"销售总额|营业额|银行卡|退货金额|新增会员|服务会员数|收银机|收银台|退回卡|退现金|记录 \d|¥|钻石(?!卡)")


def say_in(env: dict[str, str], en: str, zh: str) -> str:
    return zh if env is ZH else en


def _day(jifen: Jifen) -> None:
    """A new member; ¥100 cash and ¥60 by card; ¥40 of the cash sale and ¥20 of the card sale refunded."""
    jifen.member(PHONE)
    cash = jifen.ok("sale", "--member", PHONE, "--line", "general:60", "--line", "general:40", by="amy")
    card = jifen.ok("sale", "--line", "general:40", "--line", "general:20", "--pay", "card", by="amy")
    jifen.ok("refund", cash["sale_id"], "--line", "2", by="max")
    jifen.ok("refund", card["sale_id"], "--line", "2", by="max")


def _figures(text: str) -> dict[str, str]:
    """Each line's label and the figure at its end."""
    found = {}
    for line in text.splitlines():
        label, _, figure = line.strip().rpartition(" ")
        if label:
            found[label.strip().rstrip("：")] = figure
    return found


def test_the_day_report_and_the_z_say_the_same_words_on_the_command_line_and_on_paper(cli: Jifen) -> None:
    _day(cli)
    report = cli("report", "day", env=ZH)
    closed = cli("day", "close", by="boss", env=ZH)
    paper = str(cli.ok("print", "z", "1", "--text", "--profile", "80mm", env=ZH)["text"])
    assert report.status == 0 and closed.status == 0, (report, closed)
    for text in (report.out, closed.out, paper):
        figures = _figures(text)
        assert {label: figures.get(label) for label in WORDS} == WORDS, text
        assert not OTHER_WORDS.search(text), text
    entries = cli.entries()
    assert f"流水 1 至 {entries - 1}" in closed.out.splitlines()[0]  # the Z is the last entry: it holds those before
    assert f"流水 1 至 {entries - 1}" in paper
    assert "终端 T1" in paper


def test_a_card_refund_slip_says_刷卡退款_and_money_in_chinese_is_written_full_width(cli: Jifen) -> None:
    sale = cli.ok("sale", "--line", "general:60", "--pay", "card", by="amy")
    refund = cli.ok("refund", sale["sale_id"], by="max")
    slip = str(cli.ok("receipt", str(refund["refund_id"]), "--text", env=ZH)["text"])
    assert _figures(slip)["刷卡退款"] == "￥60.00" and not OTHER_WORDS.search(slip), slip
    sold = cli("sale", "--line", "general:12.5", "--pay", "card", by="amy", env=ZH)
    assert re.fullmatch(r"销售单 T1-\d+：合计 ￥12\.50\n  应付：￥12\.50（刷卡）\n", sold.out), sold
    english = cli("sale", "--line", "general:12.5", "--pay", "card", by="amy", env=EN)
    assert "total ¥12.50" in english.out and "￥" not in english.out, english
    too_much = cli("sale", "--line", "general:1000000.01", by="amy", env=ZH)
    assert too_much.err == "“1000000.01”超过单行上限 ￥1,000,000.00\n", too_much


def test_journal_verify_counts_points_in_积分_not_in_分(cli: Jifen) -> None:
    cli.member(PHONE)  # 500 points to sign up
    verified = cli("journal", "verify", env=ZH)
    assert verified.status == 0 and verified.out.endswith("；会员积分余额（共 500 积分）与流水一致\n"), verified
    cli.query("UPDATE lots SET remaining = remaining + 1")
    differ = cli("journal", "verify", env=ZH)
    assert differ.status == 2
    assert "余额与流水不符：本店数据中会员积分余额合计 501 积分，流水累计为 500 积分；" in differ.err, differ
    assert re.search(r"；会员 M\w+（138\*\*\*\*8000）持有 501 积分，流水为 500 积分。", differ.err), differ
    assert not re.search(r"\d 分", differ.err), differ


@pytest.mark.parametrize("env", [ZH, EN])
def test_a_test_page_that_did_not_print_says_so_without_a_space(cli: Jifen, printer: FakePrinter,
                                                               env: dict[str, str]) -> None:
    printer.refuse()
    run = cli("printer", "test", "--printer", printer.url, "--profile", "58mm", env=env)
    assert run.status == 2
    assert run.err.startswith(say_in(env, "Test page NOT printed: printer not reachable", "测试页未打印：连接不上打印机")), run
