"""Money and points as the screens show them: ￥1,234.56 (the full-width sign, as on the receipt) and 1,234."""

from terminal.money import format_fen


def yuan(fen: int) -> str:
    return format_fen(fen, symbol="￥")


def points(count: int) -> str:
    return f"{count:,}"
