"""Printer addresses, profiles and the [printer] table of config.toml: what is accepted, and a clear
refusal naming the problem for anything else."""

from pathlib import Path

import pytest

from printing.printer_url import parse_printer_url
from printing.profiles import find_profile
from printing.settings import PrinterSettings, load_printer_settings
from terminal.errors import Refused


@pytest.mark.parametrize(("url", "scheme", "target", "extra"), [
    ("tcp://192.168.1.50:9100", "tcp", "192.168.1.50", {"port": 9100}),
    ("tcp://printer.local", "tcp", "printer.local", {"port": 9100}),
    ("tcp://[fe80::1]:9101", "tcp", "fe80::1", {"port": 9101}),
    ("usb://0416:5011", "usb", "0416:5011", {"vendor": 0x0416, "product": 0x5011}),
    ("usb://0x04b8:0x0e15?out_ep=0x03", "usb", "0x04b8:0x0e15", {"vendor": 0x04B8, "options": {"out_ep": "0x03"}}),
    ("serial:///dev/ttyUSB0?baud=19200", "serial", "/dev/ttyUSB0", {"baud": 19200}),
    ("serial://COM3", "serial", "COM3", {"baud": 9600}),
    ("win32://POS-58 Printer", "win32", "POS-58 Printer", {}),
    ("win32://POS-58%20Printer", "win32", "POS-58 Printer", {}),
    ("cups://receipts", "cups", "receipts", {}),
    ("file:///tmp/receipts.bin", "file", "/tmp/receipts.bin", {}),
    ("file:///C:/jifen/receipts.bin", "file", "C:/jifen/receipts.bin", {}),
])
def test_printer_addresses(url: str, scheme: str, target: str, extra: dict[str, object]) -> None:
    parsed = parse_printer_url(url)
    assert (parsed.scheme, parsed.target) == (scheme, target)
    for key, value in extra.items():
        assert getattr(parsed, key) == value
    assert str(parsed) == url


@pytest.mark.parametrize("url", ["", "192.168.1.50", "http://printer", "tcp://", "tcp://host:99999", "usb://0416",
                                 "usb://xyz:5011", "usb://0416:5011?speed=9", "serial://", "serial:///dev/ttyS0?baud=7",
                                 "win32://", "cups://", "file://relative/x.bin", "file://host/x.bin"])
def test_bad_printer_addresses_are_refused_with_the_forms_that_work(url: str) -> None:
    with pytest.raises(Refused) as refused:
        parse_printer_url(url)
    assert refused.value.code == "bad_printer"
    assert "tcp://HOST:9100" in refused.value.en and "file:///PATH" in refused.value.zh


def test_profiles() -> None:
    small, large = find_profile("58mm"), find_profile("80")
    assert (small.columns, small.dots, small.cut, small.native_qr) == (32, 384, None, True)
    assert (large.columns, large.dots, large.cut, large.native_qr) == (48, 576, "partial", True)
    epson = find_profile("tm-t20ii")
    assert (epson.name, epson.columns, epson.dots, epson.native_qr, epson.cut) == ("TM-T20II", 48, 576, True, "partial")
    zjiang = find_profile("POS-5890")
    assert (zjiang.columns, zjiang.dots, zjiang.native_qr, zjiang.cut) == (32, 384, False, None)


@pytest.mark.parametrize(("name", "fragment"), [("XP-9999", "unknown printer profile"), ("default", "unknown"),
                                                ("OCD-300", "not a receipt printer")])
def test_unknown_or_unsuitable_profiles(name: str, fragment: str) -> None:
    with pytest.raises(Refused) as refused:
        find_profile(name)
    assert refused.value.code == "bad_printer" and fragment in refused.value.en


def test_no_config_file_means_the_defaults(tmp_path: Path) -> None:
    assert load_printer_settings(tmp_path / "config.toml") == PrinterSettings()


def test_the_printer_table(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[backup]\nkeep = 3\n[printer]\nurl = "tcp://10.0.0.9"\nprofile = "58mm"\nchinese = "always"\n'
                      'charset = "gb18030"\nlanguage = "en"\ndrawer = true\nfooter = "多谢"\nconfirm = false\n'
                      'answer_timeout_ms = 500\n', encoding="utf-8")
    settings = load_printer_settings(config)
    assert settings == PrinterSettings(url="tcp://10.0.0.9", profile="58mm", chinese="always", charset="gb18030",
                                       language="en", drawer=True, footer="多谢", confirm=False, answer_timeout_ms=500)
    assert PrinterSettings(chinese="none").effective_charset == "ascii"


@pytest.mark.parametrize(("table", "named"), [
    ('chinese = "maybe"', "printer.chinese"), ('charset = "big5"', "printer.charset"), ("drawer = 1", "printer.drawer"),
    ('language = "fr"', "printer.language"), ("answer_timeout_ms = 0", "printer.answer_timeout_ms"),
    ("url = 9100", "printer.url"), ('cutter = "yes"', '[printer] has no setting "cutter"'),
])
def test_a_bad_setting_is_named(tmp_path: Path, table: str, named: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f"[printer]\n{table}\n", encoding="utf-8")
    with pytest.raises(Refused) as refused:
        load_printer_settings(config)
    assert refused.value.code == "bad_printer" and named in refused.value.en


def test_a_broken_config_file(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[printer\n", encoding="utf-8")
    with pytest.raises(Refused) as refused:
        load_printer_settings(config)
    assert refused.value.code == "bad_printer" and "config.toml" in refused.value.en
