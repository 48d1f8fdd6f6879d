"""A line of ¥0.00 is a slip of the finger: refused, whether typed as 0 or 0.00, and nothing recorded
(a ¥0 first sale would otherwise pay the referrer's bonus)."""

import pytest

from tests.helpers.cli import Jifen


@pytest.mark.parametrize("amount", ["0", "0.00", "０"])
def test_a_zero_line_is_refused_and_pays_no_referral(jifen: Jifen, amount: str) -> None:
    referrer = jifen.member("13600136000")
    jifen.member("13000130030", "--referrer", "13600136000")
    before = jifen.dump()
    run = jifen("sale", "--member", "13000130030", "--line", f"general:{amount}", "--json", by="amy")
    assert run.status == 2 and run.json == {"error": "bad_amount",
                                            "message": "a line of ¥0.00 sells nothing: type the line's amount"}
    assert jifen.dump() == before and jifen.balance(referrer) == 500
    assert jifen.ok("sale", "--member", "13000130030", "--line", "general:0.01", by="amy")["total_fen"] == 1
