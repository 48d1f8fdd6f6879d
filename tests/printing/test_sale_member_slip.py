"""`jifen sale-member` prints the sale's receipt again (重印), now with the member and the points given: the slip the
customer takes for them (补积分). The first receipt, printed without a member, is not the one printed again."""

from typing import Any

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



def _paid_sale(cli: Jifen) -> tuple[str, int]:
    """A sale paid without a member, its receipt printed: the sale and its print job."""
    sale_id = cli.ok("sale", "--line", "general:100", by="amy")["sale_id"]
    [first] = [job for job in cli.ok("print", "queue", "--all")["jobs"] if job["ref"] == sale_id]
    assert first["status"] == "printed" and not first["copy"]
    return sale_id, first["job"]


def _slip(cli: Jifen, sale_id: str) -> dict[str, Any]:
    [_, slip] = [job for job in cli.ok("print", "queue", "--all")["jobs"] if job["ref"] == sale_id]
    assert slip["status"] == "printed" and slip["copy"]
    return slip


def test_the_command_names_the_job_of_the_slip_it_printed(cli: Jifen, printer: FakePrinter) -> None:
    write_printer_config(cli.home, url=printer.url, answer_timeout_ms=3000)
    cli.member("13800138000")
    cli.member("13800138001")
    sale_id, first = _paid_sale(cli)
    run = cli("sale-member", sale_id, "--member", "13800138000", by="amy", env={"LANG": "en_US.UTF-8"})
    assert run.status == 0, str(run)
    slip = _slip(cli, sale_id)["job"]
    assert slip != first
    assert f"Receipt {sale_id} printed (marked COPY) (job {slip})" in run.out, run.out
    assert "another window" not in run.out and "Printed after it" not in run.out, run.out

    sale_id, first = _paid_sale(cli)
    given = cli.ok("sale-member", sale_id, "--member", "13800138001", by="amy")
    assert [job["job"] for job in given["printed"]] == [_slip(cli, sale_id)["job"]] != [first]
    assert "printed_by" not in given["printed"][0] and given["earlier_printed"] == []
