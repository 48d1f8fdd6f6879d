"""A sale paid with a coupon: the receipt prints the goods after the discount, the list total before it
and the coupon's row (its short id, the money it took off), on 58 and 80 mm paper, in Chinese and
English, read back from the ESC/POS bytes and from the text layout."""

import pytest

from printing.render_text import to_text
from terminal.bootstrap import Till
from terminal.keys import KeyFiles, load_private_key
from terminal.mall.catalog import ItemSpec
from terminal.services import coupons, mall
from terminal.services.sales import SaleRequest, SaleResult, record_sale
from tests.helpers.store import CASHIER, OWNER, member, sell
from tests.printing.test_receipt_paper import (
    COLUMNS,
    PAPER,
    paper,
    printing_for,
    right_aligned,
    row,
)


def coupon_sale(till: Till) -> tuple[SaleResult, str]:
    mall.add_item(till.uow(), till.shop, OWNER, ItemSpec("C10", "十元券", "Coupon", 200, kind="coupon", value_fen=1000,
                                                         min_spend_fen=5000), None)
    someone = member(till)
    key = load_private_key(KeyFiles(till.home.private_key.parent).merchant_private)
    issued = coupons.issue_coupon(till.uow(), till.shop, CASHIER, key, "C10", someone)
    sale = record_sale(till.uow(), till.shop, CASHIER, SaleRequest([("general", 4000), ("digital", 2000)], someone,
                                                                  coupon=issued["code"]))
    return sale, issued["coupon_id"]


@pytest.mark.parametrize(("profile", "lang"), PAPER)
def test_the_coupon_and_the_list_total_are_on_the_receipt(till: Till, profile: str, lang: str) -> None:
    sale, coupon_id = coupon_sale(till)
    out = paper(till, "receipt", sale.sale_id, profile, lang)
    columns, zh = COLUMNS[profile], lang == "zh"
    right_aligned(out, "普通商品" if zh else "General goods", "￥33.33", columns)
    right_aligned(out, "原价合计" if zh else "List total", "￥60.00", columns)
    right_aligned(out, f"优惠券 {coupon_id}" if zh else f"Coupon {coupon_id}", "-￥10.00", columns)
    right_aligned(out, "合计" if zh else "Total", "￥50.00", columns)
    right_aligned(out, "现金" if zh else "Cash", "￥50.00", columns)
    texts = [line.text.strip() for line in out.lines]
    list_at = next(i for i, t in enumerate(texts) if t.startswith("原价合计" if zh else "List total"))
    coupon_at = next(i for i, t in enumerate(texts) if t.startswith("优惠券" if zh else "Coupon"))
    total_at = next(i for i, t in enumerate(texts) if t.startswith("合计" if zh else "Total"))
    assert list_at < coupon_at < total_at and row(out, "合计" if zh else "Total").bold
    note = "（以上各行为扣除优惠券后的金额）" if zh else "(lines above: after the coupon)"
    assert note in " ".join(texts[coupon_at + 1:total_at])  # 33.33 + 16.67 is 50.00, not the list total


@pytest.mark.parametrize("profile", ["58mm", "80mm"])
def test_the_text_layout_shows_the_coupon_row(till: Till, profile: str) -> None:
    sale, coupon_id = coupon_sale(till)
    p = printing_for(till, profile, "zh")
    text = to_text(p.page(p.document("receipt", sale.sale_id)))
    lines = [line for line in text.splitlines() if line.startswith(f"优惠券 {coupon_id}")]
    assert len(lines) == 1 and lines[0].endswith("-￥10.00")
    assert any(line.startswith("原价合计") and line.endswith("￥60.00") for line in text.splitlines())


def test_a_sale_without_a_coupon_has_no_coupon_rows(till: Till) -> None:
    sale = sell(till, None, ("general", 6000))
    out = paper(till, "receipt", sale.sale_id, "58mm", "zh")
    assert not out.find("优惠券") and not out.find("原价合计")
