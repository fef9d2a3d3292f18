import unittest

from cachekit import LRUCache, memoize


class LRUCacheTest(unittest.TestCase):
    def test_put_and_get(self):
        c = LRUCache(2)
        c.put("a", 1)
        c.put("b", 2)
        self.assertEqual(c.get("a"), 1)
        self.assertEqual(c.get("zzz", "none"), "none")
        self.assertEqual((c.hits, c.misses), (1, 1))

    def test_evicts_oldest_insert(self):
        c = LRUCache(2)
        c.put("a", 1)
        c.put("b", 2)
        c.put("c", 3)
        self.assertNotIn("a", c)
        self.assertEqual(len(c), 2)

    def test_capacity_validation(self):
        with self.assertRaises(ValueError):
            LRUCache(0)


class MemoizeTest(unittest.TestCase):
    def test_caches_results(self):
        calls = []

        @memoize(capacity=4)
        def square(x):
            calls.append(x)
            return x * x

        self.assertEqual(square(3), 9)
        self.assertEqual(square(3), 9)
        self.assertEqual(calls, [3])


if __name__ == "__main__":
    unittest.main()
