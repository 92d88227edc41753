#pragma once
// Results as aligned tables for a terminal or a log.
#include <ostream>
#include <string>

#include "lethe/lethe.hpp"

namespace lethe::shell {

// Box-drawn table: numbers right-aligned, text left-aligned, NULL as NULL.
// A result without columns prints nothing.
void renderTable(const Result& result, std::ostream& out);

// Display width of UTF-8 text (code points; the box characters are one column each).
size_t displayWidth(const std::string& text);

}  // namespace lethe::shell
