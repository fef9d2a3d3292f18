#include <map>
#include <string>

#include "../src/expr.h"
#include "check.h"

using formula::evaluate;

int main() {
    check::run("numbers and precedence", [] {
        CHECK_EQ(7.0, evaluate("1 + 2 * 3"));
        CHECK_EQ(9.0, evaluate("(1 + 2) * 3"));
        CHECK_EQ(0.75, evaluate(".5 + 0.25"));
    });

    check::run("variables", [] {
        const std::map<std::string, double> vars{{"price", 4.0}, {"qty", 3.0}};
        CHECK_EQ(12.0, evaluate("price * qty", vars));
    });

    check::run("errors", [] {
        CHECK_THROWS(formula::ParseError, evaluate("1 +"));
        CHECK_THROWS(formula::ParseError, evaluate("2 * unknown"));
        CHECK_THROWS(std::domain_error, evaluate("1 / 0"));
    });

    check::run("subtraction is left-associative", [] {
        CHECK_EQ(3.0, evaluate("10 - 4 - 3"));
        CHECK_EQ(-4.0, evaluate("1 - 2 - 3"));
        CHECK_EQ(6.0, evaluate("10 - 4 + 3 - 3"));
        CHECK_EQ(8.0, evaluate("10 - 2 - 1 + 1"));
    });

    check::run("division is left-associative", [] {
        CHECK_EQ(2.0, evaluate("16 / 4 / 2"));
        CHECK_EQ(12.0, evaluate("6 / 2 * 4"));
        CHECK_EQ(1.0, evaluate("100 / 10 / 10"));
    });

    check::run("remainder is left-associative", [] {
        CHECK_EQ(1.0, evaluate("30 % 8 % 5"));
        CHECK_EQ(2.0, evaluate("20 % 6 * 1"));
        CHECK_EQ(4.0, evaluate("7 % 4 * 2 - 2"));
    });

    check::run("power stays right-associative", [] {
        CHECK_EQ(512.0, evaluate("2 ^ 3 ^ 2"));
        CHECK_EQ(-4.0, evaluate("-2 ^ 2"));
        CHECK_EQ(0.5, evaluate("2 ^ -1"));
    });

    check::run("mixed formula", [] {
        const std::map<std::string, double> vars{{"gross", 120.0}, {"tax_rate", 20.0}, {"fee", 5.0}};
        CHECK_EQ(91.0, evaluate("gross - gross * tax_rate / 100 - fee", vars));
        CHECK_EQ(19.0, evaluate("gross / 2 / 3 - 1", vars));
    });

    check::run("division by zero is still detected", [] {
        CHECK_THROWS(std::domain_error, evaluate("8 / 2 / 0"));
        CHECK_THROWS(std::domain_error, evaluate("8 % (2 - 2)"));
    });

    check::run("error positions", [] {
        try {
            evaluate("1 - 2 - )");
            CHECK(false);
        } catch (const formula::ParseError& e) {
            CHECK_EQ(static_cast<std::size_t>(8), e.position);
        }
    });

    return check::finish();
}
