import unittest

from appconfig import ConfigError, Settings, parse_config

SAMPLE = """
# service settings
name = billing

[http]
Port = 8080
tls = yes

; database
[db]
host = localhost
"""


class ParseTest(unittest.TestCase):
    def test_sections_and_keys(self):
        cfg = parse_config(SAMPLE)
        self.assertEqual(cfg[""], {"name": "billing"})
        self.assertEqual(cfg["http"], {"port": "8080", "tls": "yes"})
        self.assertEqual(cfg["db"], {"host": "localhost"})

    def test_line_without_equals_is_an_error(self):
        with self.assertRaises(ConfigError) as ctx:
            parse_config("[a]\njust words\n")
        self.assertEqual(ctx.exception.line_no, 2)


class SettingsTest(unittest.TestCase):
    def test_typed_getters(self):
        s = Settings.from_text(SAMPLE)
        self.assertEqual(s.get_int("http", "PORT"), 8080)
        self.assertTrue(s.get_bool("http", "tls"))
        self.assertEqual(s.get("db", "user", "postgres"), "postgres")


if __name__ == "__main__":
    unittest.main()
