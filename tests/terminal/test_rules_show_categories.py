"""`jifen rules show` names each category as the app and the receipts do, with the id `sale --line` takes beside it:
普通商品（general） in Chinese, General goods (general) in English; a shop's own category by its label."""

from tests.helpers.cli import Jifen
from tests.terminal.test_cli_chinese_words import with_category

ZH = {"LANG": "zh_CN.UTF-8"}


def _rates(jifen: Jifen, env: dict[str, str] | None = None) -> str:
    shown = jifen("rules", "show", env=env) if env else jifen("rules", "show")
    assert shown.status == 0 and "rules.toml" in shown.err  # the edit is adopted, and said (test_rules_file_adoption_said)
    return next(line for line in shown.out.splitlines() if "by category" in line or "各品类" in line)


def test_the_categories_are_named_in_chinese_with_their_ids(jifen: Jifen) -> None:
    with_category(jifen, 'fresh = { rate_bp = 3000, label = "生鲜" }')
    with_category(jifen, "bulk = 100")
    assert _rates(jifen, ZH) == ("  各品类每 ￥1 积分：bulk 0.01，数码产品（digital） 0.1，不积分商品（excluded） 0，"
                                 "生鲜（fresh） 0.3，普通商品（general） 0.5，整车（vehicle） 0.001")


def test_the_categories_are_named_in_english_with_their_ids(jifen: Jifen) -> None:
    with_category(jifen, 'fresh = { rate_bp = 3000, label = "生鲜" }')
    assert _rates(jifen) == ("  Points per ¥1 by category: Digital goods (digital) 0.1, Goods without points (excluded) 0, "
                             "fresh (生鲜) 0.3, General goods (general) 0.5, Vehicle (vehicle) 0.001")

