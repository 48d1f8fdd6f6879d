"""Printer addresses as a shop types them on a Windows counter PC: usb:// (which cannot work there), serial:///COM3
(the documented serial:///dev/ttyUSB0 form), win32://pos-58 for the printer "POS-58". Each is either taken as meant
or refused as a wrong setting that says what to write, never "not reachable" for the cashier to check cables over.

The Windows side runs here on Linux for real: the platform is the parser's parameter (and, for the command line,
printing.printer_url.THIS_COMPUTER); the Windows printer list is the pure function's argument."""

from collections.abc import Iterator

import pytest
import usb.backend.libusb0  # type: ignore[import-untyped]
import usb.backend.libusb1  # type: ignore[import-untyped]
import usb.backend.openusb  # type: ignore[import-untyped]

import printing.printer_url
from printing.connections import connection_for
from printing.printer_url import parse_printer_url
from printing.problems import PrintProblem
from printing.windows_printers import installed_printer_named
from terminal import lang
from terminal.errors import Refused
from tests.helpers.cli import Jifen

CHINESE = {"LANG": "zh_CN.UTF-8"}
NO_LIBUSB = not any(backend.get_backend() for backend in (usb.backend.libusb1, usb.backend.libusb0, usb.backend.openusb))
needs_no_libusb = pytest.mark.skipif(not NO_LIBUSB, reason="this computer has libusb: pyusb finds a backend")


@pytest.fixture
def in_chinese() -> Iterator[None]:
    lang.use("zh")
    yield
    lang.use(None)


@pytest.fixture
def sale_id(cli: Jifen) -> str:
    return str(cli.ok("sale", "--line", "general:10", by="amy")["sale_id"])


@pytest.mark.parametrize("url", ["usb://0416:5011", "USB://0416:5011?out_ep=0x03", "usb://0416"])
def test_usb_on_windows_is_a_wrong_setting_that_says_to_use_win32(url: str) -> None:
    with pytest.raises(Refused) as refused:
        parse_printer_url(url, platform="win32")
    assert refused.value.code == "bad_printer"
    assert refused.value.en == (f"'{url}': on Windows a USB printer prints through its Windows driver: use "
                                "win32://PRINTER NAME (the name in Devices and Printers)")
    assert refused.value.zh == (f"“{url}”：在 Windows 上 USB 打印机要通过它的 Windows 驱动打印：请用 win32://打印机名称"
                                "（“设备和打印机”中的名称）")


@pytest.mark.parametrize("platform", ["linux", "darwin"])
def test_usb_elsewhere_is_still_a_printer_address(platform: str) -> None:
    parsed = parse_printer_url("usb://0416:5011", platform=platform)
    assert (parsed.scheme, parsed.vendor, parsed.product) == ("usb", 0x0416, 0x5011)


@pytest.mark.parametrize(("url", "device", "baud"), [
    ("serial:///COM3", "COM3", 9600),
    ("serial:///com12?baud=19200", "COM12", 19200),
    ("serial://COM3", "COM3", 9600),
    ("serial:///dev/ttyUSB0", "/dev/ttyUSB0", 9600),
    ("serial:///COMPORT", "/COMPORT", 9600),
])
def test_a_com_port_written_with_three_slashes_is_the_com_port(url: str, device: str, baud: int) -> None:
    parsed = parse_printer_url(url)
    assert (parsed.scheme, parsed.target, parsed.baud) == ("serial", device, baud)


INSTALLED = ["Microsoft Print to PDF", "POS-58", "Fax", "OneNote (Desktop)"]


@pytest.mark.parametrize(("name", "chosen"), [("POS-58", "POS-58"), ("pos-58", "POS-58"), ("  Pos-58 ", "POS-58"),
                                              ("fax", "Fax"), ("onenote (desktop)", "OneNote (Desktop)")])
def test_a_windows_printer_is_found_whatever_the_case_of_its_name(name: str, chosen: str) -> None:
    assert installed_printer_named(name, INSTALLED) == chosen


def test_the_exact_name_wins_over_another_spelt_in_other_case() -> None:
    assert installed_printer_named("pos-58", ["POS-58", "pos-58"]) == "pos-58"


def test_a_windows_printer_not_installed_is_a_wrong_setting_naming_those_that_are() -> None:
    with pytest.raises(PrintProblem) as problem:
        installed_printer_named("POS-80", INSTALLED)
    assert problem.value.code == "bad_printer"
    assert problem.value.detail == ("no printer named 'POS-80' on this computer; its printers are "
                                    "'Microsoft Print to PDF', 'POS-58', 'Fax', 'OneNote (Desktop)'")
    assert problem.value.message.startswith("printer setting is wrong — fix it, then reprint (no printer named")


