"""The "jifen" logger's handlers, put back after a test that sets up the store's log as the app does."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def jifen_log_put_back() -> Iterator[None]:
    jifen = logging.getLogger("jifen")
    handlers, propagate = list(jifen.handlers), jifen.propagate
    try:
        yield
    finally:
        for handler in list(jifen.handlers):
            jifen.removeHandler(handler)
            handler.close()
        for handler in handlers:
            jifen.addHandler(handler)
        jifen.propagate = propagate
