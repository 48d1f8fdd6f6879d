"""`jifen --selftest` as the installers run it: a process of its own, offscreen, one line per step,
exit status 0 only when the whole checkout worked; a broken setup exits 1 with a line saying why."""

import os
import subprocess
import sys
from pathlib import Path

JIFEN = Path(sys.executable).with_name("jifen")
STEPS = ("store", "app", "login", "camera scan", "earn", "redeem", "sale", "print", "scanner", "refund", "Z report")


def selftest(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(JIFEN), "--selftest"], check=False, capture_output=True, text=True, encoding="utf-8",
                          env=os.environ | env, timeout=300)


def test_the_selftest_drives_a_whole_checkout_and_exits_0(tmp_path: Path) -> None:
    done = selftest({"JIFEN_SELFTEST_DIR": str(tmp_path / "work")})
    lines = done.stdout.splitlines()
    assert done.returncode == 0, done.stdout + done.stderr
    assert [line.split(":")[0] for line in lines[:-1]] == [f"✓ {step}" for step in STEPS]
    assert lines[-1].startswith("Self-test passed")
    assert "Traceback" not in done.stderr
    receipts = (tmp_path / "work" / "receipts" / "receipts.bin").read_bytes()
    assert b"T1-11" in receipts and b"Z1" in receipts  # the sale after the login's shift_open entry


def test_an_unwritable_printer_folder_fails_the_print_step_with_one_clear_line(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "receipts").write_text("a file where the receipts folder should be", encoding="utf-8")
    done = selftest({"JIFEN_SELFTEST_DIR": str(work)})
    assert done.returncode == 1
    failed = [line for line in done.stdout.splitlines() if line.startswith("✗")]
    assert len(failed) == 1 and failed[0].startswith("✗ print: ")
    assert "the receipt did not print" in failed[0] and "Not a directory" in failed[0]
    assert done.stdout.splitlines()[-1] == f"Self-test FAILED: details are in {work / 'selftest.log'}"
    assert "Traceback" not in done.stdout + done.stderr


def test_the_lines_are_in_chinese_where_the_locale_is(tmp_path: Path) -> None:
    done = selftest({"JIFEN_SELFTEST_DIR": str(tmp_path / "work"), "LANG": "zh_CN.UTF-8"})
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("✓ 门店: ")
    assert "自检通过" in lines[-1]
    # the app's own words: 店长 (not 主管), 销售单 (not 交易), 退款 (not 退货)
    refund = next(line for line in lines if line.startswith("✓ 退款: "))
    assert "销售单 T1-11 的退款" in refund and "经店长 max 输入密码授权" in refund
    assert not any(word in done.stdout for word in ("主管", "交易", "退货"))
