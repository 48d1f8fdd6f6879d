"""`--version` on both commands, as installer/README.md shows it, from the installed console scripts."""

import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent


@pytest.mark.parametrize("program", ["jifen", "jifen-ledger"])
def test_version_names_the_program_and_its_version_and_touches_no_store(program: str, tmp_path: Path) -> None:
    done = subprocess.run([str(BIN / program), "--version"], capture_output=True, text=True, timeout=60,
                          cwd=tmp_path, env={"JIFEN_HOME": str(tmp_path / "store"), "HOME": str(tmp_path)})
    assert (done.returncode, done.stdout, done.stderr) == (0, f"{program} {version('jifen')}\n", "")
    assert list(tmp_path.iterdir()) == []
