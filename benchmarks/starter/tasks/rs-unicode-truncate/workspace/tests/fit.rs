use textfit::{fit, pad_left, pad_right, row, truncate};

#[test]
fn short_ascii_is_unchanged() {
    assert_eq!(truncate("hello", 10), "hello");
    assert_eq!(truncate("hello", 5), "hello");
}

#[test]
fn long_ascii_is_truncated_with_ellipsis() {
    assert_eq!(truncate("hello world", 8), "hello w…");
    assert_eq!(truncate("abc", 0), "");
}

#[test]
fn padding_ascii() {
    assert_eq!(pad_right("ab", 4), "ab  ");
    assert_eq!(pad_left("42", 5), "   42");
}

#[test]
fn ascii_row() {
    assert_eq!(row(&["id", "description"], &[4, 6]), "id   | descr…");
    assert_eq!(fit("x", 3), "x  ");
}
