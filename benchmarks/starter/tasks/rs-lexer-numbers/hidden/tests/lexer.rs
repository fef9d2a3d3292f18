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

#[test]
fn decimal_numbers() {
    assert_eq!(tokenize("1.25").unwrap(), vec![Token::Number(1.25)]);
    assert_eq!(tokenize("0.5*2").unwrap(), vec![Token::Number(0.5), op("*"), Token::Number(2.0)]);
    assert_eq!(tokenize("3.").unwrap(), vec![Token::Number(3.0)]);
    assert_eq!(tokenize("10.75 + 100").unwrap(), vec![Token::Number(10.75), op("+"), Token::Number(100.0)]);
}

#[test]
fn second_decimal_point_is_an_error() {
    let e = tokenize("x + 1.2.3").unwrap_err();
    assert_eq!(e.offset, 7);
}

#[test]
fn leading_dot_is_not_a_number() {
    assert_eq!(tokenize(".5").unwrap_err().offset, 0);
}

#[test]
fn identifiers_with_digits_and_underscores() {
    assert_eq!(tokenize("floor_2").unwrap(), vec![ident("floor_2")]);
    assert_eq!(tokenize("_tmp").unwrap(), vec![ident("_tmp")]);
    assert_eq!(tokenize("base_price2x").unwrap(), vec![ident("base_price2x")]);
    assert_eq!(tokenize("a1+b_2").unwrap(), vec![ident("a1"), op("+"), ident("b_2")]);
}

#[test]
fn number_followed_by_name() {
    assert_eq!(tokenize("2x").unwrap(), vec![Token::Number(2.0), ident("x")]);
}

#[test]
fn full_rule() {
    assert_eq!(
        tokenize("max(base_price * 1.2, floor_2) != 10.5").unwrap(),
        vec![
            ident("max"),
            Token::LParen,
            ident("base_price"),
            op("*"),
            Token::Number(1.2),
            Token::Comma,
            ident("floor_2"),
            Token::RParen,
            op("!="),
            Token::Number(10.5),
        ]
    );
}

#[test]
fn unicode_names_and_offsets() {
    assert_eq!(tokenize("größe_1 * 2").unwrap(), vec![ident("größe_1"), op("*"), Token::Number(2.0)]);
    // offsets are byte offsets
    assert_eq!(tokenize("größe ? 1").unwrap_err().offset, 8);
}
