// Base64 (RFC 4648, standard alphabet, with padding) for the attachment exporter.
#pragma once

#include <string>

namespace b64 {

// Encodes arbitrary bytes (the string is treated as a byte sequence).
std::string encode(const std::string& bytes);

// Decodes padded base64. Throws std::invalid_argument for a length that is not a multiple of 4,
// characters outside the alphabet, or misplaced padding.
std::string decode(const std::string& text);

}  // namespace b64
