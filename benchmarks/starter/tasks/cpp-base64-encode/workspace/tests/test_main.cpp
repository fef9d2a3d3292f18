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

    return check::finish();
}
