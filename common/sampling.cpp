#include "common/sampling.hpp"

#include <algorithm>
#include <numeric>
#include <random>
#include <stdexcept>

namespace lethe {

std::vector<int64_t> sampleWithoutReplacement(int64_t population, int64_t count, uint64_t seed) {
  if (count < 0 || count > population) throw std::invalid_argument("sample larger than population");
  std::vector<int64_t> pool(static_cast<size_t>(population));
  std::iota(pool.begin(), pool.end(), 0);
  std::mt19937_64 engine(seed);
  // Partial Fisher-Yates: the first `count` slots end up a uniform sample.
  for (int64_t i = 0; i < count; ++i) {
    const uint64_t span = static_cast<uint64_t>(population - i);
    const int64_t j = i + static_cast<int64_t>(engine() % span);
    std::swap(pool[static_cast<size_t>(i)], pool[static_cast<size_t>(j)]);
  }
  pool.resize(static_cast<size_t>(count));
  std::sort(pool.begin(), pool.end());
  return pool;
}

}  // namespace lethe
