#include "shell/renderer.hpp"

#include <vector>

namespace lethe::shell {

size_t displayWidth(const std::string& text) {
  size_t width = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++width;  // count every byte that starts a code point
  return width;
}

namespace {

std::string repeat(const std::string& piece, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += piece;
  return out;
}

std::string rule(const std::vector<size_t>& widths, const char* left, const char* middle, const char* right) {
  std::string line = left;
  for (size_t c = 0; c < widths.size(); ++c) line += repeat("─", widths[c] + 2) + (c + 1 < widths.size() ? middle : right);
  return line;
}

std::string pad(const std::string& text, size_t width, bool right_align) {
  const std::string fill(width - displayWidth(text), ' ');
  return right_align ? fill + text : text + fill;
}

}  // namespace

void renderTable(const Result& result, std::ostream& out) {
  const auto& columns = result.columns();
  if (columns.empty()) return;
  std::vector<std::vector<std::string>> cells;
  std::vector<size_t> widths;
  for (const auto& c : columns) widths.push_back(displayWidth(c));
  for (const auto& row : result.rows()) {
    std::vector<std::string> texts;
    for (size_t c = 0; c < row.size() && c < columns.size(); ++c) {
      // Multi-line values (plans) are shown on one line.
      std::string text = row[c].toString();
      for (auto& ch : text)
        if (ch == '\n') ch = ' ';
      widths[c] = std::max(widths[c], displayWidth(text));
      texts.push_back(std::move(text));
    }
    cells.push_back(std::move(texts));
  }

  out << rule(widths, "┌", "┬", "┐") << "\n│";
  for (size_t c = 0; c < columns.size(); ++c) out << " " << pad(columns[c], widths[c], false) << " │";
  out << "\n" << rule(widths, "├", "┼", "┤") << "\n";
  for (size_t r = 0; r < cells.size(); ++r) {
    out << "│";
    for (size_t c = 0; c < columns.size(); ++c) {
      const std::string text = c < cells[r].size() ? cells[r][c] : "";
      const auto& value = result.rows()[r][c];
      out << " " << pad(text, widths[c], value.isInteger() || value.isReal()) << " │";
    }
    out << "\n";
  }
  out << rule(widths, "└", "┴", "┘") << "\n";
}

}  // namespace lethe::shell
