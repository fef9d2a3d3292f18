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

    def test_value_containing_equals(self):
        cfg = parse_config("[db]\nurl = postgres://db/main?sslmode=require&connect_timeout=5\n")
        self.assertEqual(cfg["db"]["url"], "postgres://db/main?sslmode=require&connect_timeout=5")

    def test_value_that_is_only_equals_signs(self):
        self.assertEqual(parse_config("sep = ===")[""]["sep"], "===")

    def test_base64_padding_in_value(self):
        cfg = parse_config("[auth]\nsecret=c2VjcmV0IQ==\n")
        self.assertEqual(cfg["auth"]["secret"], "c2VjcmV0IQ==")

    def test_empty_value(self):
        self.assertEqual(parse_config("[a]\nkey =\n")["a"]["key"], "")

    def test_missing_key_is_an_error(self):
        with self.assertRaises(ConfigError) as ctx:
            parse_config("[a]\n= value=1\n")
        self.assertEqual(ctx.exception.line_no, 2)

    def test_last_value_wins(self):
        self.assertEqual(parse_config("[a]\nx = 1\nX = a=b\n")["a"]["x"], "a=b")


class SettingsTest(unittest.TestCase):
    def test_typed_getters(self):
        s = Settings.from_text(SAMPLE)
        self.assertEqual(s.get_int("http", "PORT"), 8080)
        self.assertTrue(s.get_bool("http", "tls"))
        self.assertEqual(s.get("db", "user", "postgres"), "postgres")

    def test_connection_string(self):
        s = Settings.from_text("[db]\ndsn = host=db port=5432 user=app\npool = 4\n")
        self.assertEqual(s.get("db", "dsn"), "host=db port=5432 user=app")
        self.assertEqual(s.get_int("db", "pool"), 4)


if __name__ == "__main__":
    unittest.main()
