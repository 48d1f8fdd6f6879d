"""A ``file://`` printer that is a device (``file:///dev/usb/lp0``): with the printer unplugged its device file is
gone, and the till says the printer is not reachable and keeps the receipt in the queue. It never makes an
ordinary file in its place (root could, under /dev), which would take the receipts and say they printed.
An ordinary file elsewhere is still made when missing (the demo's receipts.bin, a capture of what would print)."""

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.cli import Jifen
from tests.printing.conftest import write_printer_config


@pytest.fixture
def unplugged() -> Iterator[Path]:
    """A device file that is not there, as /dev/usb/lp0 is not while its printer is unplugged."""
    device = Path("/dev") / f"jifen-test-lp-{uuid.uuid4().hex[:8]}"
    yield device
    if device.is_file():  # made by a till that should not have: take it away again
        device.unlink()


def test_a_sale_on_an_unplugged_device_printer_keeps_its_receipt_waiting(cli: Jifen, unplugged: Path) -> None:
    write_printer_config(cli.home, url=f"file://{unplugged}", profile="58mm")
    sale = cli("sale", "--line", "general:21", by="amy")
    assert sale.status == 0, str(sale)
    assert "NOT printed: printer not reachable" in sale.out and "It waits in the print queue" in sale.out
    assert not unplugged.exists()
    [job] = cli.ok("print", "queue")["jobs"]
    assert (job["status"], job["error"]) == ("queued", "unreachable")


def test_asking_an_unplugged_device_printer_how_it_is_makes_no_file(cli: Jifen, unplugged: Path) -> None:
    write_printer_config(cli.home, url=f"file://{unplugged}", profile="58mm")
    status = cli("printer", "status")
    assert status.status != 0 and "printer not reachable" in status.out + status.err, str(status)
    assert not unplugged.exists()


def test_an_ordinary_file_printer_is_made_when_missing(cli: Jifen, tmp_path: Path) -> None:
    paper = tmp_path / "receipts.bin"
    write_printer_config(cli.home, url=f"file://{paper}", profile="58mm")
    assert cli("sale", "--line", "general:21", by="amy").status == 0
    assert paper.stat().st_size > 0 and cli.ok("print", "queue")["jobs"] == []
