#pragma once
// Incremental SHA-256 (OpenSSL EVP), for hashing data that arrives in pieces:
// blob chunks and the rows of the fingerprint.
#include <cstddef>
#include <string>

struct evp_md_ctx_st;

namespace lethe::catalog {

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

}  // namespace lethe::catalog
