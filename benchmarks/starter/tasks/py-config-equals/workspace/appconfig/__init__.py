from .parser import ConfigError, parse_config
from .settings import Settings

__all__ = ["ConfigError", "Settings", "parse_config"]
