use rulelex::{tokenize, LexError, Token};

fn ident(s: &str) -> Token {
    Token::Ident(s.to_string())
}

fn op(s: &str) -> Token {
    Token::Op(s.to_string())
}

#[test]
fn integers_operators_and_names() {
    assert_eq!(
        tokenize("price * 3 >= limit").unwrap(),
        vec![ident("price"), op("*"), Token::Number(3.0), op(">="), ident("limit")]
    );
}

#[test]
fn calls_and_strings() {
    assert_eq!(
        tokenize(r#"tag("a \"b\"", x)"#).unwrap(),
        vec![ident("tag"), Token::LParen, Token::Str("a \"b\"".into()), Token::Comma, ident("x"), Token::RParen]
    );
}

#[test]
fn errors_have_offsets() {
    assert_eq!(tokenize("a # b").unwrap_err().offset, 2);
    assert_eq!(tokenize("\"open").unwrap_err(), LexError { offset: 0, message: "unterminated string".into() });
}
