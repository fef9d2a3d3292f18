"""Split an amount of money into parts without losing or inventing cents."""

from typing import List, Sequence


def allocate(amount: int, ratios: Sequence[int]) -> List[int]:
    """Split ``amount`` (in cents) proportionally to ``ratios``.

    The parts always add up to exactly ``amount``. Each part is the proportional share rounded
    down; the cents left over are then handed out one at a time to the parts with the largest
    discarded fraction (earlier parts win ties). Works for negative amounts too (refunds), by
    symmetry: ``allocate(-x, r) == [-p for p in allocate(x, r)]``.
    """
    if not ratios:
        raise ValueError("at least one ratio is required")
    if any(r < 0 for r in ratios):
        raise ValueError("ratios must not be negative")
    total = sum(ratios)
    if total == 0:
        raise ValueError("ratios must not all be zero")
    return [amount * r // total for r in ratios]


def split_evenly(amount: int, parts: int) -> List[int]:
    """Split ``amount`` into ``parts`` nearly equal parts (larger parts first)."""
    if parts < 1:
        raise ValueError("parts must be at least 1")
    return allocate(amount, [1] * parts)
