"""Half-open time intervals [start, end) given in minutes since midnight."""

from typing import Iterable, List, Tuple

Interval = Tuple[int, int]


def _validate(interval: Interval) -> Interval:
    start, end = interval
    if end < start:
        raise ValueError(f"interval ends before it starts: {interval!r}")
    return start, end


def merge(intervals: Iterable[Interval]) -> List[Interval]:
    """Merge overlapping or touching intervals.

    The input may be in any order. The result is sorted by start time and contains no two
    intervals that overlap or touch (``(9, 10)`` and ``(10, 11)`` become ``(9, 11)``).
    Empty intervals (start == end) are dropped.
    """
    result: List[Interval] = []
    for start, end in (_validate(i) for i in intervals):
        if start == end:
            continue
        if result and start <= result[-1][1]:
            result[-1] = (result[-1][0], end)
        else:
            result.append((start, end))
    return result


def total_minutes(intervals: Iterable[Interval]) -> int:
    """Total number of minutes covered by at least one interval."""
    return sum(end - start for start, end in merge(intervals))
