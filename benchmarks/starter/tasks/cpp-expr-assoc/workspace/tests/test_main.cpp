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

    return check::finish();
}
