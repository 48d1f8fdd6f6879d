"""A big `jifen member import` (more than 20,000 members) says first how many and about how long, and that no sale
can be rung up meanwhile (one transaction): on stderr, so that stdout keeps its one line of JSON."""

from pathlib import Path

from tests.helpers.cli import Jifen

ZH = {"LANG": "zh_CN.UTF-8"}


def test_a_big_import_says_first_that_the_till_cannot_sell_until_it_ends(jifen: Jifen, tmp_path: Path) -> None:
    path = tmp_path / "members.csv"
    path.write_bytes(("手机号,姓名,积分\n" + "".join(f"137000{i:05d},会员{i},{i % 7}\n" for i in range(20001)))
                     .encode("gb18030"))
    before = jifen.dump()
    run = jifen("member", "import", str(path), "--dry-run", by="boss", env=ZH)
    assert run.status == 0 and run.err == "", str(run)
    assert jifen.dump() == before
    run = jifen("member", "import", str(path), "--json", by="boss", env=ZH)
    assert run.status == 0, str(run)
    assert run.err.strip() == "正在导入 20,001 位会员，约需 4 秒；导入期间不能收银"
    assert (run.json["imported"], run.json["points"]) == (20001, sum(i % 7 for i in range(20001)))
    assert jifen.balance("13700020000") == 20000 % 7
    assert [(lot["points"], lot["expires_on"]) for lot in jifen.ok("member", "show", "13700000006")["lots"]] == [
        (6, "2027-12-31")]


def test_an_import_of_20000_members_says_nothing_first(jifen: Jifen, tmp_path: Path) -> None:
    path = tmp_path / "members.csv"
    path.write_bytes(("手机号\n" + "".join(f"137000{i:05d}\n" for i in range(20000))).encode("gb18030"))
    run = jifen("member", "import", str(path), by="boss")
    assert (run.status, run.err) == (0, ""), str(run)
