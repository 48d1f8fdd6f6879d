"""A USB scanner types a burst ending in Enter; a person types slower. Only the burst is a scan."""

from hypothesis import given
from hypothesis import strategies as st

from terminal.scan import KeyBurstDetector

CODE = "JF107Q2D1BB002468ACEGJMPTD3KPG"


def _type(keys: list[tuple[str, float]]) -> list[str]:
    detector = KeyBurstDetector()
    return [scan for text, at in keys if (scan := detector.key(text, at)) is not None]


def _burst(text: str, start: float = 0.0, gap: float = 0.008) -> list[tuple[str, float]]:
    return [(char, start + i * gap) for i, char in enumerate(text + "\r")]


def test_a_scanner_burst_ending_in_enter_is_a_scan() -> None:
    assert _type(_burst(CODE)) == [CODE]


def test_a_person_typing_a_phone_number_is_not_a_scan() -> None:
    assert _type(_burst("13800138000", gap=0.15)) == []


def test_three_characters_are_too_few_and_four_are_enough() -> None:
    assert _type(_burst("123")) == []
    assert _type(_burst("1234")) == ["1234"]


def test_50_ms_between_keys_is_a_burst_and_more_is_not() -> None:
    assert _type(_burst("ABCD", gap=0.050)) == ["ABCD"]
    assert _type(_burst("ABCD", gap=0.051)) == []


def test_an_enter_that_comes_late_ends_nothing() -> None:
    keys = _burst("ABCDEF")
    keys[-1] = ("\r", keys[-2][1] + 0.2)
    assert _type(keys) == []


def test_control_characters_around_the_data_are_stripped() -> None:
    assert _type(_burst("\x02" + CODE + "\x03")) == [CODE]
    assert _type(_burst("AB\x1bCD\x7f")) == ["ABCD"]


def test_key_presses_without_text_inside_a_burst_keep_it_going() -> None:
    keys = [("A", 0.0), ("", 0.01), ("B", 0.02), ("", 0.03), ("C", 0.04), ("D", 0.05), ("\n", 0.06)]  # Shift
    assert _type(keys) == ["ABCD"]


def test_slow_keys_before_a_burst_are_not_part_of_the_scan() -> None:
    keys = [("1", 0.0), ("2", 0.5)] + _burst("WXYZ", start=1.0)
    assert _type(keys) == ["WXYZ"]


def test_two_scans_in_a_row_are_two_scans() -> None:
    assert _type(_burst("AAAA") + _burst("BBBB", start=1.0)) == ["AAAA", "BBBB"]


def test_what_is_pending_is_what_has_been_typed_since_the_last_pause() -> None:
    detector = KeyBurstDetector()
    for text, at in [("1", 0.0), ("2", 0.5), ("3", 0.51)]:
        detector.key(text, at)
    assert detector.pending == "23"


@given(st.text(st.characters(blacklist_categories=["Cc", "Cs"]), min_size=4, max_size=80),
       st.lists(st.floats(0.0, 0.050), min_size=81, max_size=81))
def test_any_fast_burst_of_printable_text_comes_back_whole(text: str, gaps: list[float]) -> None:
    at, keys = 0.0, []
    for char, gap in zip(text + "\r", gaps):
        at += gap
        keys.append((char, at))
    assert _type(keys) == [text]
