// Greedy word wrapping for the terminal help printer.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace textwrap {

// Splits `text` into lines of at most `width` characters (bytes; input is ASCII).
// Words are separated by any whitespace; on output, words on one line are separated by exactly
// one space, lines have no leading or trailing spaces, and each line holds as many words as fit.
// A word longer than `width` starts on a new line and is cut into pieces of `width` characters;
// the last piece may be followed by further words on the same line if they fit.
// Throws std::invalid_argument when width is 0. Text without words yields no lines.
std::vector<std::string> wrap(const std::string& text, std::size_t width);

// Wraps each paragraph (paragraphs are separated by one or more blank lines) and joins the result
// with "\n", keeping one empty line between paragraphs.
std::string fill(const std::string& text, std::size_t width);

}  // namespace textwrap
