"""A deadline for a whole HTTP exchange. The timeouts of requests bound each read of the socket, not the
answer: a ledger, or a proxy before it, that sends a byte every few seconds would hold a sync for ever. When
the deadline passes, the sockets of the exchange are shut, and requests fails as on a dropped line."""

import socket
import threading
from types import TracebackType
from typing import Any, Self

from requests import Session
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.poolmanager import PoolManager

_exchange = threading.local()  # the sockets the current exchange of this thread uses (requests runs on it)


def _watch(sock: object) -> None:
    """Keep hold of ``sock`` for the exchange's deadline: http.client hands the socket of an answer that closes the
    connection to the answer and forgets it (``connection.sock`` is None while its body is read)."""
    sockets: list[socket.socket] | None = getattr(_exchange, "sockets", None)
    if sockets is not None and isinstance(sock, socket.socket):
        sockets.append(sock)


class _Connection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _watch(sock)  # before any byte: a connection made but never answered is cut too
        return sock

    def request(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        _watch(self.sock)  # a kept-alive connection is not connected again
        super().request(*args, **kwargs)


class _TLSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _watch(sock)  # the handshake is part of the exchange
        return sock

    def connect(self) -> None:
        super().connect()
        _watch(self.sock)  # the TLS socket, which took over the plain one's descriptor

    def request(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        _watch(self.sock)
        super().request(*args, **kwargs)


class _Pool(HTTPConnectionPool):
    ConnectionCls = _Connection


class _TLSPool(HTTPSConnectionPool):
    ConnectionCls = _TLSConnection


def _watched(manager: PoolManager) -> PoolManager:
    manager.pool_classes_by_scheme = {"http": _Pool, "https": _TLSPool}
    return manager


class _Adapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        _watched(self.poolmanager)

    def proxy_manager_for(self, proxy: str, **kwargs: Any) -> Any:
        return _watched(super().proxy_manager_for(proxy, **kwargs))


def with_deadlines(session: Session) -> Session:
    """``session``, its exchanges watched: a ``Deadline`` around one cuts it off."""
    session.mount("http://", _Adapter())
    session.mount("https://", _Adapter())
    return session


class Deadline:
    """Around one exchange on a session ``with_deadlines``: its sockets are shut after ``seconds``."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = threading.Event()
        self._sockets: list[socket.socket] = []
        self._timer = threading.Timer(seconds, self._cut)
        self._timer.daemon = True

    def __enter__(self) -> Self:
        _exchange.sockets = self._sockets
        self._timer.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self._timer.cancel()
        _exchange.sockets = None

    def _cut(self) -> None:
        self.expired.set()
        for sock in list(self._sockets):
            try:  # the plain socket's shutdown: a TLS socket's own would drop its TLS state under the reader
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
            except OSError:  # closed, or handed over to the TLS socket (detached)
                pass
