"""The receipt of a paid sale given its member afterwards (补积分), whose money raised the member's tier, says the sale
made it (本单升级 / upgraded), as a sale's receipt with the card shown does."""

from terminal.bootstrap import Till
from terminal.services.sale_member import give_sale_member
from tests.helpers.store import CASHIER, hire_staff, member, sell
from tests.printing.test_receipt_paper import paper, right_aligned

# ¥2,772.50 takes a regular member past ¥2,000 of growth: silver.
LINES = (("general", 12800), ("digital", 259900), ("vehicle", 4550))


def test_the_receipt_given_its_member_says_the_sale_raised_the_tier(till: Till) -> None:
    hire_staff(till)
    m = member(till)
    sale = sell(till, None, *LINES)
    assert give_sale_member(till.uow(), till.shop, CASHIER, sale.sale_id, m).member.tier.name == "silver"
    right_aligned(paper(till, "receipt", sale.sale_id, "58mm"), "会员等级", "银卡（本单升级）", 32)
    right_aligned(paper(till, "receipt", sale.sale_id, "80mm", "en"), "Tier", "Silver (upgraded)", 48)
