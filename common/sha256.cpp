#include "common/sha256.hpp"

#include <openssl/evp.h>

#include "common/error.hpp"

namespace lethe {

namespace {
void checkOpenSsl(int ok, const char* what) {
  if (ok != 1) throw Error(ErrorKind::Execution, std::string("SHA-256 ") + what + " failed in OpenSSL");
}
}  // namespace

Sha256::Sha256() : context_(EVP_MD_CTX_new()) {
  if (!context_) throw Error(ErrorKind::Execution, "SHA-256 context could not be allocated");
  if (EVP_DigestInit_ex(context_, EVP_sha256(), nullptr) != 1) {
    EVP_MD_CTX_free(context_);
    throw Error(ErrorKind::Execution, "SHA-256 init failed in OpenSSL");
  }
}

Sha256::~Sha256() { EVP_MD_CTX_free(context_); }

void Sha256::update(const void* data, size_t size) {
  if (size == 0) return;
  checkOpenSsl(EVP_DigestUpdate(context_, data, size), "update");
}

std::string Sha256::finishHex() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  checkOpenSsl(EVP_DigestFinal_ex(context_, digest, &length), "final");
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0x0f];
  }
  return hex;
}

std::string sha256Hex(const void* data, size_t size) {
  Sha256 hasher;
  hasher.update(data, size);
  return hasher.finishHex();
}

}  // namespace lethe
