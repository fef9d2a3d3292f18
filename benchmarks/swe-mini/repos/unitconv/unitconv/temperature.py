"""Converts temperatures between Celsius, Fahrenheit and Kelvin."""


def celsius_to_fahrenheit(celsius):
    return celsius * 9 / 5 + 32


def fahrenheit_to_celsius(fahrenheit):
    return fahrenheit - 32 * 5 / 9


def celsius_to_kelvin(celsius):
    if celsius < -273.15:
        raise ValueError(f"{celsius} °C is below absolute zero")
    return celsius + 273.15
