from unitconv.temperature import celsius_to_fahrenheit, celsius_to_kelvin


def test_celsius_to_fahrenheit():
    assert celsius_to_fahrenheit(100) == 212


def test_celsius_to_kelvin():
    assert celsius_to_kelvin(0) == 273.15


def test_below_absolute_zero():
    try:
        celsius_to_kelvin(-300)
    except ValueError:
        return
    raise AssertionError("no error below absolute zero")
