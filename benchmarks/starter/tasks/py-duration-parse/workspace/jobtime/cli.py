"""``jobtime`` command: prints durations in the canonical format.

Usage: python -m jobtime.cli SECONDS...
"""

import sys

from .durations import format_duration


def main(argv=None) -> int:
    args = sys.argv[1:] if argv is None else argv
    for arg in args:
        print(format_duration(int(arg)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
