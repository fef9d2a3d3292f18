"""Shared bills: split one invoice among several payers."""

from dataclasses import dataclass
from typing import Dict, List

from .allocation import allocate


@dataclass(frozen=True)
class Share:
    payer: str
    weight: int


def split_invoice(total_cents: int, shares: List[Share]) -> Dict[str, int]:
    """Return how many cents each payer owes; the amounts add up to ``total_cents``."""
    amounts = allocate(total_cents, [s.weight for s in shares])
    return {s.payer: a for s, a in zip(shares, amounts)}


def format_cents(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"
