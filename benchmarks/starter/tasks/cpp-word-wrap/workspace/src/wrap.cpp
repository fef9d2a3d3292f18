#include "wrap.h"

#include <sstream>
#include <stdexcept>

namespace textwrap {

std::vector<std::string> wrap(const std::string& text, std::size_t width) {
    if (width == 0) {
        throw std::invalid_argument("width must be positive");
    }
    std::vector<std::string> lines;
    std::string line;
    std::istringstream words(text);
    std::string word;
    while (words >> word) {
        if (word.size() > width) {
            while (word.size() > width) {
                lines.push_back(word.substr(0, width));
                word = word.substr(width);
            }
        }
        if (line.empty()) {
            line = word;
        } else if (line.size() + word.size() <= width) {
            line += ' ';
            line += word;
        } else {
            lines.push_back(line);
            line = word;
        }
    }
    if (!line.empty()) {
        lines.push_back(line);
    }
    return lines;
}

std::string fill(const std::string& text, std::size_t width) {
    std::vector<std::string> paragraphs;
    std::string current;
    std::istringstream in(text);
    std::string raw;
    while (std::getline(in, raw)) {
        if (raw.find_first_not_of(" \t\r") == std::string::npos) {
            if (!current.empty()) {
                paragraphs.push_back(current);
                current.clear();
            }
        } else {
            current += raw;
            current += ' ';
        }
    }
    if (!current.empty()) {
        paragraphs.push_back(current);
    }

    std::string out;
    for (std::size_t p = 0; p < paragraphs.size(); ++p) {
        if (p > 0) out += "\n\n";
        const std::vector<std::string> lines = wrap(paragraphs[p], width);
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (i > 0) out += '\n';
            out += lines[i];
        }
    }
    return out;
}

}  // namespace textwrap
