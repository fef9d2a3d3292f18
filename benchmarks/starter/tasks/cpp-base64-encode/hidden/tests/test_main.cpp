#include <string>

#include "../src/base64.h"
#include "check.h"

int main() {
    check::run("encode whole groups", [] {
        CHECK_EQ(std::string(""), b64::encode(""));
        CHECK_EQ(std::string("Zm9v"), b64::encode("foo"));
        CHECK_EQ(std::string("Zm9vYmFy"), b64::encode("foobar"));
    });

    check::run("decode", [] {
        CHECK_EQ(std::string("foobar"), b64::decode("Zm9vYmFy"));
        CHECK_EQ(std::string("fo"), b64::decode("Zm8="));
        CHECK_EQ(std::string("f"), b64::decode("Zg=="));
    });

    check::run("decode rejects bad input", [] {
        CHECK_THROWS(std::invalid_argument, b64::decode("abc"));
        CHECK_THROWS(std::invalid_argument, b64::decode("ab!d"));
    });

    check::run("encode pads a trailing single byte with two '='", [] {
        CHECK_EQ(std::string("Zg=="), b64::encode("f"));
        CHECK_EQ(std::string("Zm9vYg=="), b64::encode("foob"));
        CHECK_EQ(std::string("SGVsbG8sIHdvcmxkIQ=="), b64::encode("Hello, world!"));
    });

    check::run("encode pads two trailing bytes with one '='", [] {
        CHECK_EQ(std::string("Zm8="), b64::encode("fo"));
        CHECK_EQ(std::string("Zm9vYmE="), b64::encode("fooba"));
    });

    check::run("encoded length is always a multiple of four", [] {
        for (std::size_t n = 0; n < 20; ++n) {
            CHECK_EQ(0u, b64::encode(std::string(n, 'x')).size() % 4);
        }
    });

    check::run("encode bytes above 0x7F", [] {
        CHECK_EQ(std::string("w6k="), b64::encode("\xC3\xA9"));              // "é" in UTF-8
        CHECK_EQ(std::string("/w=="), b64::encode(std::string(1, '\xFF')));
        CHECK_EQ(std::string("gICA"), b64::encode("\x80\x80\x80"));
        CHECK_EQ(std::string("4oKsMTA="), b64::encode("\xE2\x82\xAC" "10"));  // "€10"
    });

    check::run("round trip of every byte value", [] {
        std::string all;
        for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
        for (std::size_t len = 0; len <= all.size(); len += 37) {
            std::string part = all.substr(all.size() - len);
            CHECK_EQ(part, b64::decode(b64::encode(part)));
        }
        CHECK_EQ(all, b64::decode(b64::encode(all)));
    });

    return check::finish();
}
