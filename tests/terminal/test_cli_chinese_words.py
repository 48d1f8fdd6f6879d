"""A Chinese cashier types what the shop sees: categories, ways to pay and roles by their Chinese names
(普通商品, 现金, 银行卡, 店长), amounts as shops write them (12元, 1,280.00; a yuan sign stays refused, as cli.md has it) and points with thousands
commas (1,000). Each spelling stores exactly what the id or the plain number stores; what is still refused
is said clearly in English and Chinese, listing the choices with their Chinese."""

import re
from typing import Any

import pytest

from printing.words import category_name
from terminal.money import parse_amount, parse_points, ungrouped
from terminal.rules import DEFAULT_CATEGORIES, DEFAULT_CATEGORY_NAMES
from tests.helpers.cli import Jifen, run_jifen

ZH = {"LANG": "zh_CN.UTF-8"}
EN = {"LANG": "en_US.UTF-8"}
PHONE = "13800138000"


def stored_sale(jifen: Jifen, *words: str) -> dict[str, Any]:
    """The journal entry of the sale `jifen sale WORDS` records, without its id."""
    sale_id = jifen.ok("sale", *words, by="amy")["sale_id"]
    payload = jifen.journal_payloads("sale")[-1]
    assert payload.pop("sale_id") == sale_id
    return payload


def with_category(jifen: Jifen, line: str) -> None:
    """Add one line to the [categories] table of the store's rules.toml."""
    lines = jifen.rules_file.read_text(encoding="utf-8").splitlines()
    at = next(i for i, old in enumerate(lines) if old.startswith("excluded = "))
    jifen.rules_file.write_text("\n".join([*lines[:at + 1], line, *lines[at + 1:]]) + "\n", encoding="utf-8")


def refusal(jifen: Jifen, *words: str, by: str = "amy") -> tuple[str, str]:
    """What the user reads, in English then in Chinese; nothing may be stored."""
    before = jifen.dump()
    said = []
    for env in (EN, ZH):
        run = jifen(*words, by=by, env=env)
        assert (run.status, run.out) == (2, ""), str(run)
        said.append(run.err.removesuffix("\n"))
    assert jifen.dump() == before
    return said[0], said[1]


# --- categories ----------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, category", [("普通商品", "general"), ("数码产品", "digital"), ("整车", "vehicle"),
                                             ("不积分商品", "excluded"), (" 普通商品 ", "general")])
def test_a_category_typed_by_its_chinese_name_is_stored_as_its_id(jifen: Jifen, typed: str, category: str) -> None:
    assert stored_sale(jifen, "--line", f"{typed}:12") == stored_sale(jifen, "--line", f"{category}:12")
    assert jifen.journal_payloads("sale")[-1]["lines"][0]["category"] == category


def test_the_chinese_names_taken_are_the_ones_receipts_print() -> None:
    assert {c: category_name("zh", c, None) for c in DEFAULT_CATEGORIES} == DEFAULT_CATEGORY_NAMES


def test_a_shops_own_category_is_taken_by_its_label(jifen: Jifen) -> None:
    with_category(jifen, 'fresh = { rate_bp = 3000, label = "生鲜：果蔬" }')
    assert stored_sale(jifen, "--line", "生鲜：果蔬:30") == stored_sale(jifen, "--line", "fresh:30")
    assert jifen.journal_payloads("sale")[-1]["lines"][0]["category"] == "fresh"


def test_a_relabelled_category_is_taken_by_the_label_the_receipt_prints(jifen: Jifen) -> None:
    lines = jifen.rules_file.read_text(encoding="utf-8").replace("general = 5000", 'general = { rate_bp = 5000, label = "日用品" }')
    jifen.rules_file.write_text(lines, encoding="utf-8")
    assert stored_sale(jifen, "--line", "日用品:12") == stored_sale(jifen, "--line", "general:12")


def test_an_unknown_category_lists_the_categories_with_their_chinese(jifen: Jifen) -> None:
    with_category(jifen, 'fresh = { rate_bp = 3000, label = "生鲜" }')
    with_category(jifen, "bulk = 100")
    jifen.ok("rules", "show")  # the store takes the new rules before the refusal, which changes nothing
    en, zh = refusal(jifen, "sale", "--line", "普通:12")
    assert en == "unknown category '普通' (known: bulk, digital, excluded, fresh, general, vehicle)"
    assert zh == ("未知品类“普通”（可用：bulk、digital（数码产品）、excluded（不积分商品）、fresh（生鲜）、"
                  "general（普通商品）、vehicle（整车））")


