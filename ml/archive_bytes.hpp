#pragma once
// A torch archive as the bytes the catalog stores (torch::save format). Internal to ml/.
#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace lethe::ml {

inline std::vector<uint8_t> archiveBytes(torch::serialize::OutputArchive& archive) {
  std::vector<uint8_t> bytes;
  archive.save_to([&bytes](const void* data, size_t size) -> size_t {
    const auto* begin = static_cast<const uint8_t*>(data);
    bytes.insert(bytes.end(), begin, begin + size);
    return size;
  });
  return bytes;
}

}  // namespace lethe::ml
