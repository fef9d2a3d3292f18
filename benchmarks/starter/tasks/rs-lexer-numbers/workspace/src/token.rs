use std::fmt;

/// A token of the pricing-rule language, e.g. `max(base_price * 1.2, floor_2) >= 10`.
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    /// Decimal number: digits with an optional fractional part (`12`, `0.5`, `3.`). No sign,
    /// no exponent.
    Number(f64),
    /// Identifier: a letter or `_` followed by letters, digits or `_`.
    Ident(String),
    /// Double-quoted string; `\"` and `\\` are the only escapes.
    Str(String),
    /// Operator: `+ - * / < > <= >= == !=`.
    Op(String),
    LParen,
    RParen,
    Comma,
}

/// A lexing error with the byte offset where it happened.
#[derive(Debug, Clone, PartialEq)]
pub struct LexError {
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for LexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at offset {}", self.message, self.offset)
    }
}

impl std::error::Error for LexError {}
