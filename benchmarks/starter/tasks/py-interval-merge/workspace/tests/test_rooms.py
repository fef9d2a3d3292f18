import unittest

from rooms.availability import format_slot, free_slots
from rooms.intervals import merge, total_minutes


class MergeTest(unittest.TestCase):
    def test_sorted_overlapping(self):
        self.assertEqual(merge([(540, 600), (570, 660)]), [(540, 660)])

    def test_touching(self):
        self.assertEqual(merge([(540, 600), (600, 630)]), [(540, 630)])

    def test_rejects_backwards_interval(self):
        with self.assertRaises(ValueError):
            merge([(600, 540)])


class AvailabilityTest(unittest.TestCase):
    def test_gaps(self):
        busy = [(540, 600), (660, 720)]
        self.assertEqual(free_slots(busy, 480, 780), [(480, 540), (600, 660), (720, 780)])

    def test_format(self):
        self.assertEqual(format_slot((545, 600)), "09:05-10:00")


if __name__ == "__main__":
    unittest.main()
