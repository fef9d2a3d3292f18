"""Human-readable durations such as ``2d 4h``, ``1h 30m`` or ``45s``.

Units: ``d`` (days), ``h`` (hours), ``m`` (minutes), ``s`` (seconds).
"""

UNITS = (("d", 86400), ("h", 3600), ("m", 60), ("s", 1))


def format_duration(seconds: int) -> str:
    """Format a non-negative number of seconds, largest unit first, skipping zero parts.

    >>> format_duration(5400)
    '1h 30m'
    >>> format_duration(0)
    '0s'
    """
    if seconds < 0:
        raise ValueError("duration must not be negative")
    parts = []
    rest = seconds
    for unit, size in UNITS:
        count, rest = divmod(rest, size)
        if count:
            parts.append(f"{count}{unit}")
    return " ".join(parts) if parts else "0s"
