#include <string>
#include <vector>

#include "../src/wrap.h"
#include "check.h"

using Lines = std::vector<std::string>;

int main() {
    check::run("short text stays on one line", [] {
        CHECK_EQ((Lines{"hello world"}), textwrap::wrap("hello   world", 20));
    });

    check::run("no words, no lines", [] {
        CHECK_EQ(Lines{}, textwrap::wrap("   \n\t ", 10));
    });

    check::run("zero width is rejected", [] {
        CHECK_THROWS(std::invalid_argument, textwrap::wrap("a", 0));
    });

    check::run("lines never exceed the width", [] {
        CHECK_EQ((Lines{"aaa", "bbb"}), textwrap::wrap("aaa bbb", 6));
        CHECK_EQ((Lines{"aaa bbb"}), textwrap::wrap("aaa bbb", 7));
        CHECK_EQ((Lines{"the quick", "brown fox", "jumps over", "the lazy", "dog"}),
                 textwrap::wrap("the quick brown fox jumps over the lazy dog", 10));
    });

    check::run("every line fits for many widths", [] {
        const std::string text = "Usage: tool [options] <input> -- convert files between several formats quickly";
        for (std::size_t w = 1; w <= 40; ++w) {
            for (const std::string& line : textwrap::wrap(text, w)) {
                CHECK(line.size() <= w);
                CHECK(!line.empty() && line.front() != ' ' && line.back() != ' ');
            }
        }
    });

    check::run("long word is cut after the current line", [] {
        CHECK_EQ((Lines{"see", "abcdefgh", "ij end"}), textwrap::wrap("see abcdefghij end", 8));
    });

    check::run("long word at the start", [] {
        CHECK_EQ((Lines{"abcd", "efgh", "ij k"}), textwrap::wrap("abcdefghij k", 4));
    });

    check::run("word exactly the width", [] {
        CHECK_EQ((Lines{"ab", "abcd", "ef"}), textwrap::wrap("ab abcd ef", 4));
    });

    check::run("words are kept in order", [] {
        const Lines lines = textwrap::wrap("one two https://example.com/a/very/long/path three", 12);
        CHECK_EQ((Lines{"one two", "https://exam", "ple.com/a/ve", "ry/long/path", "three"}), lines);
    });

    check::run("fill keeps paragraphs", [] {
        const std::string text = "first paragraph has words\nspread over lines\n\n\nsecond one";
        CHECK_EQ(std::string("first\nparagraph\nhas words\nspread\nover lines\n\nsecond one"), textwrap::fill(text, 10));
    });

    return check::finish();
}
