"""`jifen member import FILE.csv`: a shop's members from its old loyalty system (Excel's CSV, GB18030 or UTF-8 with a
BOM), each registered without a signup bonus and given their points, expiring by the rules as of the import day. The
whole file is checked first: any problem refuses it all, by line, and nothing is stored."""

import time
from pathlib import Path

import pytest

from tests.helpers.cli import Jifen

ZH = {"LANG": "zh_CN.UTF-8"}
ROWS = "手机号,姓名,积分\n13800138000,张三,1200\n139-0013-9000,李四,\n13700137000,,35\n"


def _csv(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "members.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _lots(jifen: Jifen, phone: str) -> list[tuple[int, str]]:
    return [(lot["points"], lot["expires_on"]) for lot in jifen.ok("member", "show", phone)["lots"]]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig"])
def test_an_excel_file_with_chinese_headers_is_imported_without_a_signup_bonus(
        jifen: Jifen, tmp_path: Path, encoding: str) -> None:
    path = _csv(tmp_path, ROWS.replace("\n", "\r\n"), encoding)
    run = jifen("member", "import", str(path), by="boss", env=ZH)
    assert run.status == 0, str(run)
    assert run.out.strip() == "已导入 3 位会员，共 1,235 积分（取自“积分”列），于 2027-12-31 过期；姓名取自“姓名”列；不送注册积分"
    assert jifen.ok("member", "show", "13800138000")["name"] == "张三"
    assert _lots(jifen, "13800138000") == [(1200, "2027-12-31")]
    assert jifen.balance("13900139000") == 0 and _lots(jifen, "13900139000") == []
    shown = jifen.ok("member", "show", "13700137000")
    assert (shown["name"], shown["balance"]) == (None, 35)
    assert jifen.journal_payloads("bonus") == []
    assert [(p["points"], p["reason"], p["expires_on"]) for p in jifen.journal_payloads("adjust")] == [
        (1200, "导入 imported", "2027-12-31"), (35, "导入 imported", "2027-12-31")]
    assert len(jifen.journal_payloads("member_add")) == 3
    assert jifen.entries() == 5 + 5  # the store's own (init, staff); three members, two balances


def test_english_headers_in_any_order_and_no_points_column(jifen: Jifen, tmp_path: Path) -> None:
    path = _csv(tmp_path, "Name,Phone\nAnn,13800138000\n")
    assert jifen.ok("member", "import", str(path), by="boss") == {
        "imported": 1, "would_import": 0, "points": 0, "dry_run": False, "expires_on": None,
        "points_column": None, "not_points": [], "name_column": "Name", "sync_first": False}
    assert jifen.ok("member", "show", "13800138000")["name"] == "Ann"
    assert jifen.balance("13800138000") == 0


def test_a_dry_run_says_what_would_be_imported_and_writes_nothing(jifen: Jifen, tmp_path: Path) -> None:
    path = _csv(tmp_path, ROWS, "gb18030")
    before = jifen.dump()
    run = jifen("member", "import", str(path), "--dry-run", by="boss", env=ZH)
    assert run.status == 0, str(run)
    assert run.out.strip() == "试运行，未写入：将导入 3 位会员，共 1,235 积分（取自“积分”列），于 2027-12-31 过期；姓名取自“姓名”列"
    assert jifen.ok("member", "import", str(path), "--dry-run", by="boss")["would_import"] == 3
    assert jifen.dump() == before


@pytest.mark.parametrize(("line", "words"), [
    ("12345,王五,10", "'12345' is not a mobile number (11 digits, starting with 13 to 19)"),
    ("13600136000,王五,-5", "points '-5' are not a whole number of 0 or more"),
    ("13600136000,王五,12.5", "points '12.5' are not a whole number of 0 or more"),
    ("13600136000,王五,abc", "points 'abc' are not a whole number of 0 or more"),
    ("13600136000,王五,99999999", "points 99,999,999 are more than a member can hold (1,000,000)"),
    ("138 0013 8000,王五,10", "phone 138****8000 is also on line 2"),
    ("13500135000,王五,10", "135****5000 is already a member here"),
    (",王五,10", "no phone"),
    ("13600136000,王五,1,280", "4 cells, the header has 3: a number written 1,280 splits in two: put it in quotes or "
                              "remove the thousands separator"),
    ("1.38001E+10,王五,10", "phone '1.38001E+10': Excel turned the phone into a number and lost its digits: format "
                            "the phone column as Text (文本) in Excel and export again"),
])
def test_a_file_with_a_problem_is_refused_whole_by_its_line(jifen: Jifen, tmp_path: Path, line: str,
                                                               words: str) -> None:
    jifen.member("13500135000")
    path = _csv(tmp_path, f"手机号,姓名,积分\n13800138000,张三,1200\n{line}\n", "gb18030")
    held, before = path.read_bytes(), jifen.dump()
    run = jifen("member", "import", str(path), "--json", by="boss")
    assert run.status == 2, str(run)
    assert run.json == {"error": "bad_input",
                        "message": f"nothing was imported: 1 problem in the file: line 3: {words}"}
    assert jifen.dump() == before
    assert path.read_bytes() == held


def test_many_problems_are_listed_ten_then_counted(jifen: Jifen, tmp_path: Path) -> None:
    rows = "".join(f"1{i:02d},x,1\n" for i in range(25))
    path = _csv(tmp_path, "手机号,姓名,积分\n" + rows + "13800138000,张三,5\n", "gb18030")
    before = jifen.dump()
    run = jifen("member", "import", str(path), by="boss", env=ZH)
    assert run.status == 2, str(run)
    assert "未导入任何会员：文件中有 25 处问题：第 2 行：“100”不是有效手机号" in run.err
    assert "第 11 行：" in run.err and "第 12 行：" not in run.err and run.err.strip().endswith("另有 15 处")
    assert jifen.dump() == before
    assert jifen.refused("member", "show", "13800138000") == "not_found"


@pytest.mark.parametrize(("content", "words"), [
    ("姓名,积分\n张三,5\n".encode(), "no phone column"),
    ("手机号,姓名\n".encode("gb18030"), "the file holds no members"),
    (b"", "the file is empty"),
    ("手机号\n13800138000\n".encode("utf-16"), "the file is UTF-16"),
    (b"\xff\xff\xff", "neither UTF-8 nor GB18030"),
])
def test_a_file_that_is_no_member_list_is_refused(jifen: Jifen, tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "members.csv"
    path.write_bytes(content)
    before = jifen.dump()
    run = jifen("member", "import", str(path), "--json", by="boss")
    assert run.status == 2 and words in run.json["message"], str(run)
    assert jifen.dump() == before


@pytest.mark.parametrize("who", ["amy", "max"])
def test_only_an_owner_imports(jifen: Jifen, tmp_path: Path, who: str) -> None:
    path = _csv(tmp_path, ROWS)
    before = jifen.dump()
    run = jifen("member", "import", str(path), by=who, env=ZH)
    assert run.status == 2 and f"{who} 不是店主：只有店主可以导入会员" in run.err, str(run)
    assert jifen.dump() == before


def test_a_missing_file_or_a_folder_is_named(jifen: Jifen, tmp_path: Path) -> None:
    run = jifen("member", "import", str(tmp_path / "nope.csv"), by="boss", env=ZH)
    assert run.status == 2 and f"找不到文件 {tmp_path / 'nope.csv'}" in run.err, str(run)
    run = jifen("member", "import", str(tmp_path), by="boss", env=ZH)
    assert run.status == 2 and f"{tmp_path} 是文件夹，不是 CSV 文件" in run.err, str(run)


def test_five_thousand_members_import_in_seconds(jifen: Jifen, tmp_path: Path) -> None:
    rows = "".join(f"1370000{i:04d},会员{i},{i % 997}\n" for i in range(5000))
    path = _csv(tmp_path, "手机号,姓名,积分\n" + rows, "gb18030")
    started = time.monotonic()
    done = jifen.ok("member", "import", str(path), by="boss")
    took = time.monotonic() - started
    assert (done["imported"], done["points"]) == (5000, sum(i % 997 for i in range(5000)))
    assert took < 30, f"5,000 members took {took:.1f} s"
    assert jifen.balance("13700004999") == 4999 % 997
    assert jifen.entries() == 5 + 5000 + sum(1 for i in range(5000) if i % 997)


@pytest.mark.parametrize(("header", "column"), [
    ("可用积分", "可用积分"), ("会员积分", "会员积分"), ("当前积分", "当前积分"), ("剩余积分", "剩余积分"),
    ("积分余额", "积分余额"), ("Points Balance", "Points Balance"), ("Balance", "Balance"), ("points", "points"),
])
def test_a_balance_column_by_any_common_header_is_imported_and_named(jifen: Jifen, tmp_path: Path, header: str,
                                                                      column: str) -> None:
    path = _csv(tmp_path, f"手机号,姓名,{header}\n13800138000,张三,1200\n", "gb18030")
    run = jifen("member", "import", str(path), "--dry-run", by="boss", env=ZH)
    assert run.out.strip() == f"试运行，未写入：将导入 1 位会员，共 1,200 积分（取自“{column}”列），于 2027-12-31 过期；姓名取自“姓名”列"
    run = jifen("member", "import", str(path), by="boss")
    assert run.status == 0 and f"Imported 1 member with 1,200 points (from the column {column})" in run.out, str(run)
    assert jifen.balance("13800138000") == 1200


@pytest.mark.parametrize(("header", "row", "en", "zh"), [
    ("积分,积分余额", "50,1200", "(from the column 积分余额; not 积分)", "（取自“积分余额”列；未用 积分）"),
    ("积分余额,累计积分", "1200,9000", "(from the column 积分余额; not 累计积分)", "（取自“积分余额”列；未用 累计积分）"),
    ("总积分,积分", "9000,1200", "(from the column 积分; not 总积分)", "（取自“积分”列；未用 总积分）"),
])
def test_the_balance_is_taken_before_plain_points_and_never_a_lifetime_total(
        jifen: Jifen, tmp_path: Path, header: str, row: str, en: str, zh: str) -> None:
    path = _csv(tmp_path, f"手机号,{header}\n13800138000,{row}\n", "gb18030")
    run = jifen("member", "import", str(path), "--dry-run", by="boss", env=ZH)
    assert run.status == 0 and zh in run.out, str(run)
    assert jifen.ok("member", "import", str(path), "--dry-run", by="boss")["points_column"] in en
    run = jifen("member", "import", str(path), by="boss")
    assert run.status == 0 and f"Imported 1 member with 1,200 points {en}" in run.out, str(run)
    assert jifen.balance("13800138000") == 1200


@pytest.mark.parametrize(("header", "en", "zh"), [
    ("累计积分", "no points balance column: 累计积分 (a lifetime total or points used, not a balance)",
     "没有积分余额列：累计积分（累计或已用积分，不是积分余额）"),
    ("积分余额,可用积分", "cannot tell which column holds the points balance: 积分余额、可用积分",
     "无法确定哪一列是积分余额：积分余额、可用积分"),
    ("积分,points", "cannot tell which column holds the points balance: 积分、points",
     "无法确定哪一列是积分余额：积分、points"),
    ("积分,积分等级", "cannot tell which column holds the points balance: 积分、积分等级",
     "无法确定哪一列是积分余额：积分、积分等级"),
])
def test_points_columns_that_cannot_be_told_apart_refuse_the_file_naming_them(
        jifen: Jifen, tmp_path: Path, header: str, en: str, zh: str) -> None:
    cells = ",".join("5" for _ in header.split(","))
    path = _csv(tmp_path, f"手机号,姓名,{header}\n13800138000,张三,{cells}\n", "gb18030")
    before = jifen.dump()
    run = jifen("member", "import", str(path), "--dry-run", "--json", by="boss")
    assert run.status == 2 and run.json["error"] == "bad_input" and en in run.json["message"], str(run)
    run = jifen("member", "import", str(path), by="boss", env=ZH)
    assert run.status == 2 and zh in run.err, str(run)
    assert jifen.dump() == before


def test_a_file_without_a_points_column_says_so(jifen: Jifen, tmp_path: Path) -> None:
    path = _csv(tmp_path, "手机号,姓名,余额\n13800138000,张三,88\n", "gb18030")  # 余额 alone: stored money
    run = jifen("member", "import", str(path), by="boss", env=ZH)
    assert run.out.strip() == "已导入 1 位会员，共 0 积分（没有积分列）；姓名取自“姓名”列；不送注册积分", str(run)


def test_the_problems_of_a_line_are_said_in_chinese(jifen: Jifen, tmp_path: Path) -> None:
    path = _csv(tmp_path, "手机号,姓名,积分\n13800138000,张三,1,280\n1.38001E+10,李四,5\n", "gb18030")
    run = jifen("member", "import", str(path), by="boss", env=ZH)
    assert run.status == 2, str(run)
    assert ("第 2 行：本行有 4 格，而标题行只有 3 格：写成 1,280 的数字会被逗号拆开：请给它加引号或去掉千位分隔符"
            in run.err), run.err
    assert "第 3 行：手机号“1.38001E+10”被 Excel 当成数字，丢失了位数：请在 Excel 中将手机号列的格式设为“文本”后重新导出" in run.err


def test_a_quoted_grouped_number_and_trailing_empty_cells_are_fine(jifen: Jifen, tmp_path: Path) -> None:
    path = _csv(tmp_path, '手机号,姓名,积分\n13800138000,张三,"1,280"\n13900139000,李四,5,,\n13700137000\n',
                "gb18030")
    assert jifen.ok("member", "import", str(path), by="boss")["points"] == 1285
    assert (jifen.balance("13800138000"), jifen.balance("13900139000"), jifen.balance("13700137000")) == (1280, 5, 0)
