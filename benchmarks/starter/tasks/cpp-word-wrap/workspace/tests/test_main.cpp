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

    return check::finish();
}
