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

    def test_remainder_goes_to_earliest_on_ties(self):
        self.assertEqual(allocate(1000, [1, 1, 1]), [334, 333, 333])
        self.assertEqual(allocate(100, [1, 1, 1, 1, 1, 1]), [17, 17, 17, 17, 16, 16])

    def test_remainder_goes_to_largest_fraction(self):
        # shares: 2.5, 3.75, 3.75 -> floors 2, 3, 3; fractions .5, .75, .75
        self.assertEqual(allocate(10, [2, 3, 3]), [2, 4, 4])
        # shares: 3.5, 3.5, 7.0 -> floors 3, 3, 7 = 13; the one spare cent goes to the first tie
        self.assertEqual(allocate(14, [1, 1, 2]), [4, 3, 7])

    def test_zero_ratio_gets_nothing(self):
        self.assertEqual(allocate(101, [1, 0, 1]), [51, 0, 50])

    def test_sum_is_preserved(self):
        for amount in (1, 7, 99, 100, 1001, 123457):
            for ratios in ([1], [1, 1, 1], [2, 3, 5], [7, 0, 13, 1], [1] * 9):
                parts = allocate(amount, ratios)
                self.assertEqual(sum(parts), amount, (amount, ratios))
                self.assertEqual(len(parts), len(ratios))

    def test_each_part_is_within_one_cent_of_its_share(self):
        amount, ratios = 1003, [5, 11, 17, 2]
        total = sum(ratios)
        for part, r in zip(allocate(amount, ratios), ratios):
            self.assertLess(abs(part - amount * r / total), 1)

    def test_negative_amount_is_symmetric(self):
        self.assertEqual(allocate(-1000, [1, 1, 1]), [-334, -333, -333])
        self.assertEqual(allocate(-10, [2, 3, 3]), [-2, -4, -4])

    def test_split_evenly(self):
        self.assertEqual(split_evenly(10, 3), [4, 3, 3])
        self.assertEqual(split_evenly(2, 4), [1, 1, 0, 0])
        with self.assertRaises(ValueError):
            split_evenly(10, 0)


class InvoiceTest(unittest.TestCase):
    def test_format(self):
        self.assertEqual(format_cents(12345), "123.45")
        self.assertEqual(format_cents(-5), "-0.05")

    def test_invoice_adds_up(self):
        owed = split_invoice(8999, [Share("ana", 1), Share("ben", 1), Share("cho", 1)])
        self.assertEqual(owed, {"ana": 3000, "ben": 3000, "cho": 2999})
        self.assertEqual(sum(owed.values()), 8999)


if __name__ == "__main__":
    unittest.main()
