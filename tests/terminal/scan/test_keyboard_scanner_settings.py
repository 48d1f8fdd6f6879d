"""Keyboard scanners as shops set them up: a symbology prefix before the code (AIM, ``]Q1``), Tab or CR+LF after it,
a Bluetooth scanner that pauses in the middle. Each is still one scan of the code, and nothing of it is typing."""

from terminal.scan import KeyBurstDetector

CODE = "JF107Q2D1BB002468ACEGJMPTD3KPG"


def _type(keys: list[tuple[str, float]], detector: KeyBurstDetector | None = None) -> list[str]:
    detector = detector or KeyBurstDetector()
    return [scan for text, at in keys if (scan := detector.key(text, at)) is not None]


def _burst(text: str, start: float = 0.0, gap: float = 0.008) -> list[tuple[str, float]]:
    return [(char, start + i * gap) for i, char in enumerate(text)]


def test_an_aim_symbology_prefix_is_not_part_of_the_code() -> None:
    assert _type(_burst("]Q1" + CODE + "\r")) == [CODE]
    assert _type(_burst("]E06901234567892\r")) == ["6901234567892"]
    assert _type(_burst("]C0" + CODE + "\r")) == [CODE]


def test_a_code_without_a_prefix_keeps_its_first_characters() -> None:
    assert _type(_burst("]Q" + "\r")) == []
    assert _type(_burst("Q1" + CODE + "\r")) == ["Q1" + CODE]
    assert _type(_burst("]1A2B3C\r")) == ["]1A2B3C"]  # a digit after ] is no symbology


def test_tab_ends_a_scan_as_enter_does() -> None:
    assert _type(_burst(CODE + "\t")) == [CODE]
    assert _type(_burst(CODE + "\t" + "1234\r", start=1.0)) == [CODE, "1234"]


def test_the_second_key_of_cr_lf_is_swallowed_as_the_end_of_the_scan() -> None:
    detector = KeyBurstDetector()
    assert _type(_burst(CODE + "\r\n"), detector) == [CODE]
    assert detector.swallowed
    detector.key("1", 1.0)
    assert not detector.swallowed


def test_an_enter_after_the_scan_is_over_is_the_cashier_s() -> None:
    detector = KeyBurstDetector()
    _type(_burst(CODE + "\r"), detector)
    detector.key("\r", 1.0)
    assert not detector.swallowed
    _type(_burst(CODE + "\r\r\r", start=2.0), detector)
    assert not detector.swallowed  # one ending key more is a scanner's CR+LF; a third is someone's


def test_an_enter_after_another_key_is_the_cashier_s_however_soon() -> None:
    detector = KeyBurstDetector()
    _type(_burst(CODE + "\r"), detector)
    detector.other_key()  # F9
    detector.key("\r", 0.01 + len(CODE) * 0.008)
    assert not detector.swallowed


def _paused(text: str, after: int, pause: float) -> list[tuple[str, float]]:
    """``text`` and Enter 8 ms apart, but for one ``pause`` (seconds) after its first ``after`` characters."""
    return [(char, i * 0.008 + (pause - 0.008 if i >= after else 0.0)) for i, char in enumerate(text + "\r")]


def test_a_scanner_pausing_mid_code_once_8_characters_came_is_still_one_scan() -> None:
    assert _type(_paused(CODE, 8, 0.120)) == [CODE]
    assert _type(_paused(CODE, 20, 0.300)) == [CODE]


def test_a_bluetooth_scanner_slowing_down_after_its_first_keys_is_still_one_scan() -> None:
    keys = _burst(CODE[:8]) + [(char, 0.2 + i * 0.090) for i, char in enumerate(CODE[8:] + "\r")]
    assert _type(keys) == [CODE]


def test_a_pause_longer_than_300_ms_ends_the_burst() -> None:
    assert _type(_paused(CODE, 20, 0.301)) == [CODE[20:]]


def test_fewer_than_8_fast_characters_are_not_continued_by_a_slow_key() -> None:
    assert _type(_paused("1234567" + "89", 7, 0.100)) == []
    assert _type(_paused("1234", 4, 0.060)) == []
