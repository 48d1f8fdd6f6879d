"""The self-test's throwaway store, made with the same functions as `jifen init`: the owner boss
(PIN 8888), the cashier amy (1111), the manager max (2222), two members, a ``file:`` printer in a
receipts folder and a camera that is a picture of the first member's card. No Qt."""

from dataclasses import dataclass
from pathlib import Path

from terminal.bootstrap import Till, init_store
from terminal.clock import Clock
from terminal.home import Home
from terminal.journal import Who
from terminal.services import members
from terminal.services.cashiers import Actor, add_cashier
from ui.member_card import member_code, write_card_png
from ui.screens.settings_config import update_config

OWNER = Actor("boss", "owner")
STAFF = (("amy", "cashier", "1111"), ("max", "manager", "2222"))
PHONES = ("13800138000", "13900139000")


def member_card(till: Till, member_id: str, target: Path) -> Path:
    """The member's code as the card PNG the app prints (ui/member_card.py)."""
    return write_card_png(member_code(till, member_id), [member_id], target)


def file_url(path: Path) -> str:
    """``file:///`` and the absolute path, as printing/printer_url.py reads it (C:/… on Windows)."""
    text = path.absolute().as_posix()
    return f"file://{text}" if text.startswith("/") else f"file:///{text}"


@dataclass
class TestShop:
    till: Till
    members: list[str]
    receipts: Path  # the file the printer writes to
    card: Path


def make_test_shop(folder: Path) -> TestShop:
    home = Home(folder / "store")
    till = init_store(home, store="自检店 Self-test", terminal_id="T1", merchant="selftest", timezone="Asia/Shanghai",
                      owner=OWNER.name, pin="8888", clock=Clock.from_env())
    try:
        for name, role, pin in STAFF:
            add_cashier(till.uow(), till.shop, OWNER, name, role, pin)
        ids = [members.register_member(till.uow(), till.shop, Who(OWNER.name), phone, f"顾客{n}", None).id
               for n, phone in enumerate(PHONES, start=1)]
        card = member_card(till, ids[0], folder / "camera" / "card.png")
        receipts = folder / "receipts" / "receipts.bin"
        try:
            receipts.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass  # the print step says what is wrong with the printer
        update_config(home.config, "printer", {"url": file_url(receipts), "answer_timeout_ms": 1000})
        update_config(home.config, "camera", {"source": f"file:{card.as_posix()}", "decoder": "zxing"})
    except BaseException:
        till.close()
        raise
    return TestShop(till, ids, receipts, card)


