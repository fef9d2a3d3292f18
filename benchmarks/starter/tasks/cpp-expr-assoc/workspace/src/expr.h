// Arithmetic expressions for spreadsheet-style formulas.
//
// Grammar (usual precedence, lowest first):
//   expression := term { ("+" | "-") term }          left-associative
//   term       := unary { ("*" | "/" | "%") unary }  left-associative
//   unary      := "-" unary | power
//   power      := primary [ "^" unary ]              right-associative: 2^3^2 = 2^9
//   primary    := number | name | "(" expression ")"
// Numbers are decimal (e.g. 3, 0.25, .5); names are letters, digits and '_' starting with a letter
// or '_', looked up in the variables map. "%" is the floating-point remainder (std::fmod).
#pragma once

#include <map>
#include <stdexcept>
#include <string>

namespace formula {

struct ParseError : std::runtime_error {
    ParseError(const std::string& what, std::size_t position)
        : std::runtime_error(what + " at position " + std::to_string(position)), position(position) {}
    std::size_t position;
};

// Throws ParseError for malformed input or unknown names, std::domain_error for division or
// remainder by zero.
double evaluate(const std::string& text, const std::map<std::string, double>& variables = {});

}  // namespace formula
