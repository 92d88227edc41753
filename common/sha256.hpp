#pragma once
// SHA-256 (OpenSSL EVP), the one hash of the project: incremental for data that arrives in
// pieces (blob chunks, the rows of the catalog fingerprint, dataset files), one-shot below.
#include <cstddef>
#include <string>

struct evp_md_ctx_st;

namespace lethe {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(const void* data, size_t size);
  // Lower-case hex digest; the hasher cannot be updated afterwards.
  std::string finishHex();

 private:
  evp_md_ctx_st* context_;
};

// Lower-case hex SHA-256 of `size` bytes at `data`.
std::string sha256Hex(const void* data, size_t size);

}  // namespace lethe
