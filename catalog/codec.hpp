#pragma once
// How list-valued entry fields are stored in catalog columns: small lists as JSON text
// (readable in the sqlite3 shell), forget-set members as little-endian int64 blobs.
#include <cstdint>
#include <string>
#include <vector>

#include "catalog/entries.hpp"

namespace lethe::catalog {

std::string intsToJson(const std::vector<int64_t>& values);
std::vector<int64_t> intsFromJson(const std::string& json, const char* column);
std::string stringsToJson(const std::vector<std::string>& values);
std::vector<std::string> stringsFromJson(const std::string& json, const char* column);

Bytes idsToBlob(const std::vector<int64_t>& ids);
std::vector<int64_t> idsFromBlob(const Bytes& blob);

}  // namespace lethe::catalog
