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

_exchange = threading.local()  # the connections the current exchange of this thread uses (requests runs on it)


def _watch(connection: HTTPConnection) -> None:
    connections: set[HTTPConnection] | None = getattr(_exchange, "connections", None)
    if connections is not None:
        connections.add(connection)


class _Connection(HTTPConnection):
    def connect(self) -> None:
        _watch(self)
        super().connect()

    def request(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        _watch(self)  # a kept-alive connection is not connected again
        super().request(*args, **kwargs)


class _TLSConnection(HTTPSConnection):
    def connect(self) -> None:
        _watch(self)  # the handshake is part of the exchange
        super().connect()

    def request(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        _watch(self)
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
        self._connections: set[HTTPConnection] = set()
        self._timer = threading.Timer(seconds, self._cut)
        self._timer.daemon = True

    def __enter__(self) -> Self:
        _exchange.connections = self._connections
        self._timer.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self._timer.cancel()
        _exchange.connections = None

    def _cut(self) -> None:
        self.expired.set()
        for connection in list(self._connections):
            sock = connection.sock
            if sock is not None:
                try:  # the plain socket's shutdown: a TLS socket's own would drop its TLS state under the reader
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)
                except OSError:
                    pass
