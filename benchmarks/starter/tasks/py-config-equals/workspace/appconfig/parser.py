"""Parser for the service's ``.conf`` files.

Format::

    # comment            ; also a comment
    top_level = value    (keys before the first section go into the "" section)
    [section]
    key = value          (whitespace around key and value is ignored)

Keys are case-insensitive (stored lower-case); section names are kept as written. A value is
everything after the first ``=`` on the line, so values may themselves contain ``=``. A key that
appears twice in a section keeps its last value.
"""

from typing import Dict


class ConfigError(ValueError):
    def __init__(self, line_no: int, message: str):
        super().__init__(f"line {line_no}: {message}")
        self.line_no = line_no


def parse_config(text: str) -> Dict[str, Dict[str, str]]:
    sections: Dict[str, Dict[str, str]] = {"": {}}
    current = ""
    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            if not line.endswith("]") or len(line) < 3:
                raise ConfigError(line_no, f"bad section header {line!r}")
            current = line[1:-1].strip()
            sections.setdefault(current, {})
            continue
        parts = line.split("=")
        if len(parts) != 2:
            raise ConfigError(line_no, "expected 'key = value'")
        key, value = parts[0].strip().lower(), parts[1].strip()
        if not key:
            raise ConfigError(line_no, "missing key")
        sections[current][key] = value
    return sections
