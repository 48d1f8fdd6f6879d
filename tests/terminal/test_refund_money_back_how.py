"""The refund's command-line text says whether the money goes back in cash or onto the card, in the slip's
words (现金退款 / 刷卡退款), so a cashier at a remote shell does not hand out cash for a card sale."""

import pytest

from tests.helpers.cli import Jifen

ZH = {"LANG": "zh_CN.UTF-8"}
EN = {"LANG": "en_US.UTF-8"}


@pytest.mark.parametrize(("pay", "en", "zh"), [("card", "Money back to the card: ¥60.00", "刷卡退款：￥60.00"),
                                               ("cash", "Money back in cash: ¥60.00", "现金退款：￥60.00")])
def test_the_refund_says_how_the_money_goes_back(jifen: Jifen, pay: str, en: str, zh: str) -> None:
    sale = str(jifen.ok("sale", "--line", "general:60", "--line", "general:40", "--pay", pay, by="amy")["sale_id"])
    said = jifen("refund", sale, "--line", "1", by="max", env=EN)
    assert said.status == 0 and f"  {en}\n" in said.out, said
    assert "Money back:" not in said.out
    other = jifen.ok("sale", "--line", "general:60", "--pay", pay, by="amy")["sale_id"]
    said = jifen("refund", str(other), by="max", env=ZH)
    assert said.status == 0 and f"  {zh}\n" in said.out, said
    assert "退还金额" not in said.out


def test_the_json_names_the_way_back(jifen: Jifen) -> None:
    card = str(jifen.ok("sale", "--line", "general:60", "--pay", "card", by="amy")["sale_id"])
    cash = str(jifen.ok("sale", "--line", "general:60", by="amy")["sale_id"])
    assert jifen.ok("refund", card, by="max")["pay_method"] == "card"
    assert jifen.ok("refund", cash, by="max")["pay_method"] == "cash"
