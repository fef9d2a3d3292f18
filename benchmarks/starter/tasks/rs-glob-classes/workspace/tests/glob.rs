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
