import unittest

from billing.allocation import allocate, split_evenly
from billing.invoice import Share, format_cents, split_invoice


class AllocateTest(unittest.TestCase):
    def test_exact_split(self):
        self.assertEqual(allocate(1000, [1, 1]), [500, 500])

    def test_weighted_exact(self):
        self.assertEqual(allocate(1000, [3, 1]), [750, 250])

    def test_validation(self):
        with self.assertRaises(ValueError):
            allocate(100, [])
        with self.assertRaises(ValueError):
            allocate(100, [0, 0])
        with self.assertRaises(ValueError):
            allocate(100, [1, -1])


class InvoiceTest(unittest.TestCase):
    def test_format(self):
        self.assertEqual(format_cents(12345), "123.45")
        self.assertEqual(format_cents(-5), "-0.05")


if __name__ == "__main__":
    unittest.main()
