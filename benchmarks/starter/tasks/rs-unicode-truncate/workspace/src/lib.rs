//! Fitting text into fixed-width table columns for the CLI report printer.
//!
//! Widths are measured in Unicode scalar values (`char`s), not bytes: "né" is 2 wide.

/// The ellipsis appended to truncated text.
pub const ELLIPSIS: char = '…';

/// Returns `text` unchanged if it has at most `max` chars. Otherwise returns the first `max - 1`
/// chars followed by [`ELLIPSIS`], so the result is exactly `max` chars wide.
/// With `max == 0` the result is empty.
pub fn truncate(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = text[..max - 1].to_string();
    out.push(ELLIPSIS);
    out
}

/// Pads `text` with spaces on the right to `width` chars (text that is already wider is
/// returned unchanged).
pub fn pad_right(text: &str, width: usize) -> String {
    let mut out = text.to_string();
    while out.len() < width {
        out.push(' ');
    }
    out
}

/// Pads `text` with spaces on the left to `width` chars (for numbers).
pub fn pad_left(text: &str, width: usize) -> String {
    let len = text.chars().count();
    if len >= width {
        return text.to_string();
    }
    format!("{}{}", " ".repeat(width - len), text)
}

/// Fits `text` into a column of exactly `width` chars: truncated if too long, padded if short.
pub fn fit(text: &str, width: usize) -> String {
    pad_right(&truncate(text, width), width)
}

/// Renders one table row: each cell is fitted to its column width, cells separated by " | ".
pub fn row(cells: &[&str], widths: &[usize]) -> String {
    cells
        .iter()
        .zip(widths)
        .map(|(cell, width)| fit(cell, *width))
        .collect::<Vec<_>>()
        .join(" | ")
}
