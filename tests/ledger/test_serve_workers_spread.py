"""`jifen-ledger serve --workers 2` as a real process: each worker listens on its own socket (SO_REUSEPORT), so
connections opened together spread across the workers; a second ledger on the port is refused; a worker that dies
is replaced; SIGTERM stops every worker. Which worker holds a connection is read from /proc (Linux)."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ledger import db, serving
from ledger.preflight import check_listening
from ledger.service import LedgerRefusal
from tests.helpers.ledger import open_ledger
from tests.helpers.ledger_process import ROOT, LedgerProcess
from tests.helpers.ledger_server import free_port

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SO_REUSEPORT spreads only on Linux")

LISTEN, ESTABLISHED = "0A", "01"
BURST = 40  # connections opened together: a worker takes at least 8 of them unless something is very wrong (p < 1e-4)


def tcp_sockets(port: int) -> dict[int, str]:
    """The state of each IPv4 socket on 127.0.0.1:port, by inode (/proc/net/tcp)."""
    found = {}
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) == port:
            found[int(fields[9])] = fields[3]
    return found


def socket_inodes(pid: int) -> set[int]:
    inodes = set()
    try:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(int(target[8:-1]))
    except OSError:
        pass
    return inodes


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError):
                continue
    return found


def workers(server: LedgerProcess) -> dict[int, tuple[set[int], int]]:
    """The server's worker processes (its children listening on the port): their listening sockets and how many
    connections each holds."""
    assert server.process is not None
    states, out = tcp_sockets(server.port), {}
    for pid in children(server.process.pid):
        mine = socket_inodes(pid) & states.keys()
        listening = {inode for inode in mine if states[inode] == LISTEN}
        if listening:
            out[pid] = (listening, sum(states[inode] == ESTABLISHED for inode in mine))
    return out


def wait_for_workers(server: LedgerProcess, count: int, without: frozenset[int] = frozenset(),
                     timeout: float = 120) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.process is not None and server.process.poll() is None, server.log_tail()
        pids = set(workers(server))
        if len(pids) == count and not pids & without:
            return sorted(pids)
        time.sleep(0.05)
    raise AssertionError(f"not {count} workers listening after {timeout:.0f} s: {workers(server)}\n{server.log_tail()}")


def burst(server: LedgerProcess) -> dict[int, int]:
    """Open BURST connections at once, then ask /v1/health on each; how many each worker holds."""
    opened = [socket.create_connection(("127.0.0.1", server.port), timeout=30) for _ in range(BURST)]
    try:
        for sock in opened:
            sock.sendall(b"GET /v1/health HTTP/1.1\r\nHost: ledger\r\n\r\n")
        for sock in opened:
            assert sock.recv(4096).startswith(b"HTTP/1.1 200 ")
        return {pid: held for pid, (_, held) in workers(server).items()}
    finally:
        for sock in opened:
            sock.close()


def gone(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


@pytest.fixture
def ledger_url(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    engine = db.open_engine(url)
    open_ledger(engine).merchant("m1")
    engine.dispose()
    yield url


def test_connections_opened_together_spread_across_the_workers(ledger_url: str, tmp_path: Path) -> None:
    with LedgerProcess(ledger_url, tmp_path / "ledger.log", workers=2) as server:
        pids = wait_for_workers(server, 2)
        listening = [workers(server)[pid][0] for pid in pids]
        assert all(len(inodes) == 1 for inodes in listening) and listening[0] != listening[1]  # a socket each
        assert server.process is not None and not socket_inodes(server.process.pid) & {
            inode for inode, state in tcp_sockets(server.port).items() if state == LISTEN}  # the parent accepts none

        held = burst(server)
        assert sum(held.values()) == BURST and min(held.values()) >= BURST // 5, held

        # A second ledger on the same port is refused before it starts, although its sockets would set SO_REUSEPORT.
        second = LedgerProcess(ledger_url, tmp_path / "second.log", port=server.port, workers=2)
        refused = subprocess.run(second.command, cwd=ROOT, env=second.env, capture_output=True, text=True, timeout=120)
        assert (refused.returncode, refused.stdout, refused.stderr) == (2, "", (
            f"port {server.port} on 127.0.0.1 is in use by another program (another jifen-ledger?): "
            "stop it or choose another --port\n"))
        assert len(workers(server)) == 2 and burst(server)  # the first one serves on


def test_a_killed_worker_is_replaced_and_sigterm_stops_them_all(ledger_url: str, tmp_path: Path) -> None:
    server = LedgerProcess(ledger_url, tmp_path / "ledger.log", workers=2)
    server.start()
    try:
        first, second = wait_for_workers(server, 2)
        os.kill(first, signal.SIGKILL)
        replaced = wait_for_workers(server, 2, without=frozenset({first}))
        assert second in replaced and gone(first)
        held = burst(server)
        assert set(held) == set(replaced) and min(held.values()) >= BURST // 5, held  # the new one takes its share

        assert server.process is not None
        everyone = set(children(server.process.pid))
        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(60) == 0
        deadline = time.monotonic() + 30
        while not all(gone(pid) for pid in everyone) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert all(gone(pid) for pid in everyone), [pid for pid in everyone if not gone(pid)]
        check_listening("127.0.0.1", server.port)  # the port is free again
    finally:
        if server.process is not None and server.process.poll() is None:
            server.kill()
        server._close()


def test_a_worker_that_stops_answering_for_a_while_is_kept(ledger_url: str, tmp_path: Path) -> None:
    """A worker busy under load (a long batch, a loaded machine) answers the supervisor's check late: it is not
    killed, with its batch half done, after uvicorn's default 5 s."""
    with LedgerProcess(ledger_url, tmp_path / "ledger.log", workers=2) as server:
        first, second = wait_for_workers(server, 2)
        os.kill(first, signal.SIGSTOP)
        try:
            time.sleep(8)
        finally:
            os.kill(first, signal.SIGCONT)
        time.sleep(1)
        assert sorted(workers(server)) == [first, second], server.log_tail()