# --- amounts and points --------------------------------------------------------------------------

@pytest.mark.parametrize("typed, plain", [("12元", "12"), ("12.50 元", "12.50"), ("１２元", "12"), ("1,280.00", "1280"),
                                          ("1，280", "1280"), ("1,280.5元", "1280.50"), ("1,000,000", "1000000")])
def test_an_amount_written_as_shops_write_it_is_stored_as_the_plain_one(jifen: Jifen, typed: str, plain: str) -> None:
    assert stored_sale(jifen, "--line", f"general:{typed}") == stored_sale(jifen, "--line", f"general:{plain}")


@pytest.mark.parametrize("typed", ["1,28", "12,80.00", "1,2800", ",128", "1,280,", "¥-12", "-¥12", "12元元", "¥¥12", "¥12", "￥12.50",
                                   "0,128", "1,280.001"])
def test_an_amount_still_wrong_is_refused_as_before(jifen: Jifen, typed: str) -> None:
    en, zh = refusal(jifen, "sale", "--line", f"general:{typed}")
    assert en == f"'{typed}' is not an amount: write yuan like 199.99 (at most two decimals, no sign)"
    assert zh == f"“{typed}”不是有效金额：请按元填写，如 199.99（最多两位小数，不带符号）"


@pytest.mark.parametrize("typed", ["1,000", "1，000", "１，０００", "+1,000"])
def test_adjust_takes_points_with_thousands_commas(jifen: Jifen, typed: str) -> None:
    member = jifen.member(PHONE)
    jifen.ok("adjust", member, "--points", "1000", "--reason", "gift", by="max")
    jifen.ok("adjust", member, "--points", typed, "--reason", "gift", by="max")
    first, second = jifen.journal_payloads("adjust")
    assert first == second and first["points"] == 1000
    jifen.ok("adjust", member, f"--points=-{typed.lstrip('+')}", "--reason", "gift", by="max")
    assert jifen.journal_payloads("adjust")[-1]["points"] == -1000


@pytest.mark.parametrize("typed", ["1,00", "10,00", "1,0000"])
def test_adjust_refuses_commas_that_do_not_group_by_three(jifen: Jifen, typed: str) -> None:
    jifen.member(PHONE)
    en, zh = refusal(jifen, "adjust", PHONE, "--points", typed, "--reason", "gift", by="max")
    assert (en, zh) == (f"jifen adjust: --points: '{typed}' is not a whole number", f"jifen adjust：--points：“{typed}”不是整数")


def test_points_to_redeem_take_thousands_commas(jifen: Jifen) -> None:
    jifen.member(PHONE)
    jifen.ok("adjust", PHONE, "--points", "2,000", "--reason", "gift", by="max")
    plain = stored_sale(jifen, "--line", "general:100", "--member", PHONE, "--redeem", "1000")
    commas = stored_sale(jifen, "--line", "general:100", "--member", PHONE, "--redeem", "1,000")
    assert plain["redeemed_points"] == commas["redeemed_points"] == 1000
    en, zh = refusal(jifen, "sale", "--line", "general:100", "--member", PHONE, "--redeem", "1,00")
    assert (en, zh) == ("'1,00' is not a number of points: write a whole number above 0", "“1,00”不是有效积分数：请填写大于 0 的整数")


def test_the_parsers_themselves() -> None:
    assert [parse_amount(t) for t in ("1,234.56", "7 元", "１，２３４．５")] == [123456, 700, 123450]
    assert [parse_points(t) for t in ("1,000", "1，000,000", "２，５００")] == [1000, 1_000_000, 2500]
    assert [ungrouped(t) for t in ("1,280", "-1,280.5", "1,28", "12", "1,2,3")] == ["1280", "-1280.5", "1,28", "12", "1,2,3"]


# --- ways to pay ---------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, method", [("现金", "cash"), ("刷卡", "card"), ("银行卡", "card"), (" 银行卡", "card"),
                                           ("Card", "card")])
def test_a_way_to_pay_typed_in_chinese_is_stored_as_its_id(jifen: Jifen, typed: str, method: str) -> None:
    chinese = stored_sale(jifen, "--line", "general:12", "--pay", typed)
    assert chinese == stored_sale(jifen, "--line", "general:12", "--pay", method)
    assert chinese["pay_method"] == method


