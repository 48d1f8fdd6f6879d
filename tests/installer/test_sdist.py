"""The source distribution carries the tests and what builds and checks the program (installer/, scripts/,
bench/, docs/), so that it can be tested as it is. (The wheel holds the packages alone: pyproject.toml names
them; `python -m build` checks it, which needs the wheel package this test does without.)"""

import subprocess
import sys
import tarfile

import pytest

from tests.installer import ROOT

CARRIED = ("tests/test_layering.py", "tests/helpers/store.py", "tests/fixtures/store-schema-0001/jifen.db",
           "installer/build-linux.sh", "installer/launch.py", "scripts/counter-day.sh", "bench/ledger_bench.py",
           "docs", "run.sh")
BUILD = "import sys; from setuptools import build_meta; print(build_meta.build_sdist(sys.argv[1]))"


@pytest.fixture(scope="module")
def in_sdist(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The sdist of the checked-out files (git's, not what a test run left), made by setuptools itself."""
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("dist")
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=False)
    if tracked.returncode != 0:
        pytest.skip("not a git checkout")
    for name in tracked.stdout.decode().split("\0"):
        if name and (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            (source / name).write_bytes((ROOT / name).read_bytes())
    made = subprocess.run([sys.executable, "-c", BUILD, str(out)], cwd=source, capture_output=True, text=True,
                          check=False, timeout=300)
    assert made.returncode == 0, made.stderr[-3000:]
    with tarfile.open(out / made.stdout.split()[-1]) as sdist:
        return [member.name.split("/", 1)[1] for member in sdist.getmembers() if "/" in member.name]


def test_the_sdist_carries_the_tests_and_the_build_files(in_sdist: list[str]) -> None:
    missing = [name for name in CARRIED if not any(path == name or path.startswith(name + "/") for path in in_sdist)]
    assert missing == []
    assert not [path for path in in_sdist if "__pycache__" in path or path.endswith(".pyc")]
