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

#[test]
fn accented_text_that_fits_is_unchanged() {
    // 6 chars, 7 bytes
    assert_eq!(truncate("Zürich", 6), "Zürich");
    assert_eq!(truncate("naïve", 5), "naïve");
}

#[test]
fn truncating_multibyte_text_does_not_panic() {
    assert_eq!(truncate("Ångström units", 5), "Ångs…");
    assert_eq!(truncate("日本語のテキスト", 4), "日本語…");
    assert_eq!(truncate("ééééé", 2), "é…");
    assert_eq!(truncate("ééé", 1), "…");
}

#[test]
fn emoji_counts_as_one_char() {
    assert_eq!(truncate("🙂🙂🙂", 3), "🙂🙂🙂");
    assert_eq!(truncate("🙂🙂🙂🙂", 3), "🙂🙂…");
}

#[test]
fn truncated_width_is_exact() {
    let text = "Straße–Bahnhof–Größe";
    for max in 1..25 {
        let out = truncate(text, max);
        assert_eq!(out.chars().count(), max.min(text.chars().count()), "max = {max}");
    }
}

#[test]
fn padding_counts_chars() {
    assert_eq!(pad_right("né", 4), "né  ");
    assert_eq!(pad_right("日本", 3), "日本 ");
    assert_eq!(pad_right("ü", 1), "ü");
}

#[test]
fn fit_and_row_with_unicode() {
    assert_eq!(fit("Müller", 8), "Müller  ");
    assert_eq!(fit("Müller-Lüdenscheidt", 8), "Müller-…");
    assert_eq!(row(&["Grüße", "€12"], &[6, 4]), "Grüße  | €12 ");
    for cell in ["a", "äb", "ääääääääää", "🙂x"] {
        assert_eq!(fit(cell, 5).chars().count(), 5, "cell {cell}");
    }
}
