"""The short calculation printed under "points earned", derived from the sale's stored lines, rates,
promotions and tier, e.g. ``￥100.00 × 0.5 × 1.5 = 75``. It restates points_math's formula
(floor(Σ a·r·p · t · (T − V) / T)) in the shopper's units: yuan, points per yuan, multipliers."""

from collections.abc import Sequence
from dataclasses import dataclass

from printing.words import money
from terminal.rules import decimal


@dataclass(frozen=True)
class EarnTerm:
    amount_fen: int
    rate_bp: int
    promo_pct: int


def _group(lines: Sequence[EarnTerm]) -> list[EarnTerm]:
    """Lines with the same rate and promotion added together, in the order first seen; non-earning lines left out."""
    sums: dict[tuple[int, int], int] = {}
    for line in lines:
        if line.rate_bp and line.amount_fen:
            key = (line.rate_bp, line.promo_pct)
            sums[key] = sums.get(key, 0) + line.amount_fen
    return [EarnTerm(amount, rate, promo) for (rate, promo), amount in sums.items()]


def _factors(term: EarnTerm) -> str:
    promo = f" × {decimal(term.promo_pct, 100)}" if term.promo_pct != 100 else ""
    return f" × {decimal(term.rate_bp, 10_000)}{promo}"


def earn_terms(lines: Sequence[EarnTerm], tier_pct: int, total_fen: int, redeemed_fen: int,
               earned: int) -> tuple[tuple[str, ...], str] | None:
    """The calculation in whole terms (``￥100.00 × 0.5``, ``+ ￥20.00 × 0.1)``, ``× 1.5``: a line breaks only
    between two of them) and its result (``= 75``), or None when nothing in the sale could earn."""
    groups = _group(lines)
    if not groups or total_fen <= 0:
        return None
    tier = [f"× {decimal(tier_pct, 100)}"] if tier_pct != 100 else []
    result = f"= {earned:,}"
    if len(groups) == 1 and redeemed_fen and groups[0].amount_fen == total_fen:
        return (f"({money(total_fen)}-{money(redeemed_fen)}){_factors(groups[0])}", *tier), result
    terms = [f"{money(g.amount_fen)}{_factors(g)}" for g in groups]
    terms[1:] = [f"+ {term}" for term in terms[1:]]
    share = [f"× {money(total_fen - redeemed_fen)}/{money(total_fen)}"] if redeemed_fen else []
    if len(terms) > 1 and (share or tier):
        terms[0], terms[-1] = f"({terms[0]}", f"{terms[-1]})"
    return (*terms, *share, *tier), result


def earn_calculation(lines: Sequence[EarnTerm], tier_pct: int, total_fen: int, redeemed_fen: int,
                     earned: int) -> tuple[str, str] | None:
    """The calculation on one line and its result (``= 75``), or None when nothing in the sale could earn."""
    shown = earn_terms(lines, tier_pct, total_fen, redeemed_fen, earned)
    return None if shown is None else (" ".join(shown[0]), shown[1])
