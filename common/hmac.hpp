#pragma once
// HMAC-SHA256 (OpenSSL): certificates are signed with it under a key the user holds.
#include <string>

namespace lethe {

// Lower-case hex HMAC-SHA256 of `message` under `key`.
std::string hmacSha256Hex(const std::string& key, const std::string& message);

// Compares without an early exit, so the time taken says nothing about where a forged
// signature first differs.
bool equalInConstantTime(const std::string& a, const std::string& b);

}  // namespace lethe
