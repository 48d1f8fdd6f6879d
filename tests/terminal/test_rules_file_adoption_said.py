"""A stand-alone till adopting an edited rules.toml says so, naming the version and each setting it changes (an
owner sees a doubled earn rate before a member does); an emptied rules.toml is refused as a bad file is."""

from tests.helpers.cli import Jifen


def _categories_general(jifen: Jifen, rate: str) -> None:
    text = jifen.rules_file.read_text(encoding="utf-8")
    jifen.rules_file.write_text(text.replace("general = 5000", f"general = {rate}"), encoding="utf-8")


def test_an_edited_rules_file_adopted_names_its_version_and_each_change(jifen: Jifen) -> None:
    _categories_general(jifen, "10000")
    jifen.set_rule("signup_bonus = 800")
    run = jifen("rules", "show", "--json")
    version = run.json["version"]
    assert run.status == 0
    assert f"its rules (version {version}) are now in force" in run.err
    assert "categories.general: 0.5 points per ¥1 → 1 point per ¥1" in run.err
    assert "signup_bonus (signup bonus): 500 → 800" in run.err
    assert jifen("rules", "show").err == ""  # said once, when adopted


def test_the_adoption_is_said_in_chinese(jifen: Jifen) -> None:
    _categories_general(jifen, "10000")
    run = jifen("rules", "show", env={"LANG": "zh_CN.UTF-8"})
    assert "已修改：其规则（版本" in run.err
    assert "categories.general：每 ￥1 0.5 积分 → 每 ￥1 1 积分" in run.err


def test_an_emptied_rules_file_is_refused_and_the_rules_in_force_stay(jifen: Jifen) -> None:
    before = jifen.ok("rules", "show")
    jifen.rules_file.write_text("# nothing left\n", encoding="utf-8")
    run = jifen("rules", "show", "--json")
    assert run.json == before
    assert "rules.toml holds no setting: nothing was changed" in run.err
    assert f"the rules in force (version {before['version']}) stay in force" in run.err
    assert jifen.ok("member", "add", "--phone", "13600136000", by="amy")["balance"] == 500