def test_a_held_port_refuses_plain_sockets_and_takes_workers_sockets() -> None:
    port = free_port()
    held = serving.hold_port("127.0.0.1", port)
    assert held is not None
    try:
        with pytest.raises(LedgerRefusal, match=f"port {port} on 127.0.0.1 is in use"):
            check_listening("127.0.0.1", port)  # another jifen-ledger's check, while this one's workers start
        workers_sockets = [serving.worker_socket(held.family, held.getsockname()) for _ in range(2)]
        for sock in workers_sockets:
            sock.listen()
            sock.close()
    finally:
        held.close()
    check_listening("127.0.0.1", port)


def test_a_port_a_stopped_ledger_left_in_time_wait_is_held() -> None:
    """A ledger that shared one socket (one worker, or an older version) closed its connections first and stopped:
    they wait out TIME_WAIT on the port, without SO_REUSEPORT. The port is free for the workers, as for
    check_listening; before, serve --workers N was refused for a minute."""
    port = free_port()
    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds it
        listener.bind(("127.0.0.1", port))
        listener.listen()
        with socket.create_connection(("127.0.0.1", port)) as client:
            accepted, _ = listener.accept()
            accepted.close()  # the server closes first: its side waits in TIME_WAIT
            client.recv(1)
    assert "06" in tcp_sockets(port).values()  # TIME_WAIT
    check_listening("127.0.0.1", port)
    held = serving.hold_port("127.0.0.1", port)
    assert held is not None
    held.close()


def test_a_port_taken_since_the_check_is_refused_in_one_line() -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        with pytest.raises(LedgerRefusal) as refused:
            serving.hold_port("127.0.0.1", port)
    assert refused.value.code == "cannot_listen" and refused.value.message == (
        f"port {port} on 127.0.0.1 is in use by another program (another jifen-ledger?): "
        "stop it or choose another --port")
