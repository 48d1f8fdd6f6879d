"""`jifen --selftest | head -1`: the reader goes away after the first line; the self-test still runs to its end,
exits 0 when the checkout worked, prints no traceback, and leaves no throwaway store behind."""

import os
import subprocess
from pathlib import Path

from tests.ui.test_selftest import JIFEN


def test_the_selftest_into_a_pipe_closed_after_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "JIFEN_SELFTEST_DIR"} | {"TMPDIR": str(tmp_path),
                                                                                 "QT_QPA_PLATFORM": "offscreen"}
    with subprocess.Popen([str(JIFEN), "--selftest"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as run:
        assert run.stdout is not None and run.stderr is not None
        first = run.stdout.readline().decode("utf-8")
        run.stdout.close()
        err = run.stderr.read().decode("utf-8")
        status = run.wait(timeout=300)
    assert first.startswith("✓ store: ")
    assert (status, err) == (0, "")
    assert list(tmp_path.iterdir()) == []
