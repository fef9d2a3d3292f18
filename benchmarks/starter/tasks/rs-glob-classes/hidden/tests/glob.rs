use pathglob::{filter, matches};

#[test]
fn literals() {
    assert!(matches("notes.txt", "notes.txt"));
    assert!(!matches("notes.txt", "notes.txt.bak"));
    assert!(!matches("Notes.txt", "notes.txt"));
}

#[test]
fn star() {
    assert!(matches("*.txt", "notes.txt"));
    assert!(matches("*", ""));
    assert!(matches("a*b*c", "aXXbYYc"));
    assert!(matches("logs/*", "logs/2024/app.log"));
    assert!(!matches("*.txt", "notes.md"));
}

#[test]
fn filter_keeps_order() {
    assert_eq!(filter("*.rs", &["b.rs", "a.md", "a.rs"]), vec!["b.rs", "a.rs"]);
}

#[test]
fn question_mark_matches_exactly_one_char() {
    assert!(matches("file?.log", "file1.log"));
    assert!(!matches("file?.log", "file.log"));
    assert!(!matches("file?.log", "file12.log"));
    assert!(matches("??", "éß"));
    assert!(matches("a?c*", "abcdef"));
    assert!(matches("*?", "x"));
    assert!(!matches("*?", ""));
}

#[test]
fn character_sets() {
    assert!(matches("[abc].txt", "b.txt"));
    assert!(!matches("[abc].txt", "d.txt"));
    assert!(!matches("[abc].txt", "ab.txt"));
    assert!(matches("img[0-9][0-9].png", "img42.png"));
    assert!(!matches("img[0-9][0-9].png", "img4x.png"));
    assert!(matches("[a-cx-z]", "y"));
    assert!(!matches("[a-cx-z]", "m"));
}

#[test]
fn negated_sets() {
    assert!(matches("[!0-9]*", "readme"));
    assert!(!matches("[!0-9]*", "1readme"));
    assert!(matches("data.[!b]ak", "data.tak"));
    assert!(!matches("data.[!b]ak", "data.bak"));
    assert!(!matches("[!a]", ""));
}

#[test]
fn special_characters_inside_sets() {
    // ']' first in the set (or right after '!') is a member; '-' first or last is a member.
    assert!(matches("[]]", "]"));
    assert!(matches("[!]]", "x"));
    assert!(!matches("[!]]", "]"));
    assert!(matches("[-x]", "-"));
    assert!(matches("[x-]", "-"));
    assert!(matches("[*?]", "*"));
    assert!(!matches("[*?]", "a"));
}

#[test]
fn unclosed_bracket_is_literal() {
    assert!(matches("[abc", "[abc"));
    assert!(!matches("[abc", "a"));
    assert!(matches("a[*", "a[xyz"));
}

#[test]
fn backslash_escapes() {
    assert!(matches(r"what\?", "what?"));
    assert!(!matches(r"what\?", "whatX"));
    assert!(matches(r"\*.txt", "*.txt"));
    assert!(!matches(r"\*.txt", "a.txt"));
    assert!(matches(r"\[x]", "[x]"));
    assert!(matches(r"a\\b", r"a\b"));
}

#[test]
fn combined_with_star() {
    assert!(matches("*.[ch]", "main.c"));
    assert!(matches("*.[ch]", "util.h"));
    assert!(!matches("*.[ch]", "main.cpp"));
    assert!(matches("backup-20[0-9][0-9]-??-*.tar", "backup-2024-03-full.tar"));
    assert!(matches("*[0-9]", "release-v2"));
    assert!(!matches("*[0-9]", "release-v"));
}

#[test]
fn filter_with_classes() {
    let names = ["log1.txt", "log2.txt", "logA.txt", "log10.txt"];
    assert_eq!(filter("log[0-9].txt", &names), vec!["log1.txt", "log2.txt"]);
    assert_eq!(filter("log?.txt", &names), vec!["log1.txt", "log2.txt", "logA.txt"]);
}
