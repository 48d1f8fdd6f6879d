"""`jifen-ledger merchant rules M FILE` as an operator uses it: a refusal of a rules file in the command line's
language; a promotion naming weekdays and days of the month, or one name on two promotions that disagree, refused as
at a till; a category by its Chinese name; a warning when the rules' value of a point is not what settlement pays."""

import json
import sqlite3
from pathlib import Path

import pytest
from tests.helpers.ledger import run


TWO_HUNDRED = "points_per_yuan = 200\n"


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    assert run(capsys, url, "migrate")[0] == 0
    assert run(capsys, url, "merchant", "add", "m1", "--name", "静安连锁")[0] == 0
    assert run(capsys, url, "merchant", "add", "m2", "--name", "徐汇连锁", "--fen-per-point", "1")[0] == 0
    return url


def _file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _stored(db: str, merchant: str) -> dict[str, object]:
    with sqlite3.connect(db.removeprefix("sqlite:///")) as conn:
        (rules,) = conn.execute("SELECT rules FROM merchants WHERE id = ?", (merchant,)).fetchone()
    return dict(json.loads(rules))


def test_an_unknown_category_is_refused_in_chinese_naming_it_and_the_known_ones(
        db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    path = _file(tmp_path, '[[promotions]]\nname = "双十一"\nmultiplier = 200\ncategories = ["fresh"]\n')
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert run(capsys, db, "merchant", "rules", "m1", path) == (
        2, "", "规则文件：promotions[1].categories：未知品类“fresh”"
               "（可用：general（普通商品）、digital（数码产品）、vehicle（整车）、excluded（不积分商品））\n")
    monkeypatch.delenv("LANG")
    status, out, _ = run(capsys, db, "--json", "merchant", "rules", "m1", path)
    assert (status, json.loads(out)) == (2, {"error": "bad_rules", "message": (
        "rules: promotions[1].categories: unknown category 'fresh' (known: general, digital, vehicle, excluded)")})


def test_a_category_named_by_its_chinese_name_is_stored_by_its_id(
        db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _file(tmp_path, '[[promotions]]\nname = "双十一"\nmultiplier = 200\ncategories = ["普通商品"]\n')
    assert run(capsys, db, "merchant", "rules", "m1", path) == (
        0, "rules of m1 set (version 41344c1b8142); the tills take them at their next sync. Changes:\n"
           "  promotion 双十一 ×2 (on general) added\n", "")
    assert _stored(db, "m1")["promotions"] == [{"name": "双十一", "multiplier": 200, "categories": ["general"]}]


@pytest.mark.parametrize("promotions, en", [
    ('[[promotions]]\nname = "周末及会员日"\nmultiplier = 200\nweekdays = [6, 7]\ndays_of_month = [18]\n',
     "rules: promotions[1]: names both weekdays and days_of_month"),
    ('[[promotions]]\nname = "双十一"\nmultiplier = 200\nfrom = 2026-11-11\nuntil = 2026-11-11\n'
     '[[promotions]]\nname = "双十一"\nmultiplier = 300\nfrom = 2026-11-10\nuntil = 2026-11-12\n',
     "rules: promotions[2].name: promotions[1] is named '双十一' too"),
])
def test_promotions_a_till_refuses_are_refused_and_the_rules_in_force_stay(
        db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], promotions: str, en: str) -> None:
    assert run(capsys, db, "merchant", "rules", "m1", _file(tmp_path, "signup_bonus = 800\n"))[0] == 0
    status, out, err = run(capsys, db, "merchant", "rules", "m1", _file(tmp_path, promotions))
    assert (status, out) == (2, "") and err.startswith(en) and err.count("\n") == 1
    assert (_stored(db, "m1")["signup_bonus"], _stored(db, "m1")["promotions"]) == (800, [])


def test_a_point_worth_other_than_settlement_pays_is_set_with_a_warning(
        db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    path = _file(tmp_path, TWO_HUNDRED)
    assert run(capsys, db, "merchant", "rules", "m2", path) == (
        0, "rules of m2 set (version e64a067ab893); the tills take them at their next sync. Changes:\n"
           "  points_per_yuan (points worth ¥1): 100 → 200\n", "warning: 200 points pay ¥1.00 at m2's tills, but settlement between merchants will pay "
                                "1 fen a point (¥2.00 for 200 points): m2 was added with --fen-per-point 1\n")
    assert _stored(db, "m2")["points_per_yuan"] == 200
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert run(capsys, db, "merchant", "rules", "m2", path) == (
        0, "已设置商户 m2 的规则（版本 e64a067ab893）：无改动\n", "警告：在 m2 的终端上 200 积分抵 ￥1.00，但商户间结算将按每积分 1 分计"
                                    "（200 积分计 ￥2.00）：添加 m2 时 --fen-per-point 为 1\n")
    monkeypatch.delenv("LANG")
    status, out, err = run(capsys, db, "--json", "merchant", "rules", "m2", path)
    said = json.loads(out)
    assert (status, err, said["warning"], said["points_per_yuan"], said["fen_per_point"]) == (0, "", "point_value", 200, 1)
    assert said["message"].startswith("warning: 200 points pay ¥1.00")


def test_a_point_worth_what_settlement_pays_is_set_quietly(
        db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, db, "merchant", "rules", "m2", _file(tmp_path, "points_per_yuan = 100\n")) == (
        0, "rules of m2 set (version 260d37849286): no change\n", "")
    status, out, _ = run(capsys, db, "--json", "merchant", "rules", "m2", _file(tmp_path, "points_per_yuan = 100\n"))
    assert status == 0 and "warning" not in json.loads(out)


def test_an_empty_file_is_refused_and_the_rules_in_force_stay(
        db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, db, "merchant", "rules", "m1", _file(tmp_path, "signup_bonus = 800\n"))[0] == 0
    assert run(capsys, db, "merchant", "rules", "m1", _file(tmp_path, "# emptied by mistake\n")) == (
        2, "", "rules: rules.toml holds no setting: nothing was changed\n")
    assert _stored(db, "m1")["signup_bonus"] == 800


def test_a_file_leaving_out_settings_in_force_is_refused_unless_yes(
        db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    full = "signup_bonus = 800\n[categories]\ngeneral = 5000\nfresh = { rate_bp = 3000, label = \"生鲜\" }\n"
    assert run(capsys, db, "merchant", "rules", "m1", _file(tmp_path, full))[0] == 0
    promotion_only = '[[promotions]]\nname = "会员日"\nmultiplier = 200\ndays_of_month = [8]\n'
    path = _file(tmp_path, promotion_only)
    status, out, err = run(capsys, db, "merchant", "rules", "m1", path)
    assert (status, out) == (2, "") and err.startswith(
        f"{path} leaves out signup_bonus, categories, which the rules of m1 in force set otherwise: set without "
        "them, they go back to their defaults."), err
    assert (_stored(db, "m1")["signup_bonus"], _stored(db, "m1")["promotions"]) == (800, [])
    status, out, _ = run(capsys, db, "merchant", "rules", "m1", path, "--yes")
    assert status == 0 and out.splitlines()[1:] == [
        "  signup_bonus (signup bonus): 800 → 500",
        "  categories.digital added: 0.1 points per ¥1",
        "  categories.excluded added: 0 points per ¥1",
        "  categories.fresh removed: sales in it are refused",
        "  categories.vehicle added: 0.001 points per ¥1",
        "  promotion 会员日 ×2 (days 8 of the month) added"]
    assert _stored(db, "m1")["signup_bonus"] == 500
