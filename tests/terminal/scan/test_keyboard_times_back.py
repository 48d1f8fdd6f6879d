"""A key stamped earlier than the key before it (another clock, one that was set back, a replayed event) says
nothing about how fast it came: it starts a new burst rather than extending the one before, as a slow key does."""

from terminal.scan import KeyBurstDetector


def _type(keys: list[tuple[str, float]]) -> list[str]:
    detector = KeyBurstDetector()
    return [scan for text, at in keys if (scan := detector.key(text, at)) is not None]


def test_keys_each_stamped_before_the_last_are_not_a_scan() -> None:
    keys = [("1", 5.0), ("3", 4.0), ("8", 3.0), ("0", 2.0), ("\r", 1.0)]
    assert _type(keys) == []


def test_a_key_stamped_earlier_cuts_the_burst_before_it_off() -> None:
    # JF10 is a burst 8 ms apart; 7 comes stamped 100 s earlier, then the Enter 8 ms after 7: only "7" is in that
    # burst, one character, too few for a scan
    keys = [("J", 100.000), ("F", 100.008), ("1", 100.016), ("0", 100.024), ("7", 0.0), ("\r", 0.008)]
    assert _type(keys) == []


def test_a_burst_after_the_stamps_went_back_is_a_scan_of_its_own() -> None:
    keys = [("1", 100.000), ("2", 100.008), ("A", 0.0), ("B", 0.008), ("C", 0.016), ("D", 0.024), ("\r", 0.032)]
    assert _type(keys) == ["ABCD"]


def test_an_enter_stamped_before_the_burst_ends_nothing() -> None:
    keys = [("A", 10.000), ("B", 10.008), ("C", 10.016), ("D", 10.024), ("\r", 10.000)]
    assert _type(keys) == []
