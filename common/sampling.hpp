#pragma once
// Seeded draws that give the same result on every platform and compiler (std::shuffle and
// std::uniform_int_distribution are implementation-defined; std::mt19937_64 is not).
#include <cstdint>
#include <vector>

namespace lethe {

// `count` distinct values from [0, population), returned sorted ascending.
std::vector<int64_t> sampleWithoutReplacement(int64_t population, int64_t count, uint64_t seed);

}  // namespace lethe
