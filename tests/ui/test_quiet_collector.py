"""The app keeps what it made to start out of Python's full garbage collections, which stop the counter's thread
too (70-180 ms each on a big store during a sync catch-up), and runs them less often."""

import gc

from ui.app import quiet_collector


def test_what_the_app_made_to_start_is_kept_out_of_full_collections() -> None:
    threshold = gc.get_threshold()
    try:
        gc.unfreeze()
        gc.set_threshold(700, 10, 10)  # Python's own
        quiet_collector()
        assert gc.get_freeze_count() > 0 and gc.get_threshold() == (10_000, 20, 20)
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