def test_a_long_list_of_windows_printers_is_cut_to_eight_names_in_chinese(in_chinese: None) -> None:
    installed = [f"打印机{n}" for n in range(1, 12)]
    with pytest.raises(PrintProblem) as problem:
        installed_printer_named("POS-58", installed)
    assert problem.value.detail == ("本机没有名为“POS-58”的打印机；本机的打印机有 “打印机1”、“打印机2”、“打印机3”、“打印机4”、"
                                    "“打印机5”、“打印机6”、“打印机7”、“打印机8”，另有 3 台")
    assert problem.value.message.startswith("打印机设置有误——改正后重印（本机没有名为“POS-58”的打印机")


def test_no_windows_printer_installed_at_all() -> None:
    with pytest.raises(PrintProblem) as problem:
        installed_printer_named("POS-58", [])
    assert problem.value.detail == "no printer named 'POS-58' on this computer, and no printer is installed in Windows"


def test_a_windows_printer_reports_no_status_so_its_prints_are_not_confirmed() -> None:
    assert connection_for(parse_printer_url("win32://POS-58"), 1.0).reports_status is False


@needs_no_libusb
def test_no_libusb_is_a_wrong_setting_not_a_printer_switched_off() -> None:
    connection = connection_for(parse_printer_url("usb://0416:5011", platform="linux"), 1.0)
    with pytest.raises(PrintProblem) as problem:
        connection.open()
    assert problem.value.code == "bad_printer"
    assert problem.value.detail == ("usb://0416:5011: no USB library (libusb) on this computer, so no usb:// printer "
                                    "can be used: install libusb-1.0, or connect the printer another way")


def test_receipt_to_usb_on_windows_says_to_use_win32_and_changes_nothing(
        cli: Jifen, sale_id: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(printing.printer_url, "THIS_COMPUTER", "win32")
    before = cli.dump()
    assert cli.refused("receipt", sale_id, "--printer", "usb://0416:5011") == "bad_printer"
    run = cli("receipt", sale_id, "--printer", "usb://0416:5011")
    assert (run.status, run.out) == (2, "")
    assert run.err == ("'usb://0416:5011': on Windows a USB printer prints through its Windows driver: use "
                       "win32://PRINTER NAME (the name in Devices and Printers)\n")
    run = cli("receipt", sale_id, "--printer", "usb://0416:5011", env=CHINESE)
    assert run.err == ("“usb://0416:5011”：在 Windows 上 USB 打印机要通过它的 Windows 驱动打印：请用 win32://打印机名称"
                       "（“设备和打印机”中的名称）\n")
    assert cli.dump() == before


@needs_no_libusb
def test_receipt_to_usb_without_libusb_says_what_is_missing(cli: Jifen, sale_id: str) -> None:
    run = cli("receipt", sale_id, "--printer", "usb://0416:5011", "--json")
    assert run.status == 2 and run.json["error"] == "bad_printer" and run.json["status"] == "not_printed"
    assert "no USB library (libusb) on this computer" in run.json["message"]
    run = cli("receipt", sale_id, "--printer", "usb://0416:5011", env=CHINESE)
    assert run.status == 2 and run.err.count("\n") == 1 and "连接不上" not in run.err
    assert "打印机设置有误——改正后重印（usb://0416:5011：本机没有 USB 库（libusb），无法使用 usb:// 打印机" in run.err


def test_receipt_to_serial_com3_opens_com3_and_says_so_on_one_line(cli: Jifen, sale_id: str) -> None:
    run = cli("receipt", sale_id, "--printer", "serial:///COM3", "--json")
    assert run.status == 2 and run.json["error"] == "unreachable" and run.json["status"] == "not_printed"
    assert "could not open port COM3:" in run.json["message"] and "port /COM3" not in run.json["message"]
    run = cli("receipt", sale_id, "--printer", "serial:///COM3")
    assert run.status == 2 and run.err.count("\n") == 1 and "Traceback" not in run.err


def test_receipt_to_a_serial_port_with_a_bad_baud_is_a_wrong_setting(cli: Jifen, sale_id: str) -> None:
    assert cli.refused("receipt", sale_id, "--printer", "serial:///COM3?baud=9601") == "bad_printer"
    run = cli("receipt", sale_id, "--printer", "serial:///COM3?baud=9601", env=CHINESE)
    assert run.err.startswith("“serial:///COM3?baud=9601”不是有效的打印机地址（波特率不正确）")
