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

    def test_empty_input(self):
        self.assertEqual(merge([]), [])

    def test_drops_empty_intervals(self):
        self.assertEqual(merge([(600, 600), (540, 560)]), [(540, 560)])

    def test_unsorted_input(self):
        self.assertEqual(merge([(700, 720), (540, 600), (590, 620)]), [(540, 620), (700, 720)])

    def test_unsorted_disjoint(self):
        self.assertEqual(merge([(900, 960), (540, 600), (700, 720)]), [(540, 600), (700, 720), (900, 960)])

    def test_contained_interval_keeps_outer_end(self):
        self.assertEqual(merge([(540, 720), (600, 630)]), [(540, 720)])

    def test_many_nested_and_unsorted(self):
        data = [(100, 200), (50, 60), (150, 160), (55, 58), (199, 250), (300, 310), (60, 70)]
        self.assertEqual(merge(data), [(50, 70), (100, 250), (300, 310)])

    def test_accepts_generator(self):
        self.assertEqual(merge(iter([(10, 20), (0, 5)])), [(0, 5), (10, 20)])

    def test_does_not_modify_input(self):
        data = [(30, 40), (0, 10)]
        merge(data)
        self.assertEqual(data, [(30, 40), (0, 10)])

    def test_total_minutes(self):
        self.assertEqual(total_minutes([(600, 660), (540, 570), (620, 640)]), 90)


class AvailabilityTest(unittest.TestCase):
    def test_gaps(self):
        busy = [(540, 600), (660, 720)]
        self.assertEqual(free_slots(busy, 480, 780), [(480, 540), (600, 660), (720, 780)])

    def test_format(self):
        self.assertEqual(format_slot((545, 600)), "09:05-10:00")

    def test_unsorted_bookings(self):
        busy = [(660, 720), (540, 600)]
        self.assertEqual(free_slots(busy, 480, 780), [(480, 540), (600, 660), (720, 780)])

    def test_booking_inside_a_longer_booking(self):
        busy = [(540, 720), (570, 600)]
        self.assertEqual(free_slots(busy, 480, 780), [(480, 540), (720, 780)])

    def test_min_length(self):
        busy = [(540, 600), (610, 700)]
        self.assertEqual(free_slots(busy, 540, 720, min_length=15), [(700, 720)])

    def test_fully_booked(self):
        self.assertEqual(free_slots([(400, 900), (500, 600)], 480, 780), [])


if __name__ == "__main__":
    unittest.main()
