"""`jifen sale-member` prints the sale's receipt again (重印), now with the member and the points given: the slip the
customer takes for them (补积分). The first receipt, printed without a member, is not the one printed again."""

from tests.helpers.cli import Jifen
from tests.helpers.fake_printer import FakePrinter
from tests.printing.conftest import write_printer_config


def test_the_slip_names_the_member_and_the_points(cli: Jifen, printer: FakePrinter) -> None:
    write_printer_config(cli.home, url=printer.url, answer_timeout_ms=3000)
    cli.member("13800138000")
    sale_id = cli.ok("sale", "--line", "general:100", by="amy")["sale_id"]
    assert not printer.printout().find("138****8000")
    given = cli.ok("sale-member", sale_id, "--member", "13800138000", by="amy")
    assert [(job["ref"], job["status"]) for job in given["printed"]] == [(sale_id, "printed")]
    paper = printer.printout()
    assert len(paper.find("138****8000")) == 1 and paper.find("重印") and paper.find("50")
