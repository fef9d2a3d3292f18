#!/usr/bin/env python3
"""Runs the tests named by module label (slugs.tests) and prints them as Django's test runner does at --verbosity 2.

It takes the options Django's runner takes (--verbosity, --settings, --parallel) so that the same command line runs it,
and tests textkit as installed in the environment, as Django's runner tests the installed django: a change to the
repository counts only once it is installed again.
"""
import argparse
import os
import sys
import unittest

TESTS = os.path.dirname(os.path.abspath(__file__))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("labels", nargs="*")
    parser.add_argument("--verbosity", type=int, default=1)
    parser.add_argument("--settings")
    parser.add_argument("--parallel", type=int, default=1)
    options = parser.parse_args()
    sys.path.insert(0, TESTS)
    import textkit
    labels = options.labels or sorted(
        f"{name}.tests" for name in os.listdir(TESTS) if os.path.exists(os.path.join(TESTS, name, "tests.py")))
    print(f"Testing against textkit installed in '{os.path.dirname(textkit.__file__)}' with up to {options.parallel} processes",
          file=sys.stderr)
    suite = unittest.defaultTestLoader.loadTestsFromNames(labels)
    print("System check identified no issues (0 silenced).", file=sys.stderr)
    result = unittest.TextTestRunner(verbosity=options.verbosity).run(suite)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
