"""A category label set at the ledger (`jifen-ledger merchant rules`) reaches every terminal with its
rules: in the rules.toml the pull writes, in the store after a reopen, and on the receipts."""

from printing.render_text import to_text
from printing.service import Printing
from printing.settings import PrinterSettings
from terminal.bootstrap import DEFAULT_RULES
from tests.helpers.ledger import ledger_cli
from tests.helpers.store import reopen, sell
from tests.sync.conftest import Network

FRESH = 'fresh = { rate_bp = 3000, label = "生鲜" }'


def test_a_label_set_at_the_ledger_is_printed_by_every_terminal(network: Network) -> None:
    rules_file = network.root / "merchant-rules.toml"
    rules_file.write_text(DEFAULT_RULES.read_text(encoding="utf-8").replace("[categories]", f"[categories]\n{FRESH}", 1),
                          encoding="utf-8")
    status, said = ledger_cli(f"sqlite:///{network.root / 'ledger.db'}")("merchant", "rules", "m1", str(rules_file))
    assert status == 0, said
    for terminal_id in ("T1", "T2"):
        till = network.store(terminal_id)
        network.connect(till, network.ledger.terminal("m1", "静安店", terminal_id)).sync_once()
        assert till.shop.rules.category_labels == {"fresh": "生鲜"}
        assert FRESH in till.home.rules.read_text(encoding="utf-8")
        till = reopen(till)  # the pulled rules, read back from the store and the file written
        assert till.shop.rules.category_labels == {"fresh": "生鲜"} and till.notices == []
        sale = sell(till, None, ("fresh", 10000))
        printing = Printing(till, PrinterSettings(language="zh"))
        receipt = to_text(printing.page(printing.document("receipt", sale.sale_id)))
        assert any("生鲜 " in line and line.endswith("￥100.00") for line in receipt.splitlines()), receipt
        till.close()
