//! Shell-style wildcard matching for the backup tool's include/exclude rules.
//!
//! Supported syntax:
//!
//! * `*` matches any sequence of characters, including the empty one;
//! * every other character matches itself.
//!
//! Matching is on whole strings and case-sensitive; `*` also matches `/` (rules apply to the
//! whole relative path).

/// Returns true when `text` matches `pattern` completely.
pub fn matches(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    // Position of the last '*' seen and the text position it is currently assumed to cover up to.
    let mut backtrack: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == '*' {
            backtrack = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if let Some((star, covered)) = backtrack {
            pi = star + 1;
            ti = covered + 1;
            backtrack = Some((star, covered + 1));
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// The names matching `pattern`, in their original order.
pub fn filter<'a>(pattern: &str, names: &[&'a str]) -> Vec<&'a str> {
    names.iter().copied().filter(|name| matches(pattern, name)).collect()
}
