"""Find free slots in a room's day."""

from typing import Iterable, List

from .intervals import Interval, merge


def free_slots(busy: Iterable[Interval], day_start: int, day_end: int, min_length: int = 1) -> List[Interval]:
    """Return the gaps between bookings inside [day_start, day_end).

    Only gaps at least ``min_length`` minutes long are returned.
    """
    slots: List[Interval] = []
    cursor = day_start
    for start, end in merge(busy):
        if end <= day_start or start >= day_end:
            continue
        if start - cursor >= min_length:
            slots.append((cursor, start))
        cursor = max(cursor, end)
    if day_end - cursor >= min_length:
        slots.append((cursor, day_end))
    return slots


def format_slot(slot: Interval) -> str:
    """Format a slot as ``HH:MM-HH:MM``."""
    start, end = slot
    return f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"
