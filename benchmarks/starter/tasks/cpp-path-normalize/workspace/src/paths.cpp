#include "paths.h"

namespace paths {

std::string join(const std::string& a, const std::string& b) {
    if (a.empty()) return b;
    if (b.empty()) return a;
    if (b.front() == '/') return b;
    if (a.back() == '/') return a + b;
    return a + "/" + b;
}

std::string basename(const std::string& path) {
    if (path.empty()) return "";
    std::size_t end = path.find_last_not_of('/');
    if (end == std::string::npos) return "/";
    std::size_t start = path.find_last_of('/', end);
    start = (start == std::string::npos) ? 0 : start + 1;
    return path.substr(start, end - start + 1);
}

std::string extension(const std::string& path) {
    const std::string base = basename(path);
    const std::size_t dot = base.find_last_of('.');
    if (dot == std::string::npos || dot == 0 || base == "/") return "";
    return base.substr(dot);
}

}  // namespace paths
