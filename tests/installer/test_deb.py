"""The Linux package, for real: installer/build-linux.sh builds version N (PyInstaller) and N+1 (the
same bundle under the next version), dpkg installs N on this machine, the installed commands run
with nothing but /usr/bin:/bin on the PATH (no project virtual environment), sales are recorded, N+1
is installed over it and finds them all after backing the store up, and the package is removed,
leaving the store. Needs root and dpkg; the machine is left without the package."""

import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.installer import ROOT, load_installer_module

pytestmark = pytest.mark.slow

bundle = load_installer_module("bundle")
VERSION = bundle.version()
NEXT = re.sub(r"(\d+)$", lambda m: str(int(m.group(1)) + 1), VERSION)
OPT = Path("/opt/jifen")
FIXTURE_0001 = ROOT / "tests" / "fixtures" / "store-schema-0001"
SCHEMA_HEAD = re.search(r'^SCHEMA_HEAD = "(\w+)"', (ROOT / "terminal" / "db.py").read_text(), re.MULTILINE)[1]
PINS = {"JIFEN_NEW_PIN": "2468", "JIFEN_PIN": "2468", "JIFEN_APPROVER_PIN": "2468"}


def dpkg_status() -> str:
    result = subprocess.run(["dpkg-query", "-W", "-f=${Status} ${Version}", "jifen"], check=False, capture_output=True, text=True)
    return result.stdout if result.returncode == 0 else ""


def is_installed() -> bool:
    return "install ok installed" in dpkg_status()


def install(deb: Path) -> None:
    """dpkg -i; when a dependency is missing from the machine, apt fetches it (as a shop's would)."""
    result = subprocess.run(["dpkg", "-i", str(deb)], check=False, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        fixed = subprocess.run(["apt-get", "install", "-f", "-y", "-q"], check=False, capture_output=True, text=True, env=env,
                               timeout=600)
        if fixed.returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], check=False, capture_output=True, env=env, timeout=600)
            fixed = subprocess.run(["apt-get", "install", "-f", "-y", "-q"], check=False, capture_output=True, text=True,
                                   env=env, timeout=600)
        assert fixed.returncode == 0, result.stderr + fixed.stdout + fixed.stderr
    assert is_installed(), dpkg_status()


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if sys.platform != "linux" or shutil.which("dpkg-deb") is None:
        pytest.skip("the .deb is built and installed on Debian or Ubuntu")
    if os.geteuid() != 0:
        pytest.skip("installing a .deb on this machine needs root")
    if dpkg_status():
        pytest.skip(f"a jifen package is already on this machine ({dpkg_status()}); not touching it")
    out = tmp_path_factory.mktemp("debs")
    built: dict[str, Path] = {}
    for version, reuse in ((VERSION, "0"), (NEXT, "1")):
        env = dict(os.environ, PYTHON=sys.executable, JIFEN_DIST=str(out), JIFEN_BUILD_VERSION=version,
                   JIFEN_REUSE_BUNDLE=reuse)
        started = time.monotonic()
        result = subprocess.run(["bash", str(ROOT / "installer" / "build-linux.sh")], env=env, check=False, capture_output=True,
                                text=True, timeout=900)
        assert result.returncode == 0, result.stderr[-4000:]
        built[version] = Path(result.stdout.strip().splitlines()[-1])
        print(f"\nbuilt {built[version].name} in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return built


@pytest.fixture(scope="module")
def installed(packages: dict[str, Path]) -> Iterator[None]:
    install(packages[VERSION])
    try:
        yield
    finally:
        if dpkg_status():
            subprocess.run(["dpkg", "--purge", "jifen"], check=False, capture_output=True, timeout=300)


@pytest.fixture(scope="module")
def bare_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """What a shop's shell has: the system PATH, a home folder, no display, nothing of ours."""
    home = tmp_path_factory.mktemp("user")
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen",
            "JIFEN_HOME": str(home / "store"), "TMPDIR": str(home), **PINS}


