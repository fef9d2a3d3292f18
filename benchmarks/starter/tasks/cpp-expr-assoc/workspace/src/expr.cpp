#include "expr.h"

#include <cctype>
#include <cmath>

namespace formula {

namespace {

class Parser {
public:
    Parser(const std::string& text, const std::map<std::string, double>& vars) : text_(text), vars_(vars) {}

    double parse() {
        double value = expression();
        skip_spaces();
        if (pos_ != text_.size()) {
            throw ParseError(std::string("unexpected '") + text_[pos_] + "'", pos_);
        }
        return value;
    }

private:
    double expression() {
        double left = term();
        if (accept('+')) return left + expression();
        if (accept('-')) return left - expression();
        return left;
    }

    double term() {
        double left = unary();
        if (accept('*')) return left * term();
        if (accept('/')) return divide(left, term());
        if (accept('%')) return remainder(left, term());
        return left;
    }

    double unary() {
        if (accept('-')) return -unary();
        return power();
    }

    double power() {
        double base = primary();
        if (accept('^')) return std::pow(base, unary());
        return base;
    }

    double primary() {
        skip_spaces();
        if (pos_ >= text_.size()) throw ParseError("unexpected end of input", pos_);
        const char c = text_[pos_];
        if (c == '(') {
            ++pos_;
            double value = expression();
            if (!accept(')')) throw ParseError("expected ')'", pos_);
            return value;
        }
        if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') return number();
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') return variable();
        throw ParseError(std::string("unexpected '") + c + "'", pos_);
    }

    double number() {
        const std::size_t start = pos_;
        while (pos_ < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '.')) {
            ++pos_;
        }
        const std::string digits = text_.substr(start, pos_ - start);
        if (digits == "." || digits.find('.') != digits.rfind('.')) throw ParseError("bad number", start);
        return std::stod(digits);
    }

    double variable() {
        const std::size_t start = pos_;
        while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) {
            ++pos_;
        }
        const std::string name = text_.substr(start, pos_ - start);
        const auto it = vars_.find(name);
        if (it == vars_.end()) throw ParseError("unknown name '" + name + "'", start);
        return it->second;
    }

    static double divide(double a, double b) {
        if (b == 0.0) throw std::domain_error("division by zero");
        return a / b;
    }

    static double remainder(double a, double b) {
        if (b == 0.0) throw std::domain_error("remainder by zero");
        return std::fmod(a, b);
    }

    bool accept(char c) {
        skip_spaces();
        if (pos_ < text_.size() && text_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }

    void skip_spaces() {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    }

    const std::string& text_;
    const std::map<std::string, double>& vars_;
    std::size_t pos_ = 0;
};

}  // namespace

double evaluate(const std::string& text, const std::map<std::string, double>& variables) {
    return Parser(text, variables).parse();
}

}  // namespace formula
