#pragma once
// SAMPLES FROM 'ids.csv': training row ids from a text file.
#include <cstdint>
#include <string>
#include <vector>

namespace lethe::planner {

// Ids separated by commas, whitespace or newlines. A first line that is not a number (a CSV
// header such as "id") is skipped; `#` starts a comment. Throws Error(Io) for a missing file
// and Error(Binder) naming the line of anything that is not an integer.
std::vector<int64_t> readSampleIds(const std::string& path);

}  // namespace lethe::planner
