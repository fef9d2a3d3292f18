//! Lexer for the pricing-rule language.

mod token;

pub use token::{LexError, Token};

/// Splits `source` into tokens. Whitespace separates tokens and is otherwise ignored.
pub fn tokenize(source: &str) -> Result<Vec<Token>, LexError> {
    let chars: Vec<(usize, char)> = source.char_indices().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let err = |offset: usize, message: &str| LexError { offset, message: message.to_string() };

    while i < chars.len() {
        let (offset, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].1.is_ascii_digit() {
                i += 1;
            }
            let text: String = chars[start..i].iter().map(|&(_, ch)| ch).collect();
            let value = text.parse::<f64>().map_err(|_| err(offset, "bad number"))?;
            tokens.push(Token::Number(value));
        } else if c.is_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].1.is_alphabetic() {
                i += 1;
            }
            tokens.push(Token::Ident(chars[start..i].iter().map(|&(_, ch)| ch).collect()));
        } else if c == '"' {
            i += 1;
            let mut value = String::new();
            loop {
                match chars.get(i) {
                    None => return Err(err(offset, "unterminated string")),
                    Some(&(_, '"')) => {
                        i += 1;
                        break;
                    }
                    Some(&(at, '\\')) => match chars.get(i + 1) {
                        Some(&(_, e @ ('"' | '\\'))) => {
                            value.push(e);
                            i += 2;
                        }
                        _ => return Err(err(at, "bad escape")),
                    },
                    Some(&(_, ch)) => {
                        value.push(ch);
                        i += 1;
                    }
                }
            }
            tokens.push(Token::Str(value));
        } else {
            let next = chars.get(i + 1).map(|&(_, ch)| ch);
            let (token, width) = match (c, next) {
                ('(', _) => (Token::LParen, 1),
                (')', _) => (Token::RParen, 1),
                (',', _) => (Token::Comma, 1),
                ('<' | '>' | '=' | '!', Some('=')) => (Token::Op(format!("{c}=")), 2),
                ('+' | '-' | '*' | '/' | '<' | '>', _) => (Token::Op(c.to_string()), 1),
                _ => return Err(err(offset, &format!("unexpected character '{c}'"))),
            };
            tokens.push(token);
            i += width;
        }
    }
    Ok(tokens)
}
