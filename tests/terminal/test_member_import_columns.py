"""`jifen member import`: a number split by an unquoted thousands comma is refused even when the row is no wider than
the header (its half under a header cell left empty, or three digits as the name right after the points), and the name column is found under
the headers old systems give it, the output naming it or saying plainly that there is none."""

from pathlib import Path

import pytest

from tests.helpers.cli import Jifen

ZH = {"LANG": "zh_CN.UTF-8"}
SPLIT = "请把数字列设为不带千位分隔符再导出"


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "members.csv"
    path.write_bytes(text.encode("gb18030"))
    return path


@pytest.mark.parametrize(("text", "zh", "en"), [
    ("手机号,姓名,积分,,\r\n13600136023,王小明,2,500,\r\n", f"第 2 行：第 4 列有内容但没有列名——数字里的逗号？{SPLIT}",
     "line 2: column 4 holds something but has no header: a comma in a number? Export the number columns without "
     "thousands separators"),
    ("手机号,积分余额,姓名\r\n13600136021,1,280\r\n",
     f"第 2 行：姓名“280”是积分后面的三位数字——数字里的逗号（1,280）？{SPLIT}",
     "line 2: name '280' is three digits after the points: a comma in a number (1,280)? Export the number columns "
     "without thousands separators"),
])
def test_a_number_split_by_its_comma_within_the_header_width_is_refused_by_line(
        jifen: Jifen, tmp_path: Path, text: str, zh: str, en: str) -> None:
    path = _csv(tmp_path, text)
    before = jifen.dump()
    for dry in ((), ("--dry-run",)):
        run = jifen("member", "import", str(path), *dry, by="boss", env=ZH)
        assert (run.status, run.out) == (2, ""), str(run)
        assert run.err.strip() == f"未导入任何会员：文件中有 1 处问题：{zh}", str(run)
    run = jifen("member", "import", str(path), "--json", by="boss")
    assert run.json == {"error": "bad_input", "message": f"nothing was imported: 1 problem in the file: {en}"}
    assert jifen.dump() == before


def test_a_name_of_digits_that_no_comma_split_is_imported_as_it_is(jifen: Jifen, tmp_path: Path) -> None:
    # what `member export` writes of a member named 8888, and an old system's phone kept as the name
    path = _csv(tmp_path, "手机号,姓名,积分余额\r\n13600136023,8888,20\r\n13600136024,13600136024,30\r\n"
                          "13600136025,280,40\r\n")
    assert jifen.ok("member", "import", str(path), by="boss")["imported"] == 3
    assert [jifen.ok("member", "show", phone)["name"] for phone in ("13600136023", "13600136024", "13600136025")] == \
        ["8888", "13600136024", "280"]


def test_an_empty_header_cell_with_empty_cells_under_it_is_fine(jifen: Jifen, tmp_path: Path) -> None:
    path = _csv(tmp_path, "手机号,,姓名,积分,\r\n13600136023,,王小明,2500,\r\n")
    assert jifen.ok("member", "import", str(path), by="boss")["points"] == 2500
    shown = jifen.ok("member", "show", "13600136023")
    assert (shown["name"], shown["balance"]) == ("王小明", 2500)


@pytest.mark.parametrize("header", ["会员名称", "客户姓名", "会员名", "客户名称", "会员姓名", "昵称", "Member Name",
                                    "Customer Name", "姓名/昵称", "名字"])
def test_the_name_column_under_a_common_header_is_imported_and_named(jifen: Jifen, tmp_path: Path,
                                                                     header: str) -> None:
    path = _csv(tmp_path, f"手机号,{header},积分\r\n13600136023,王小明,20\r\n")
    run = jifen("member", "import", str(path), "--dry-run", by="boss", env=ZH)
    assert run.out.strip() == ("试运行，未写入：将导入 1 位会员，共 20 积分（取自“积分”列），于 2027-12-31 过期；"
                               f"姓名取自“{header}”列"), str(run)
    assert jifen.ok("member", "import", str(path), "--dry-run", by="boss")["name_column"] == header
    run = jifen("member", "import", str(path), by="boss")
    assert run.out.strip() == ("Imported 1 member with 20 points (from the column 积分), expiring 2027-12-31; names from "
                               f"the column {header}; no signup bonus"), str(run)
    assert jifen.ok("member", "show", "13600136023")["name"] == "王小明"


def test_the_name_is_taken_before_the_nickname(jifen: Jifen, tmp_path: Path) -> None:
    path = _csv(tmp_path, "手机号,昵称,姓名\r\n13600136023,小明,王小明\r\n")
    assert jifen.ok("member", "import", str(path), by="boss")["name_column"] == "姓名"
    assert jifen.ok("member", "show", "13600136023")["name"] == "王小明"


def test_a_file_without_a_name_column_says_its_members_come_without_names(jifen: Jifen, tmp_path: Path) -> None:
    path = _csv(tmp_path, "手机号,联系人,积分\r\n13600136023,王小明,20\r\n")
    run = jifen("member", "import", str(path), "--dry-run", by="boss", env=ZH)
    assert run.out.strip() == ("试运行，未写入：将导入 1 位会员，共 20 积分（取自“积分”列），于 2027-12-31 过期；"
                               "没有找到姓名列（姓名或 name）：会员导入后没有姓名"), str(run)
    done = jifen.ok("member", "import", str(path), by="boss")
    assert (done["imported"], done["name_column"]) == (1, None)
    run = jifen("member", "import", str(_csv(tmp_path, "手机号\r\n13600136024\r\n")), by="boss")
    assert run.out.strip() == ("Imported 1 member with 0 points (no points column); no name column found (姓名 or name): "
                               "the members are imported without names; no signup bonus"), str(run)
    assert jifen.ok("member", "show", "13600136023")["name"] is None
