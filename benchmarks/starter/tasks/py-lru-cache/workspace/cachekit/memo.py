"""Memoization decorator backed by LRUCache."""

import functools

from .lru import LRUCache

_SENTINEL = object()


def memoize(capacity: int = 128):
    def decorator(fn):
        cache = LRUCache(capacity)

        @functools.wraps(fn)
        def wrapper(*args):
            result = cache.get(args, _SENTINEL)
            if result is _SENTINEL:
                result = fn(*args)
                cache.put(args, result)
            return result

        wrapper.cache = cache
        return wrapper

    return decorator
