"""A least-recently-used cache."""

from collections import OrderedDict
from typing import Any, Hashable, List

_MISSING = object()


class LRUCache:
    """Keeps at most ``capacity`` entries.

    Both ``get`` (on a hit) and ``put`` count as a use of the key. When a new key is added to a
    full cache, the least recently used entry is evicted. ``in`` checks and ``peek`` do not count
    as a use.
    """

    def __init__(self, capacity: int):
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self._data: "OrderedDict[Hashable, Any]" = OrderedDict()
        self.hits = 0
        self.misses = 0
        self.evictions = 0

    def get(self, key: Hashable, default: Any = None) -> Any:
        value = self._data.get(key, _MISSING)
        if value is _MISSING:
            self.misses += 1
            return default
        self.hits += 1
        return value

    def peek(self, key: Hashable, default: Any = None) -> Any:
        return self._data.get(key, default)

    def put(self, key: Hashable, value: Any) -> None:
        if len(self._data) >= self.capacity:
            self._data.popitem(last=False)
            self.evictions += 1
        self._data[key] = value
        self._data.move_to_end(key)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._data

    def __len__(self) -> int:
        return len(self._data)

    def keys(self) -> List[Hashable]:
        """Keys from least to most recently used."""
        return list(self._data.keys())
