"""Background results that come back after the widget that asked has gone."""

from collections.abc import Callable
from typing import Any

from ui.qt import core


class Lifetime:
    """Background results may come back after the widget that asked was closed: they are dropped then."""

    def __init__(self, owner: core.QObject) -> None:
        self.alive = True
        owner.destroyed.connect(self._gone)

    def _gone(self) -> None:
        self.alive = False

    def guard(self, callback: Callable[..., None]) -> Callable[..., None]:
        def guarded(*args: Any) -> None:
            if self.alive:
                callback(*args)
        return guarded
