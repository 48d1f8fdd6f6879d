"""A refund's own number typed as the sale to refund is refused as its scanned receipt is, naming the sale it
refunded, rather than with 找不到销售单 as if no such number existed."""

import pytest

from tests.helpers.cli import Jifen

ZH = {"LANG": "zh_CN.UTF-8"}
EN = {"LANG": "en_US.UTF-8"}


@pytest.fixture
def refund(jifen: Jifen) -> tuple[str, str]:
    """A sale of two lines and the refund of its first: (sale id, refund id)."""
    sale = str(jifen.ok("sale", "--line", "general:60", "--line", "general:40", by="amy")["sale_id"])
    return sale, str(jifen.ok("refund", sale, "--line", "1", by="max")["refund_id"])


def test_a_refund_number_typed_names_the_sale_it_refunded(jifen: Jifen, refund: tuple[str, str]) -> None:
    sale, refund_id = refund
    entries = jifen.entries()
    seq = refund_id.split("-")[1]
    for typed in (refund_id, refund_id.lower(), seq):
        said = jifen("refund", typed, by="max", env=ZH)
        assert said.status == 2 and said.err == f"{refund_id} 是退款单（原销售单 {sale}）：请输入销售单号\n", said
        said = jifen("refund", typed, by="max", env=EN)
        assert said.err == f"{refund_id} is a refund (of sale {sale}): give the sale's number\n", said
        assert jifen.refused("refund", typed, by="max") == "bad_input"
    assert jifen.entries() == entries
    assert jifen.query("SELECT refund_id FROM sale_lines WHERE sale_id = ? ORDER BY line_no", sale) == [(refund_id,), (None,)]


def test_a_number_that_is_neither_is_still_not_found(jifen: Jifen, refund: tuple[str, str]) -> None:
    said = jifen("refund", "T1-999", by="max", env=ZH)
    assert said.err == "找不到销售单“T1-999”\n", said