def test_a_coupon_sale_and_a_gift_top_up_take_the_chinese_too(jifen: Jifen) -> None:
    jifen.member(PHONE)
    jifen.ok("adjust", PHONE, "--points", "1,000", "--reason", "gift", by="max")
    jifen.ok("gift", "add", "C10", "--coupon", "--name-zh", "十元券", "--name-en", "Coupon", "--points", "200",
             "--value", "10元", "--min-spend", "50元", by="boss")
    code = jifen.ok("coupon", "issue", "C10", "--member", PHONE, by="amy")["code"]
    sold = jifen.ok("coupon", "use", code, "--line", "普通商品:60元", "--pay", "银行卡", "--member", PHONE,
                    by="amy")
    stored = jifen.journal_payloads("sale")[-1]
    assert (sold["pay_method"], stored["pay_method"], stored["lines"][0]["category"]) == ("card", "card", "general")
    jifen.ok("gift", "add", "TEA", "--name-zh", "茶杯", "--name-en", "Tea cup", "--points", "300", "--topup", "9.90元",
             by="boss")
    out = jifen.ok("gift", "exchange", "TEA", "--member", PHONE, "--pay", "刷卡", by="amy")
    assert (out["pay_method"], out["topup_fen"]) == ("card", 990)


def test_an_unknown_way_to_pay_lists_the_ways_with_their_chinese(jifen: Jifen) -> None:
    en, zh = refusal(jifen, "sale", "--line", "general:12", "--pay", "微信")
    assert en == "jifen sale: --pay: unknown way to pay '微信' (known: cash, card)"
    assert zh == "jifen sale：--pay：未知支付方式“微信”（可用：cash（现金）、card（刷卡、银行卡））"


# --- roles ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, role", [("收银员", "cashier"), ("店长", "manager"), ("店主", "owner")])
def test_a_role_typed_in_chinese_is_stored_as_its_id(jifen: Jifen, typed: str, role: str) -> None:
    jifen.ok("cashier", "add", "小王", "--role", typed, by="boss", env={"JIFEN_NEW_PIN": "3333"})
    jifen.ok("cashier", "add", "小李", "--role", role, by="boss", env={"JIFEN_NEW_PIN": "4444"})
    chinese, plain = jifen.journal_payloads("cashier_add")[-2:]
    assert chinese == {"name": "小王", "role": role} and plain == {"name": "小李", "role": role}


def test_cashier_role_takes_the_chinese_too(jifen: Jifen) -> None:
    jifen.ok("cashier", "role", "amy", "--role", "店长", by="boss")
    staff = {p["name"]: p["role"] for p in jifen.ok("cashier", "list")["cashiers"]}
    assert staff["amy"] == "manager"


def test_an_unknown_role_lists_the_roles_with_their_chinese(jifen: Jifen) -> None:
    en, zh = refusal(jifen, "cashier", "add", "小王", "--role", "老板", by="boss")
    assert en == "jifen cashier add: --role: unknown role '老板' (known: cashier, manager, owner)"
    assert zh == "jifen cashier add：--role：未知角色“老板”（可用：cashier（收银员）、manager（店长）、owner（店主））"


# --- help ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("words, option, zh", [
    (("sale",), "--pay {cash,card}", "付款方式：cash（现金）或 card（刷卡、银行卡），默认 cash"),
    (("coupon", "use"), "--pay {cash,card}", "付款方式：cash（现金）或 card（刷卡、银行卡），默认 cash"),
    (("gift", "exchange"), "--pay {cash,card}", "另付的钱的付款方式：cash（现金）或 card（刷卡、银行卡），默认 cash"),
    (("cashier", "add"), "--role {cashier,manager,owner}", "角色：cashier（收银员）、manager（店长）或 owner（店主）"),
    (("cashier", "role"), "--role {cashier,manager,owner}", "角色：cashier（收银员）、manager（店长）或 owner（店主）"),
])
def test_help_shows_the_ids_and_their_chinese(words: tuple[str, ...], option: str, zh: str) -> None:
    chinese = run_jifen(*words, "--help", env={**ZH, "COLUMNS": "200"})
    listed = re.compile(rf"^  {re.escape(option)}\s", re.MULTILINE)
    assert chinese.returncode == 0 and listed.search(chinese.stdout) and zh in chinese.stdout, chinese
    english = run_jifen(*words, "--help", env={**EN, "COLUMNS": "200"})
    assert english.returncode == 0 and listed.search(english.stdout), english
