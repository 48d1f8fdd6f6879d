"""The printer's settings are read by the till's one reader of config.toml: a typo anywhere in the file, not only in
[printer], is a printer problem (a receipt waits in the queue for it), and [printer] knows every printer setting."""

from pathlib import Path

import pytest

from printing.settings import PrinterSettings, load_printer_settings
from terminal.config import TABLES
from terminal.errors import Refused


def test_the_reader_knows_every_printer_setting() -> None:
    assert set(TABLES["printer"]) == set(PrinterSettings.__dataclass_fields__)


@pytest.mark.parametrize(("text", "said"), [
    ('[backup]\nkeeps = 30\n[printer]\nurl = "tcp://10.0.0.9"\n',
     'config.toml: [backup] has no setting "keeps" (known: daily, keep)'),
    ('[printr]\nurl = "tcp://10.0.0.9"\n', "config.toml: there is no table [printr] (known: [backup], [printer], [app], "
                                           "[camera])"),
])
def test_a_typo_in_any_table_is_a_printer_problem(tmp_path: Path, text: str, said: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(Refused) as refused:
        load_printer_settings(config)
    assert (refused.value.code, refused.value.en) == ("bad_printer", said)
