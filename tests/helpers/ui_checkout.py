"""The counter as the checkout tests and the UI benchmark drive it. The driving itself lives in
ui/selftest_driver.py (the self-test of an installed app uses it too); the tests drive it with
pytest-qt's ``qtbot``, the benchmark, which has no pytest, with ``PlainBot``."""

import pytest

from ui.selftest_driver import (
           HUMAN_KEY_MS,
           Bot,
           Counter,
           Key,
           PlainBot,
           open_counter,
           write_config,
)
from ui.selftest_store import member_card, member_code

# The tests run with no locale set (tests/conftest.py), and Qt says so once, when the app is made,
# in whichever test comes first. Nothing to do with the checkout.
LOCALE_NOTICE = pytest.mark.qt_log_ignore('Detected locale "C"')

__all__ = ["HUMAN_KEY_MS", "LOCALE_NOTICE", "Bot", "Counter", "Key", "PlainBot", "member_card", "member_code",
           "open_counter", "write_config"]
