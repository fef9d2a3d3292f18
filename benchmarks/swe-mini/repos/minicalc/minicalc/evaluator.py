"""Evaluates integer arithmetic: + - * / ** and parentheses, by recursive descent."""
import re

_TOKEN = re.compile(r"\s*(\d+|\*\*|[-+*/()])")


def tokenize(text):
    tokens, position = [], 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match:
            raise ValueError(f"unexpected character at {position}: {text[position]!r}")
        tokens.append(match.group(1))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens):
        self.tokens = tokens
        self.index = 0

    def peek(self):
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self):
        token = self.peek()
        self.index += 1
        return token

    def sum(self):
        value = self.product()
        while self.peek() in ("+", "-"):
            value = value + self.product() if self.take() == "+" else value - self.product()
        return value

    def product(self):
        value = self.power()
        while self.peek() in ("*", "/"):
            if self.take() == "*":
                value *= self.power()
            else:
                value //= self.power()
        return value

    def power(self):
        value = self.atom()
        while self.peek() == "**":
            self.take()
            value = value ** self.atom()
        return value

    def atom(self):
        token = self.take()
        if token == "(":
            value = self.sum()
            if self.take() != ")":
                raise ValueError("missing )")
            return value
        if token == "-":
            return -self.atom()
        if token is None or not token.isdigit():
            raise ValueError(f"expected a number, got {token!r}")
        return int(token)


def evaluate(text):
    parser = _Parser(tokenize(text))
    value = parser.sum()
    if parser.peek() is not None:
        raise ValueError(f"unexpected {parser.peek()!r}")
    return value
