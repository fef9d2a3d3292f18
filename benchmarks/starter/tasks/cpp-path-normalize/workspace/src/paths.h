// POSIX-style path string helpers for the archive tool (pure string operations, no file system).
#pragma once

#include <string>

namespace paths {

// Joins two paths with exactly one '/' between them. If `b` is absolute it is returned as is;
// if either side is empty the other one is returned.
std::string join(const std::string& a, const std::string& b);

// Last component: "a/b/c.txt" -> "c.txt", "a/b/" -> "b", "/" -> "/", "" -> "".
std::string basename(const std::string& path);

// Extension of the last component including the dot: "a/b.tar.gz" -> ".gz"; "" when there is
// none; a leading dot does not start an extension (".bashrc" -> "").
std::string extension(const std::string& path);

}  // namespace paths
