"""`jifen-ledger serve --workers N` (N > 1): the ledger's worker processes, each listening on a socket of its own.

uvicorn's own multi-process mode binds one socket in the parent and its workers accept from it. Whichever worker
wakes first takes every connection waiting (asyncio accepts all it can at once), and a terminal keeps its
connection (requests.Session, keep-alive) for as long as it posts: twenty terminals starting together were served
80 % by one worker while the other idled (bench/ledger_bench.py, 13.3 against 3.2 CPU seconds).

Here, on Linux, each worker binds its own socket to the address with SO_REUSEPORT and listens on it; the kernel
hashes each new connection to one of the listening sockets, so the connections spread across the workers whatever
each is doing. uvicorn's supervisor (uvicorn.supervisors.Multiprocess) is kept as it is: it starts the workers,
replaces one that dies, stops them all on Ctrl-C or SIGTERM and restarts them on SIGHUP.

The parent holds a socket on the address too (`hold_port`), bound with SO_REUSEPORT and without SO_REUSEADDR, never
listening, so no connection ever waits on it. While it is held, only sockets that set SO_REUSEPORT, of the same
user, can bind the address: a port left free for a moment while a worker is replaced is not taken by another
program, and another jifen-ledger's check before it starts (ledger.preflight.check_listening, which does not set
SO_REUSEPORT) finds the port in use, from the moment this one passed the same check, and not only once its workers
listen. The held socket is also what the supervisor hands each new worker: pickled to the worker (multiprocessing's
spawn), it arrives there as that worker's own new socket on the address (`HeldPort.__reduce_ex__`), not as a copy
of the parent's.

Elsewhere (no SO_REUSEPORT that spreads connections), the workers share one socket as uvicorn binds it."""

import copy
import logging
import socket
import sys
from typing import Any, SupportsIndex

import uvicorn
from uvicorn.config import LOGGING_CONFIG, STARTUP_FAILURE
from uvicorn.supervisors import Multiprocess

from ledger.preflight import bind_problem

SPREADS_CONNECTIONS = sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")
# How long a worker may not answer the supervisor's check before it is killed and replaced: uvicorn's 5 s killed
# workers busy with a long batch, or still starting, on a loaded machine.
WORKER_SILENCE_S = 60

logger = logging.getLogger("uvicorn.error")

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_config() -> dict[str, Any]:
    """uvicorn's logging (which each worker process sets up again), every line with its time, level and logger, and
    the ledger's own lines (jifen.ledger) beside uvicorn's on stderr, from INFO up."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config["formatters"]["default"] = {"format": LOG_FORMAT}
    config["formatters"]["access"] = {"()": "uvicorn.logging.AccessFormatter", "use_colors": False,
                                      "fmt": '%(asctime)s %(levelname)s %(name)s: %(client_addr)s - "%(request_line)s" '
                                             "%(status_code)s"}
    config["loggers"]["jifen.ledger"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config


class HeldPort(socket.socket):
    """The parent's socket on the address (see the module's doc); a worker given it gets `worker_socket` instead."""

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        return worker_socket, (self.family, self.getsockname())


def hold_port(host: str, port: int) -> HeldPort | None:
    """Hold host:port for the workers, right after ledger.preflight.check_listening found it free; None where the
    workers share one socket instead. The address is taken as uvicorn takes it for its workers."""
    if not SPREADS_CONNECTIONS:
        return None
    try:
        return _held(host, port, reuse_address=False)  # see the module's doc
    except OSError:
        pass
    try:  # connections a ledger on one socket left in TIME_WAIT, without SO_REUSEPORT: free, as the check found
        return _held(host, port, reuse_address=True)
    except OSError as exc:  # taken since the check
        raise bind_problem(host, port, exc) from None


def _held(host: str, port: int, reuse_address: bool) -> HeldPort:
    held = HeldPort(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    try:
        held.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        if reuse_address:
            held.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        held.bind((host, port))
    except OSError:
        held.close()
        raise
    return held


def worker_socket(family: int, address: tuple[Any, ...]) -> socket.socket:
    """A worker's own socket on the address; uvicorn (asyncio) listens on it."""
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn: connections left in TIME_WAIT
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind(address)
    except OSError as exc:
        sock.close()
        logger.error("cannot listen on %s port %s: %s", address[0], address[1], exc.strerror or exc)
        sys.exit(STARTUP_FAILURE)  # the supervisor stops rather than start it again and again
    return sock


def serve(app: str, held: HeldPort | None, host: str, port: int, workers: int, **options: Any) -> None:
    """Serve the app factory ``app`` (module:function) with ``workers`` processes until Ctrl-C or SIGTERM, on the
    address ``held`` holds (`hold_port`), or, when it is None, on one socket uvicorn binds for all of them."""
    options["timeout_worker_healthcheck"] = WORKER_SILENCE_S
    if held is None:
        uvicorn.run(app, factory=True, workers=workers, host=host, port=port, **options)
        return
    config = uvicorn.Config(app, factory=True, workers=workers, host=host, port=port, **options)  # logging set up
    url = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
    logger.info("Uvicorn running on %s (Press CTRL+C to quit), each worker on its own socket (SO_REUSEPORT)", url)
    sockets: list[socket.socket] = [held]
    try:
        Multiprocess(config, sockets=sockets).run()
    except KeyboardInterrupt:  # as uvicorn.run
        pass
    finally:
        held.close()
