#include <string>

#include "../src/paths.h"
#include "check.h"

int main() {
    check::run("join", [] {
        CHECK_EQ(std::string("a/b"), paths::join("a", "b"));
        CHECK_EQ(std::string("a/b"), paths::join("a/", "b"));
        CHECK_EQ(std::string("/etc"), paths::join("a", "/etc"));
        CHECK_EQ(std::string("x"), paths::join("", "x"));
    });

    check::run("basename", [] {
        CHECK_EQ(std::string("c.txt"), paths::basename("a/b/c.txt"));
        CHECK_EQ(std::string("b"), paths::basename("a/b/"));
        CHECK_EQ(std::string("/"), paths::basename("///"));
    });

    check::run("extension", [] {
        CHECK_EQ(std::string(".gz"), paths::extension("a/b.tar.gz"));
        CHECK_EQ(std::string(""), paths::extension(".bashrc"));
        CHECK_EQ(std::string(""), paths::extension("Makefile"));
    });

    return check::finish();
}
