"""Typed access to parsed configuration."""

from typing import Dict, Optional

from .parser import parse_config

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class Settings:
    def __init__(self, sections: Dict[str, Dict[str, str]]):
        self._sections = sections

    @classmethod
    def from_text(cls, text: str) -> "Settings":
        return cls(parse_config(text))

    def get(self, section: str, key: str, default: Optional[str] = None) -> Optional[str]:
        return self._sections.get(section, {}).get(key.lower(), default)

    def get_int(self, section: str, key: str, default: int = 0) -> int:
        value = self.get(section, key)
        return default if value is None else int(value)

    def get_bool(self, section: str, key: str, default: bool = False) -> bool:
        value = self.get(section, key)
        if value is None:
            return default
        lowered = value.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ValueError(f"not a boolean: {value!r}")
