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

    check::run("normalize leaves clean paths alone", [] {
        CHECK_EQ(std::string("a/b/c"), paths::normalize("a/b/c"));
        CHECK_EQ(std::string("/usr/lib"), paths::normalize("/usr/lib"));
        CHECK_EQ(std::string("/"), paths::normalize("/"));
        CHECK_EQ(std::string(".."), paths::normalize(".."));
    });

    check::run("normalize collapses slashes and drops trailing ones", [] {
        CHECK_EQ(std::string("a/b"), paths::normalize("a//b/"));
        CHECK_EQ(std::string("/a/b"), paths::normalize("///a///b//"));
        CHECK_EQ(std::string("/"), paths::normalize("////"));
    });

    check::run("normalize removes dot segments", [] {
        CHECK_EQ(std::string("a/b"), paths::normalize("./a/./b/."));
        CHECK_EQ(std::string("."), paths::normalize("."));
        CHECK_EQ(std::string("."), paths::normalize("./"));
        CHECK_EQ(std::string("/"), paths::normalize("/."));
    });

    check::run("normalize resolves dot-dot", [] {
        CHECK_EQ(std::string("a/c"), paths::normalize("a/b/../c"));
        CHECK_EQ(std::string("/x"), paths::normalize("/a/b/../../x"));
        CHECK_EQ(std::string("."), paths::normalize("a/.."));
        CHECK_EQ(std::string("c"), paths::normalize("a/b/../../c"));
    });

    check::run("dot-dot cannot go above the root", [] {
        CHECK_EQ(std::string("/"), paths::normalize("/.."));
        CHECK_EQ(std::string("/a"), paths::normalize("/../../a"));
        CHECK_EQ(std::string("/"), paths::normalize("/a/../.."));
    });

    check::run("leading dot-dot is kept for relative paths", [] {
        CHECK_EQ(std::string("../a"), paths::normalize("../a"));
        CHECK_EQ(std::string("../.."), paths::normalize("../../"));
        CHECK_EQ(std::string("../../b"), paths::normalize("../a/../../b"));
        CHECK_EQ(std::string(".."), paths::normalize("a/../.."));
        CHECK_EQ(std::string("../../x"), paths::normalize("./../x/../../x"));
    });

    check::run("names that merely contain dots are ordinary", [] {
        CHECK_EQ(std::string("a/...b/..c"), paths::normalize("a/...b/..c"));
        CHECK_EQ(std::string(".hidden"), paths::normalize("x/../.hidden"));
        CHECK_EQ(std::string("..."), paths::normalize("..."));
    });

    check::run("empty path", [] {
        CHECK_EQ(std::string("."), paths::normalize(""));
    });

    check::run("normalize is idempotent", [] {
        const char* inputs[] = {"a/./b/../../c/", "/../x//y/.", "../../a/b/..", "", "/", "x/y/z/../../.."};
        for (const char* in : inputs) {
            const std::string once = paths::normalize(in);
            CHECK_EQ(once, paths::normalize(once));
        }
    });

    return check::finish();
}
