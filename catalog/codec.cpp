#include "catalog/codec.hpp"

#include <nlohmann/json.hpp>

#include "common/error.hpp"

namespace lethe::catalog {

namespace {
template <typename T>
std::vector<T> listFromJson(const std::string& json, const char* column) {
  if (json.empty()) return {};
  try {
    return nlohmann::json::parse(json).get<std::vector<T>>();
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorKind::Catalog, std::string("catalog column '") + column + "' holds invalid JSON: " + e.what());
  }
}
}  // namespace

std::string intsToJson(const std::vector<int64_t>& values) { return nlohmann::json(values).dump(); }

std::vector<int64_t> intsFromJson(const std::string& json, const char* column) {
  return listFromJson<int64_t>(json, column);
}

std::string stringsToJson(const std::vector<std::string>& values) { return nlohmann::json(values).dump(); }

std::vector<std::string> stringsFromJson(const std::string& json, const char* column) {
  return listFromJson<std::string>(json, column);
}

Bytes idsToBlob(const std::vector<int64_t>& ids) {
  Bytes blob(ids.size() * 8);
  for (size_t i = 0; i < ids.size(); ++i) {
    auto value = static_cast<uint64_t>(ids[i]);
    for (int b = 0; b < 8; ++b) blob[i * 8 + b] = static_cast<uint8_t>(value >> (8 * b));
  }
  return blob;
}

std::vector<int64_t> idsFromBlob(const Bytes& blob) {
  if (blob.size() % 8 != 0) {
    throw Error(ErrorKind::Catalog, "catalog forget set ids are corrupt: " + std::to_string(blob.size()) +
                                        " bytes is not a whole number of int64 values");
  }
  std::vector<int64_t> ids(blob.size() / 8);
  for (size_t i = 0; i < ids.size(); ++i) {
    uint64_t value = 0;
    for (int b = 0; b < 8; ++b) value |= static_cast<uint64_t>(blob[i * 8 + b]) << (8 * b);
    ids[i] = static_cast<int64_t>(value);
  }
  return ids;
}

}  // namespace lethe::catalog
