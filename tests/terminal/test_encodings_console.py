"""`jifen` on a console or into a file whose encoding cannot hold every character (a Chinese Windows console is
GBK): its answer is written whole, never a traceback; ¥, which GBK lacks, is written ￥, which it has."""

import os
import subprocess
from pathlib import Path

from tests.helpers.cli import CLEAN_ENV, JIFEN, MORNING, PINS, Jifen


def jifen_in(encoding: str, home: Path, *words: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The console script in a real process writing in ``encoding``, with no locale set (as on Windows)."""
    base = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV}
    return subprocess.run([str(JIFEN), *words], env=base | {"JIFEN_HOME": str(home), "JIFEN_NOW": MORNING, "JIFEN_BACKUP_WAIT": "1",
                                                           "PYTHONIOENCODING": encoding} | env,
                          capture_output=True, text=True, encoding=encoding, timeout=60, check=False)


def test_a_sale_on_a_gbk_console_shows_its_total_with_a_fullwidth_yen(jifen: Jifen) -> None:
    run = jifen_in("gbk", jifen.home, "sale", "--line", "general:199.99", "--cashier", "amy", JIFEN_PIN=PINS["amy"])
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout.splitlines()[0] == "Sale T1-6: total ￥199.99"


def test_an_ascii_console_gets_question_marks_not_a_traceback(jifen: Jifen) -> None:
    run = jifen_in("ascii", jifen.home, "sale", "--line", "general:199.99", "--cashier", "amy", JIFEN_PIN=PINS["amy"])
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout.splitlines()[0] == "Sale T1-6: total ?199.99"
