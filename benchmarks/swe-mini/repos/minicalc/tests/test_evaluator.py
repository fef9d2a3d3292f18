import pytest

from minicalc import evaluate


def test_addition():
    assert evaluate("1 + 2 + 3") == 6


def test_precedence():
    assert evaluate("2 + 3 * 4") == 14


def test_parentheses():
    assert evaluate("(2 + 3) * 4") == 20


def test_power():
    assert evaluate("2 ** 10") == 1024


def test_rejects_garbage():
    with pytest.raises(ValueError):
        evaluate("2 + x")


def test_subtraction_is_left_associative():
    assert evaluate("10 - 4 - 3") == 3
