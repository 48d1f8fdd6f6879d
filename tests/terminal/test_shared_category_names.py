"""A shop's own category labelled as a default category is named (parts labelled 数码产品, as digital shows): typing
that name is refused saying the two categories share it and to type the id, not that no category has it; the ids
still sell."""

from tests.helpers.cli import Jifen
from tests.terminal.test_cli_chinese_words import refusal, with_category


def test_a_name_two_categories_share_is_refused_naming_both(jifen: Jifen) -> None:
    with_category(jifen, 'parts = { rate_bp = 3000, label = "数码产品" }')
    jifen.ok("rules", "show")  # the store takes the new rules before the refusal, which changes nothing
    en, zh = refusal(jifen, "sale", "--line", "数码产品:100")
    assert en == "two categories are named '数码产品' (digital, parts): type its id"
    assert zh == "有两个品类都叫“数码产品”（digital、parts）：请输入品类编号"
    for category in ("digital", "parts"):
        jifen.ok("sale", "--line", f"{category}:100", by="amy")
        assert jifen.journal_payloads("sale")[-1]["lines"][0]["category"] == category


def test_a_name_only_one_category_has_is_still_taken(jifen: Jifen) -> None:
    with_category(jifen, 'parts = { rate_bp = 3000, label = "配件" }')
    jifen.ok("sale", "--line", "配件:100", by="amy")
    assert jifen.journal_payloads("sale")[-1]["lines"][0]["category"] == "parts"
