"""installer/README.md step 9 upgrades a server's ledger with `sudo jifen-ledger migrate`, and the Linux service then
runs `jifen-ledger serve` as an unprivileged user (DynamicUser). The lock file root's migrate leaves beside the ledger
(ledger.db.serving) must not stop that serve from starting, and the serve must still hold its lock so that the next
migrate refuses. Real files, real processes: migrate as root, serve as `nobody` (setpriv). This Python may live in
root's home (pyenv), which nobody cannot enter: the serve keeps CAP_DAC_READ_SEARCH, to read and search as root
may; it writes only what nobody may, and root's lock file is not among that."""

import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from ledger.cli import main
from tests.helpers.ledger_process import LedgerProcess
from tests.ledger.test_migrate_under_serve import HEAD, jifen_ledger, revision, to_old_schema

pytestmark = pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0 or shutil.which("setpriv") is None,
                                reason="runs serve as another user: root and setpriv needed")

SERVICE_USER = "nobody"  # uid and gid 65534 (nogroup)


class ServedAs(LedgerProcess):
    """`jifen-ledger serve` run as ``user``, as the systemd service runs it."""

    def __init__(self, db_url: str, log: Path, user: str) -> None:
        super().__init__(db_url, log)
        self.user = user

    @property
    def command(self) -> list[str]:
        return ["setpriv", f"--reuid={self.user}", "--regid=65534", "--clear-groups",
                "--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search", *super().command]


@pytest.fixture
def service_folder() -> Iterator[Path]:
    """A folder the service's user owns, outside pytest's root-only tmp folders, holding an older ledger of root's."""
    folder = Path(tempfile.mkdtemp(prefix="jifen-service-"))
    try:
        folder.chmod(0o755)
        ledger = folder / "ledger.db"
        url = f"sqlite:///{ledger}"
        assert main(["--db", url, "migrate"]) == 0 and main(["--db", url, "merchant", "add", "m1", "--name", "x"]) == 0
        to_old_schema(ledger)
        for path in (folder, *folder.iterdir()):
            shutil.chown(path, SERVICE_USER)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_the_service_user_serves_after_roots_migrate_and_holds_the_lock(service_folder: Path, tmp_path: Path) -> None:
    ledger = service_folder / "ledger.db"
    url = f"sqlite:///{ledger}"
    upgraded = jifen_ledger(url, "migrate")  # sudo jifen-ledger migrate
    assert upgraded.returncode == 0, upgraded.stderr
    lock = ledger.with_name("ledger.db.serving")
    assert lock.stat().st_uid == 0 and stat.S_IMODE(lock.stat().st_mode) == 0o644
    log = tmp_path / "serve.log"
    with ServedAs(url, log, SERVICE_USER) as served:  # health answers: it started
        refused = jifen_ledger(url, "migrate")
        assert refused.returncode == 2
        assert refused.stderr == (f"the ledger {ledger} is being served (jifen-ledger serve): stop jifen-ledger serve "
                                  "first, then migrate again; nothing was changed\n")
        assert served.process is not None and served.process.poll() is None
    assert "Permission denied" not in log.read_text(encoding="utf-8", errors="replace")
    assert revision(ledger) == HEAD


def test_a_lock_file_an_older_migrate_left_private_is_opened_to_the_service_again(service_folder: Path,
                                                                                   tmp_path: Path) -> None:
    ledger = service_folder / "ledger.db"
    lock = ledger.with_name("ledger.db.serving")
    lock.write_text("migrate 1\n", encoding="ascii")
    lock.chmod(0o600)  # as root's migrate of the first lock's code made it
    upgraded = jifen_ledger(f"sqlite:///{ledger}", "migrate")
    assert upgraded.returncode == 0, upgraded.stderr
    assert stat.S_IMODE(lock.stat().st_mode) == 0o644
    with ServedAs(f"sqlite:///{ledger}", tmp_path / "serve.log", SERVICE_USER):
        pass
