"""A config.toml or rules.toml saved by Windows Notepad: as UTF-8 it starts with a BOM, which is read as UTF-8; as
'ANSI' (GBK) it is refused in one line saying how to save it again; a mistake says where it is, in Chinese too."""

from pathlib import Path

from tests.helpers.cli import Jifen

BOM = b"\xef\xbb\xbf"
NOT_UTF8_ZH = "config.toml 不是 UTF-8 编码：请用记事本“另存为”，编码选 UTF-8"


def _printer_config(home: Path, paper: Path, encoding: str = "utf-8", bom: bytes = b"") -> None:
    text = f'[printer]\nurl = "file://{paper}"\nfooter = "谢谢惠顾"\n'
    (home / "config.toml").write_bytes(bom + text.encode(encoding))


def test_a_config_saved_by_notepad_with_a_bom_prints_and_backs_up(jifen: Jifen, tmp_path: Path) -> None:
    paper = tmp_path / "paper.bin"
    _printer_config(jifen.home, paper, bom=BOM)
    jifen.now = "2026-03-02T10:00:00+08:00"  # a new day: this sale makes the day's backup
    run = jifen("sale", "--line", "general:10", by="amy")
    assert (run.status, run.err) == (0, "")
    assert run.out.splitlines()[-1] == "Receipt T1-6 printed (job 1)"
    assert "谢谢惠顾".encode("gb18030") in paper.read_bytes()
    assert (jifen.home / "backups" / "jifen-2026-03-02.db").exists()
    assert jifen("printer", "status").status == 0


def test_a_config_in_gbk_is_refused_saying_how_to_save_it(jifen: Jifen, tmp_path: Path) -> None:
    _printer_config(jifen.home, tmp_path / "paper.bin", encoding="gbk")
    run = jifen("printer", "status", env={"LANG": "zh_CN.UTF-8"})
    assert (run.status, run.out, run.err) == (2, "", NOT_UTF8_ZH + "\n")
    run = jifen("printer", "status")
    assert (run.status, run.err) == (
        2, "config.toml is not UTF-8: in Notepad use “Save As” and choose the encoding UTF-8\n")


def test_a_mistake_in_config_says_where_in_chinese(jifen: Jifen) -> None:
    (jifen.home / "config.toml").write_text("[printer\nurl = ", encoding="utf-8")
    run = jifen("printer", "status", env={"LANG": "zh_CN.UTF-8"})
    assert (run.status, run.err) == (2, "config.toml 不是有效的 TOML（第 1 行第 9 列格式有误）\n")


def test_rules_saved_by_notepad_with_a_bom_are_adopted(jifen: Jifen) -> None:
    jifen.set_rule("signup_bonus = 300")
    jifen.rules_file.write_bytes(BOM + jifen.rules_file.read_bytes())
    assert jifen.ok("rules", "check")["ok"] is True
    assert jifen.ok("member", "add", "--phone", "13600136000", by="amy")["balance"] == 300


def test_rules_in_gbk_are_refused_saying_how_to_save_them(jifen: Jifen) -> None:
    jifen.rules_file.write_bytes(jifen.rules_file.read_text(encoding="utf-8").encode("gbk", "replace"))
    run = jifen("rules", "check", env={"LANG": "zh_CN.UTF-8"})
    assert (run.status, run.err) == (2, "规则文件：rules.toml：不是 UTF-8 编码：请用记事本“另存为”，编码选 UTF-8\n")