def run(env: dict[str, str], *args: str, ok: bool = True, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(list(args), env=env, check=False, capture_output=True, text=True, timeout=timeout)
    if ok:
        assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result


def jifen_json(env: dict[str, str], *args: str) -> Any:
    return json.loads(run(env, "jifen", *args, "--json").stdout)


@pytest.fixture(scope="module")
def shop(installed: None, bare_env: dict[str, str]) -> dict[str, Any]:
    """A store made and used by the installed version N: a member, three sales, one with a member."""
    env = bare_env
    jifen_json(env, "init", "--store", "S1", "--terminal", "T1", "--owner", "boss")
    member = jifen_json(env, "member", "add", "--phone", "13800000001", "--name", "王芳", "--cashier", "boss")
    sales = [jifen_json(env, "sale", "--member", "13800000001", "--line", "general:128.00", "--cashier", "boss"),
             jifen_json(env, "sale", "--line", "general:9.90", "--pay", "card", "--cashier", "boss"),
             jifen_json(env, "sale", "--member", member["id"], "--line", "general:20", "--cashier", "boss")]
    return {"member": member, "sales": sales, "home": Path(env["JIFEN_HOME"])}


def test_the_package_describes_itself(packages: dict[str, Path]) -> None:
    deb = packages[VERSION]
    fields = run(dict(os.environ), "dpkg-deb", "-f", str(deb)).stdout
    assert f"Version: {VERSION}" in fields and "Package: jifen" in fields
    depends = re.search(r"^Depends: (.*)$", fields, re.MULTILINE)
    assert depends is not None
    for needed in ("fonts-noto-cjk", "libzbar0", "libegl1", "libgl1", "libxkbcommon0", "libfontconfig1",
                   "libdbus-1-3", "libglib2.0-0"):
        assert needed in depends.group(1)
    contents = run(dict(os.environ), "dpkg-deb", "-c", str(deb)).stdout
    for path in ("./opt/jifen/jifen", "./usr/bin/jifen -> /opt/jifen/jifen",
                 "./usr/bin/jifen-ledger -> /opt/jifen/jifen-ledger", "./usr/share/applications/jifen.desktop",
                 "./usr/share/icons/hicolor/256x256/apps/jifen.png", "./usr/lib/systemd/system/jifen-ledger.service",
                 "./opt/jifen/_internal/terminal/migrations/env.py", "./opt/jifen/_internal/ledger/migrations/env.py",
                 "./opt/jifen/_internal/escpos/capabilities.json", "./opt/jifen/_internal/terminal/default_rules.toml"):
        assert path in contents, path
    assert "libqwayland" not in contents and "libQt6Quick" not in contents and "QtWebEngine" not in contents
    assert f"Version: {NEXT}" in run(dict(os.environ), "dpkg-deb", "-f", str(packages[NEXT])).stdout
    bundle_size = run(dict(os.environ), "du", "-sh", str(ROOT / "build/linux/bundle/jifen")).stdout.split()[0]
    print(f"\nbundle {bundle_size}, {deb.name} {deb.stat().st_size / 2**20:.0f} MiB", file=sys.stderr)


def test_the_installed_commands_run_without_the_project(installed: None, bare_env: dict[str, str]) -> None:
    assert shutil.which("jifen", path=bare_env["PATH"]) == "/usr/bin/jifen"
    assert run(bare_env, "jifen", "--version").stdout.strip() == f"jifen {VERSION}"
    assert run(bare_env, "jifen-ledger", "--version").stdout.strip() == f"jifen-ledger {VERSION}"
    assert "sale" in run(bare_env, "jifen", "--help").stdout
    assert "migrate" in run(bare_env, "jifen-ledger", "--help").stdout
    if shutil.which("systemd-analyze"):
        result = run(bare_env, "systemd-analyze", "verify", "/usr/lib/systemd/system/jifen-ledger.service", ok=False)
        assert result.returncode == 0 and "jifen-ledger.service" not in result.stderr, result.stderr


def test_every_bundled_library_finds_what_it_links_to(installed: None) -> None:
    internal = OPT / "_internal"
    elves = [str(p) for p in internal.rglob("*.so*") if p.is_file() and not p.is_symlink()]
    env = {"PATH": "/usr/bin:/bin", "LD_LIBRARY_PATH": f"{internal}:{internal / 'PySide6/Qt/lib'}"}
    result = subprocess.run(["ldd", *elves], env=env, check=False, capture_output=True, text=True, timeout=300)
    missing, current = [], ""
    for line in result.stdout.splitlines():
        if not line.startswith(("\t", " ")):
            current = line.rstrip(":")
        elif "not found" in line:
            missing.append(f"{Path(current).relative_to(internal)}: {line.strip()}")
    assert missing == []


def test_the_installed_self_test_passes_offscreen(installed: None, bare_env: dict[str, str]) -> None:
    result = run(bare_env, "jifen", "--selftest", ok=False, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "✓" in result.stdout


def test_a_day_at_the_counter(shop: dict[str, Any], bare_env: dict[str, str], tmp_path: Path) -> None:
    env = bare_env
    day = jifen_json(env, "report", "day")
    assert day["sales"] == 3 and day["gross_fen"] == 12800 + 990 + 2000
    card = tmp_path / "card.png"
    jifen_json(env, "member", "card", "13800000001", "--png", str(card))
    for decoder in ("zxing", "pyzbar"):  # pyzbar loads the system's libzbar through ctypes
        assert jifen_json(env, "scan", "--image", str(card), "--decoder", decoder)["member_id"] == shop["member"]["id"]
    printed = tmp_path / "receipt.bin"
    job = jifen_json(env, "receipt", shop["sales"][0]["sale_id"], "--printer", f"file://{printed}",
                     "--profile", "TM-T88V", "--cashier", "boss")  # a python-escpos model: its printer database
    assert job["status"] == "printed" and printed.stat().st_size > 100
    assert jifen_json(env, "journal", "verify")["ok"] is True


def test_the_installed_program_makes_the_day_s_backup_in_a_process_of_its_own(shop: dict[str, Any]) -> None:
    backups = shop["home"] / "backups"
    deadline = time.monotonic() + 60
    while not list(backups.glob("jifen-*.db")) and time.monotonic() < deadline:
        time.sleep(0.2)
    made = list(backups.glob("jifen-*.db"))
    assert len(made) == 1, sorted(p.name for p in backups.iterdir()) if backups.exists() else "no backups folder"
    conn = sqlite3.connect(made[0])
    try:
        assert conn.execute("SELECT count(*) FROM journal").fetchone()[0] > 0
    finally:
        conn.close()
    assert not (shop["home"] / "daily-backup-skipped.json").exists()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_installed_ledger_serves_and_the_terminal_syncs(shop: dict[str, Any], bare_env: dict[str, str],
                                                          tmp_path: Path) -> None:
    env = {**bare_env, "JIFEN_LEDGER_DB": f"sqlite:///{tmp_path / 'ledger.db'}"}
    run(env, "jifen-ledger", "migrate")
    run(env, "jifen-ledger", "merchant", "add", "local", "--name", "本店")
    token = json.loads(run(env, "jifen-ledger", "terminal", "add", "--merchant", "local", "--store", "S1",
                           "--terminal", "T1", "--json").stdout)["token"]
    port = free_port()
    server = subprocess.Popen(["jifen-ledger", "serve", "--port", str(port), "--workers", "2"], env=env,
                              stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/v1/health", timeout=2) as response:
                    assert response.status == 200
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, server.stderr.read() if server.stderr else ""
                time.sleep(0.3)
        run({**env, "JIFEN_LEDGER_TOKEN": token}, "jifen", "ledger", "connect", url, "--cashier", "boss")
        synced = jifen_json(env, "sync")
        assert synced["pushed"] > 0 and synced["pending"] == 0
    finally:
        server.terminate()
        server.wait(timeout=30)
    # the PostgreSQL driver is in the bundle: a refused connection, not a missing module
    refused = run(env, "jifen-ledger", "--db", f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/none", "migrate",
                  ok=False)
    assert refused.returncode != 0 and "No module named" not in refused.stderr and "refused" in refused.stderr


def test_upgrading_keeps_every_sale_and_backs_up_only_a_store_it_migrates(
        packages: dict[str, Path], shop: dict[str, Any], bare_env: dict[str, str]) -> None:
    env, home = bare_env, shop["home"]
    install(packages[NEXT])
    assert run(env, "jifen", "--version").stdout.strip() == f"jifen {NEXT}"

    day = jifen_json(env, "report", "day")  # N+1 has N's schema: nothing to migrate, nothing to back up
    assert day["sales"] == 3
    member = jifen_json(env, "member", "show", "13800000001")
    assert member["balance"] == shop["sales"][2]["member"]["balance"]
    assert not list((home / "backups").glob("before-*.db"))
    assert (home / "app-version").read_text(encoding="utf-8").strip() == NEXT  # names the backup of a migration
    assert jifen_json(env, "sale", "--line", "general:5", "--cashier", "boss")["total_fen"] == 500
    assert jifen_json(env, "journal", "verify")["ok"] is True


def test_a_store_from_the_first_release_is_backed_up_and_migrated(packages: dict[str, Path], bare_env: dict[str, str],
                                                                 tmp_path: Path) -> None:
    """The installed N+1 opens a store written by the first schema (0001) and runs every migration."""
    if not dpkg_status().endswith(NEXT):
        install(packages[NEXT])
    home = tmp_path / "old-store"
    shutil.copytree(FIXTURE_0001, home)
    env = {**bare_env, "JIFEN_HOME": str(home), "JIFEN_PIN": "8888",
           "JIFEN_NOW": "2026-11-23T12:00:00+08:00"}  # the fixture's points expire at the end of 2027
    assert jifen_json(env, "member", "show", "13800138000")["balance"] == 427
    backup = home / "backups" / f"before-{NEXT}-from-unknown.db"
    assert backup.is_file(), sorted(p.name for p in (home / "backups").iterdir())
    for store, schema in ((backup, "0001"), (home / "jifen.db", SCHEMA_HEAD)):
        conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
        try:
            assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (schema,)
        finally:
            conn.close()
    assert jifen_json(env, "sale", "--member", "13900139000", "--line", "general:100", "--cashier", "boss")["earned_points"] == 50
    assert jifen_json(env, "member", "show", "13900139000")["balance"] == 800
    assert jifen_json(env, "journal", "verify")["ok"] is True


def test_removing_the_package_keeps_the_store(shop: dict[str, Any]) -> None:
    result = subprocess.run(["dpkg", "--purge", "jifen"], check=False, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert not dpkg_status()
    assert not Path("/usr/bin/jifen").exists() and not Path("/usr/bin/jifen-ledger").exists()
    assert not OPT.exists()
    assert (shop["home"] / "jifen.db").is_file()
