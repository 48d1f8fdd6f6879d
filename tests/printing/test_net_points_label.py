"""On a till linked to a ledger the Z report's points figure is the till's running net of every point change made
there, refunds' points given back and taken back included: its label names no formula that leaves them out."""

from dataclasses import replace

import pytest

from terminal.bootstrap import Till
from terminal.journal import Who
from terminal.services.refunds import record_refund
from terminal.services.reports import close_day, day_report
from terminal.shop import LedgerState
from tests.helpers.store import MANAGER, OWNER, member, sell
from tests.printing.test_receipt_paper import paper


@pytest.mark.parametrize(("profile", "columns"), [("58mm", 32), ("80mm", 48)])
def test_the_net_points_label_holds_refunds_too(till: Till, profile: str, columns: int) -> None:
    m = member(till)
    sell(till, m, ("general", 50000))
    sale = sell(till, m, ("general", 6000), ("general", 4000), redeem=300)
    record_refund(till.uow(), till.shop, MANAGER, sale.sale_id, [1])
    till.shop = replace(till.shop, ledger=LedgerState("https://ledger.example", online=True))
    figures = day_report(till.reading(), till.shop)
    net = figures["liability_points"]
    assert figures["points_restored"] and figures["points_reversed"]  # not given − used − expired alone
    assert net != figures["points_earned"] - figures["points_redeemed"] - figures["points_expired"]
    close_day(till.uow(), till.shop, Who(OWNER.name, OWNER.name))
    for lang, label in (("zh", "本机积分累计净增减"), ("en", "This till's net points")):
        z = paper(till, "z", "1", profile, lang)
        line = next(line for line in z.lines if line.text.startswith(label))
        assert line.text.endswith(f" {net:,}") and line.columns == columns, line
        assert not z.find("发放－使用－过期") and not z.find("share")
