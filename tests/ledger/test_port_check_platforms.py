"""`serve`'s check that its port is free, on each platform. Windows lets a socket set SO_REUSEADDR and bind a port
another program listens on, so the check never found a port in use there; it binds with SO_EXCLUSIVEADDRUSE instead.
These machines are Linux: the Windows choice is checked by the platform given to ``probe_option`` (the option does
not exist here), and the Linux check runs for real on TCP sockets."""

import socket

import pytest

from ledger.preflight import check_listening, probe_option
from ledger.service import LedgerRefusal


def test_on_windows_the_check_binds_exclusively_so_a_listening_port_fails_it() -> None:
    assert probe_option("nt") == "SO_EXCLUSIVEADDRUSE"


def test_on_linux_the_check_binds_as_uvicorn_does() -> None:
    assert probe_option("posix") == "SO_REUSEADDR"


def test_on_linux_a_port_another_program_listens_on_is_in_use() -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        with pytest.raises(LedgerRefusal) as refused:
            check_listening("127.0.0.1", port)
    assert str(refused.value).startswith(f"port {port} on 127.0.0.1 is in use by another program")
    check_listening("127.0.0.1", port)  # free once it is closed
