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

    def test_get_refreshes_recency(self):
        c = LRUCache(2)
        c.put("a", 1)
        c.put("b", 2)
        c.get("a")
        c.put("c", 3)
        self.assertIn("a", c)
        self.assertNotIn("b", c)
        self.assertEqual(c.keys(), ["a", "c"])

    def test_miss_does_not_change_order(self):
        c = LRUCache(3)
        for k in "abc":
            c.put(k, k)
        c.get("x")
        self.assertEqual(c.keys(), ["a", "b", "c"])

    def test_peek_and_contains_do_not_refresh(self):
        c = LRUCache(2)
        c.put("a", 1)
        c.put("b", 2)
        self.assertEqual(c.peek("a"), 1)
        self.assertTrue("a" in c)
        c.put("c", 3)
        self.assertNotIn("a", c)
        self.assertEqual((c.hits, c.misses), (0, 0))

    def test_updating_existing_key_in_full_cache_evicts_nothing(self):
        c = LRUCache(2)
        c.put("a", 1)
        c.put("b", 2)
        c.put("a", 10)
        self.assertEqual(len(c), 2)
        self.assertEqual(c.evictions, 0)
        self.assertEqual(c.peek("a"), 10)
        self.assertEqual(c.peek("b"), 2)
        self.assertEqual(c.keys(), ["b", "a"])

    def test_update_counts_as_use(self):
        c = LRUCache(2)
        c.put("a", 1)
        c.put("b", 2)
        c.put("a", 3)
        c.put("c", 4)
        self.assertEqual(c.keys(), ["a", "c"])
        self.assertEqual(c.evictions, 1)

    def test_capacity_one(self):
        c = LRUCache(1)
        c.put("a", 1)
        c.put("a", 2)
        self.assertEqual(c.get("a"), 2)
        c.put("b", 3)
        self.assertEqual(c.keys(), ["b"])
        self.assertEqual(c.evictions, 1)

    def test_falsy_values_are_hits(self):
        c = LRUCache(2)
        c.put("zero", 0)
        c.put("none", None)
        self.assertEqual(c.get("zero", "miss"), 0)
        self.assertIsNone(c.get("none", "miss"))
        self.assertEqual(c.hits, 2)

    def test_long_sequence(self):
        c = LRUCache(3)
        for step, key in enumerate("abcabdaeacf"):
            if c.get(key) is None:
                c.put(key, step)
        self.assertEqual(c.keys(), ["a", "c", "f"])


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

    def test_hot_key_stays_cached(self):
        calls = []

        @memoize(capacity=2)
        def ident(x):
            calls.append(x)
            return x

        for x in (1, 2, 1, 3, 1, 4, 1):
            ident(x)
        self.assertEqual(calls, [1, 2, 3, 4])


if __name__ == "__main__":
    unittest.main()
