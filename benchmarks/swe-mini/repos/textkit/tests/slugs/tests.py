import unittest

from textkit.slugs import slugify


class SlugifyTests(unittest.TestCase):
    def test_lowercases_words(self):
        self.assertEqual(slugify("Hello World"), "hello-world")

    def test_drops_punctuation(self):
        self.assertEqual(slugify("Hello, World!"), "hello-world")

    def test_strips_accents(self):
        """Accented letters lose their accents."""
        self.assertEqual(slugify("Crème brûlée"), "creme-brulee")
