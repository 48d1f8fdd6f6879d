"""A refund slip names the manager who approved it and says what the points given back are worth, so the customer
sees why 退款合计 ￥40.00 comes back as 现金退款 ￥38.00; a sale a manager approved names them too."""

from dataclasses import replace

import pytest

from terminal.bootstrap import Till
from terminal.services.refunds import record_refund
from tests.helpers.cli import Jifen
from tests.helpers.store import CASHIER, MANAGER, member, sell, set_rules
from tests.printing.test_receipt_paper import COLUMNS, PAPER, paper, right_aligned, row

ZH = {"LANG": "zh_CN.UTF-8"}
EN = {"LANG": "en_US.UTF-8"}


def _refund_of_line_2(till: Till, approver: bool = True) -> str:
    """The rules' worked example: ¥60 + ¥40 paying 500 points; line 2 back is ¥40.00: 200 points and ¥38.00."""
    sale = sell(till, member(till), ("general", 6000), ("general", 4000), redeem=500)
    by, approving = (CASHIER, MANAGER) if approver else (MANAGER, None)
    refund = record_refund(till.uow(), till.shop, by, sale.sale_id, [2], approving)
    assert (refund.refunded_fen, refund.restored_points, refund.money_fen) == (4000, 200, 3800)
    return refund.refund_id


@pytest.mark.parametrize(("profile", "lang"), PAPER)
def test_the_refund_slip_names_the_approver_under_the_cashier(till: Till, profile: str, lang: str) -> None:
    out = paper(till, "refund", _refund_of_line_2(till), profile, lang)
    zh = lang == "zh"
    cashier = row(out, "终端 T1  收银员 amy" if zh else "Terminal T1  Cashier amy")
    approved = out.lines[out.lines.index(cashier) + 1]
    assert approved.text.strip() == ("授权人 max" if zh else "Approved by max")


@pytest.mark.parametrize(("profile", "lang"), PAPER)
def test_the_points_given_back_are_shown_with_their_value(till: Till, profile: str, lang: str) -> None:
    out = paper(till, "refund", _refund_of_line_2(till), profile, lang)
    zh = lang == "zh"
    columns = COLUMNS[profile]
    right_aligned(out, "退款合计" if zh else "Refunded", "￥40.00", columns)
    right_aligned(out, "退回积分" if zh else "Points back", "+200（抵 ￥2.00）" if zh else "+200 (worth ￥2.00)",
                  columns)
    right_aligned(out, "现金退款" if zh else "Cash back", "￥38.00", columns)


def test_a_manager_refunding_alone_is_not_said_to_approve_themself(till: Till) -> None:
    out = paper(till, "refund", _refund_of_line_2(till, approver=False))
    assert row(out, "终端 T1  收银员 max")
    assert out.find("授权") == []


def test_a_sale_over_the_velocity_limit_names_the_manager_who_allowed_it(till: Till) -> None:
    set_rules(till, replace(till.shop.rules, velocity_limit=0))
    sale = sell(till, member(till), ("general", 1000), cashier=CASHIER, approver=MANAGER)
    out = paper(till, "receipt", sale.sale_id, "80mm", "en")
    cashier = row(out, "Terminal T1  Cashier amy")
    assert out.lines[out.lines.index(cashier) + 1].text.strip() == "Approved by max"
    plain = sell(till, None, ("general", 1000))  # no points earned: nothing to approve
    assert paper(till, "receipt", plain.sale_id).find("授权") == []


def test_the_slip_as_text_and_its_check_name_the_approver(cli: Jifen) -> None:
    cli.member("13800138000")
    sale = cli.ok("sale", "--line", "general:60", "--line", "general:40", "--member", "13800138000",
                  "--redeem", "500", by="amy")
    refund = cli.ok("refund", str(sale["sale_id"]), "--line", "2", by="amy", approver="max")
    shown = cli.ok("receipt", str(refund["refund_id"]), "--text", env=ZH)
    lines = [line.strip() for line in str(shown["text"]).splitlines()]
    assert lines[lines.index("终端 T1  收银员 amy") + 1] == "授权人 max", shown["text"]
    assert any(line.startswith("退回积分") and line.endswith("+200（抵 ￥2.00）") for line in lines), shown["text"]
    code = str(shown["codes"][0])
    checked = cli.ok("receipt", "verify", code)
    assert (checked["refund"]["cashier"], checked["refund"]["approver"]) == ("amy", "max")
    said = cli("receipt", "verify", code, env=ZH)
    assert "  收银员 amy，授权人 max" in said.out.splitlines(), said
    said = cli("receipt", "verify", code, env=EN)
    assert "  Cashier amy, approved by max" in said.out.splitlines(), said
