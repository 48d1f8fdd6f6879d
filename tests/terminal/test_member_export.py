"""`jifen member export FILE.csv`: every member as a CSV file that Excel on Chinese Windows opens by double-click (UTF-8
with a BOM, phones kept as text), and that `jifen member import` takes back into another store: same phones, names
and balances. Owner only; never over an existing file; written whole or not at all; recorded in jifen.log."""

import csv
import io
import logging
import shutil
from pathlib import Path

import pytest

from tests.helpers.cli import Jifen
from tests.helpers.disks import fill, small_tmpfs

ZH = {"LANG": "zh_CN.UTF-8"}
HEADER = ["手机号", "姓名", "积分余额", "等级", "注册日期", "下次过期日期", "下次过期积分", "欠分"]
ZHANG, LI, WANG, ZHAO = "13800138000", "13900139000", "13700137000", "13600136000"


@pytest.fixture
def shop(jifen: Jifen) -> Jifen:
    """张三 with points earned, 李四 with the signup bonus only, 王五 owing 500 points (spent points a refund took
    back), and a member without a name whose name would be a formula in Excel had it one (赵六's is =1+2)."""
    jifen.member(ZHANG, "--name", "张三")
    jifen.ok("sale", "--member", ZHANG, "--line", "general:200", by="amy")  # earns 100
    jifen.member(LI, "--name", "李四")
    jifen.member(WANG, "--name", "王五")
    earning = jifen.ok("sale", "--member", WANG, "--line", "general:1000", by="amy")  # earns 500
    jifen.ok("sale", "--member", WANG, "--line", "general:10", "--redeem", "1000", by="amy")
    jifen.ok("refund", earning["sale_id"], by="max")  # takes back 500 already spent: debt
    jifen.member(ZHAO, "--name", "=1+2")
    assert jifen.balance(WANG) == -500
    return jifen


def _close_log() -> None:
    """The log file the command opened: closed, so it is read whole and its disk can be unmounted."""
    logger = logging.getLogger("jifen")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()


def _rows(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_the_members_are_written_for_excel_with_chinese_headers(shop: Jifen, tmp_path: Path) -> None:
    path = tmp_path / "会员.csv"
    run = shop("member", "export", str(path), by="boss", env=ZH)
    assert run.status == 0, str(run)
    assert run.out.strip() == (f"已导出 4 位会员到 {path}；1 位会员欠分：积分余额记为 0，欠分在“欠分”列（导入会员不会"
                               "带上欠分）。文件含会员的手机号和姓名：请妥善保管，用完后删除")
    assert b"\r\n" in path.read_bytes()  # Excel's line ends
    rows = _rows(path)
    assert rows[0] == HEADER
    assert sorted(rows[1:]) == sorted([
        ["138 0013 8000", "张三", "600", "普通会员", "2026-03-01", "2027-12-31", "600", ""],
        ["139 0013 9000", "李四", "500", "普通会员", "2026-03-01", "2027-12-31", "500", ""],
        ["137 0013 7000", "王五", "0", "普通会员", "2026-03-01", "", "", "500"],
        ["136 0013 6000", "\t=1+2", "500", "普通会员", "2026-03-01", "2027-12-31", "500", ""],
    ])


def test_json_says_how_many_and_where(shop: Jifen, tmp_path: Path) -> None:
    path = tmp_path / "members.csv"
    assert shop.ok("member", "export", str(path), by="boss") == {"exported": 4, "file": str(path), "in_debt": 1}
    run = shop("member", "export", str(tmp_path / "again.csv"), by="boss", env={"LANG": "en_US.UTF-8"})
    assert run.out.startswith(f"Exported 4 members to {tmp_path / 'again.csv'}; 1 member owing points"), str(run)


def test_an_export_is_imported_into_a_new_store_with_the_same_phones_names_and_balances(
        shop: Jifen, template_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "members.csv"
    shop.ok("member", "export", str(path), by="boss")
    other = Jifen(tmp_path / "other", monkeypatch, capsys)
    shutil.copytree(template_store, other.home)
    done = other.ok("member", "import", str(path), by="boss")
    assert (done["imported"], done["points"], done["points_column"]) == (4, 1600, "积分余额")
    for phone in (ZHANG, LI, ZHAO):
        was, now = shop.ok("member", "show", phone), other.ok("member", "show", phone)
        assert (now["name"], now["balance"]) == (was["name"], was["balance"])
    assert other.ok("member", "show", ZHAO)["name"] == "=1+2"
    moved = other.ok("member", "show", WANG)  # a debt does not move: the owner sees it in 欠分
    assert (moved["name"], moved["balance"], moved["debt"]) == ("王五", 0, False)


@pytest.mark.parametrize("who", ["amy", "max"])
def test_only_an_owner_exports(shop: Jifen, tmp_path: Path, who: str) -> None:
    path = tmp_path / "members.csv"
    run = shop("member", "export", str(path), by=who, env=ZH)
    assert (run.status, run.out) == (2, ""), str(run)
    assert run.err.strip() == f"{who} 不是店主：只有店主可以导出会员"
    assert list(tmp_path.iterdir()) == [shop.home]


def test_an_existing_file_is_never_written_over(shop: Jifen, tmp_path: Path) -> None:
    path = tmp_path / "members.csv"
    path.write_bytes(b"the accountant's own file")
    run = shop("member", "export", str(path), "--json", by="boss")
    assert (run.status, run.json) == (2, {"error": "already_exists",
                                          "message": f"{path} already exists: name a new file; nothing was written"})
    assert path.read_bytes() == b"the accountant's own file"


def test_a_missing_folder_or_a_folder_is_named(shop: Jifen, tmp_path: Path) -> None:
    run = shop("member", "export", str(tmp_path / "nope" / "members.csv"), by="boss", env=ZH)
    assert (run.status, run.err) == (2, f"文件夹 {tmp_path / 'nope'} 不存在；未写入任何内容\n"), str(run)
    run = shop("member", "export", str(tmp_path), by="boss")
    assert (run.status, run.err) == (2, f"{tmp_path} is a folder: name the file to write; nothing was written\n")
    assert list(tmp_path.iterdir()) == [shop.home]


def test_a_read_only_disk_is_refused_with_nothing_written(shop: Jifen, tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "usb", "1m", read_only=True) as usb:
        run = shop("member", "export", str(usb / "members.csv"), by="boss")
        assert (run.status, run.out, run.err) == (2, "", f"cannot write to {usb} (read-only): nothing was written\n")
        assert list(usb.iterdir()) == []


def test_a_full_disk_leaves_no_part_of_the_file(shop: Jifen, tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "usb", "1m") as usb:
        try:
            fill(usb)
            run = shop("member", "export", str(usb / "members.csv"), by="boss")
            assert (run.status, run.out, run.err) == (1, "", f"the disk holding {usb} is full (no space left): free "
                                                      "some space and try again; nothing was recorded\n")
            assert [path.name for path in usb.iterdir()] == ["filler"]
        finally:
            _close_log()


def test_the_export_is_recorded_in_the_log_without_phones_or_names(shop: Jifen, tmp_path: Path) -> None:
    path = tmp_path / "members.csv"
    shop.ok("member", "export", str(path), by="boss")
    _close_log()
    log = (shop.home / "jifen.log").read_text(encoding="utf-8")
    assert f"INFO jifen: member export by boss: 4 members written to {path}" in log
    assert not any(word in log for word in (ZHANG, "138 0013 8000", "张三", "王五"))
    assert shop.query("SELECT count(*) FROM journal WHERE kind LIKE '%export%'") == [(0,)]
