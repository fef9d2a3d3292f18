import unittest

from jobtime.durations import format_duration, parse_duration


class FormatTest(unittest.TestCase):
    def test_examples(self):
        self.assertEqual(format_duration(0), "0s")
        self.assertEqual(format_duration(45), "45s")
        self.assertEqual(format_duration(5400), "1h 30m")
        self.assertEqual(format_duration(2 * 86400 + 4 * 3600 + 5), "2d 4h 5s")

    def test_negative(self):
        with self.assertRaises(ValueError):
            format_duration(-1)


class ParseTest(unittest.TestCase):
    def test_single_units(self):
        self.assertEqual(parse_duration("45s"), 45)
        self.assertEqual(parse_duration("3m"), 180)
        self.assertEqual(parse_duration("2h"), 7200)
        self.assertEqual(parse_duration("1d"), 86400)

    def test_combined(self):
        self.assertEqual(parse_duration("1h 30m"), 5400)
        self.assertEqual(parse_duration("2d 4h 5s"), 2 * 86400 + 4 * 3600 + 5)

    def test_spaces_are_optional(self):
        self.assertEqual(parse_duration("1h30m"), 5400)
        self.assertEqual(parse_duration("  1d  2h\t3m 4s "), 86400 + 7200 + 180 + 4)

    def test_counts_may_exceed_the_next_unit(self):
        self.assertEqual(parse_duration("90m"), 5400)
        self.assertEqual(parse_duration("36h"), 129600)

    def test_zero(self):
        self.assertEqual(parse_duration("0s"), 0)
        self.assertEqual(parse_duration("0h 0m"), 0)

    def test_multi_digit_counts(self):
        self.assertEqual(parse_duration("120s"), 120)
        self.assertEqual(parse_duration("10d 10h"), 10 * 86400 + 36000)

    def test_round_trip(self):
        for seconds in (0, 1, 59, 60, 61, 3599, 3600, 86399, 86400, 90061, 1000000):
            self.assertEqual(parse_duration(format_duration(seconds)), seconds)

    def test_invalid(self):
        for text in ("", "   ", "10", "5x", "h", "1.5h", "-5m", "1h -5m", "1 h", "30m 1h", "1h 1h",
                     "2d 3d", "1h30", "abc", "1h, 30m", "1H"):
            with self.subTest(text=text):
                with self.assertRaises(ValueError):
                    parse_duration(text)

    def test_rejects_non_ascii_digits(self):
        with self.assertRaises(ValueError):
            parse_duration("\u0661h")


if __name__ == "__main__":
    unittest.main()
