"""Turns titles into URL slugs."""
import re
import unicodedata


def slugify(text):
    """Lower-case ASCII words joined by single hyphens: "Hello, World!" becomes "hello-world"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^\w\s-]", "", ascii_text).strip().lower()
    return re.sub(r"\s+", "-", words)
