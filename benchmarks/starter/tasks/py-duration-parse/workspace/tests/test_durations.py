import unittest

from jobtime.durations import format_duration


class FormatTest(unittest.TestCase):
    def test_examples(self):
        self.assertEqual(format_duration(0), "0s")
        self.assertEqual(format_duration(45), "45s")
        self.assertEqual(format_duration(5400), "1h 30m")
        self.assertEqual(format_duration(2 * 86400 + 4 * 3600 + 5), "2d 4h 5s")

    def test_negative(self):
        with self.assertRaises(ValueError):
            format_duration(-1)


if __name__ == "__main__":
    unittest.main()
