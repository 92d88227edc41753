// The modes for reading: box, table (ASCII) and markdown. Values as Value::toString shows
// them (reals with two decimals); numbers right-aligned; a cell is kept on one line.
#include <vector>

#include "common/printable.hpp"
#include "shell/renderer.hpp"

namespace lethe::shell {

namespace {

// A cell on one line: line breaks and tabs become spaces, other control characters are shown
// escaped (nothing in a value can move the cursor or recolour the terminal).
std::string displayCell(const Value& value) {
  std::string text = value.toString();
  for (auto& ch : text)
    if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
  return printable(text);
}

std::string escapeMarkdown(const std::string& text) {
  std::string out;
  for (char ch : text) {
    if (ch == '|' || ch == '\\') out += '\\';
    out += ch;
  }
  return out;
}

bool isNumber(const Value& value) { return value.isInteger() || value.isReal(); }

struct Grid {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> cells;
  std::vector<std::vector<bool>> right;  // right-aligned (numbers)
  std::vector<bool> numeric_column;      // every non-NULL value a number, at least one
  std::vector<size_t> widths;
};

Grid layout(const Result& result, bool headers, bool markdown) {
  Grid grid;
  const auto& columns = result.columns();
  grid.widths.assign(columns.size(), 0);
  grid.numeric_column.assign(columns.size(), false);
  std::vector<bool> other(columns.size(), false);
  for (size_t c = 0; c < columns.size(); ++c) {
    grid.header.push_back(markdown ? escapeMarkdown(printable(columns[c])) : printable(columns[c]));
    if (headers) grid.widths[c] = displayWidth(grid.header[c]);
  }
  for (const auto& row : result.rows()) {
    std::vector<std::string> texts(columns.size());
    std::vector<bool> right(columns.size(), false);
    for (size_t c = 0; c < columns.size() && c < row.size(); ++c) {
      texts[c] = markdown ? escapeMarkdown(displayCell(row[c])) : displayCell(row[c]);
      right[c] = isNumber(row[c]);
      if (right[c]) grid.numeric_column[c] = true;
      else if (!row[c].isNull()) other[c] = true;
      grid.widths[c] = std::max(grid.widths[c], displayWidth(texts[c]));
    }
    grid.cells.push_back(std::move(texts));
    grid.right.push_back(std::move(right));
  }
  for (size_t c = 0; c < columns.size(); ++c) grid.numeric_column[c] = grid.numeric_column[c] && !other[c];
  // Markdown needs at least three dashes under each column.
  if (markdown)
    for (auto& w : grid.widths) w = std::max<size_t>(w, 3);
  return grid;
}

std::string repeat(const std::string& piece, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += piece;
  return out;
}

std::string pad(const std::string& text, size_t width, bool right_align) {
  const size_t used = displayWidth(text);
  const std::string fill(width > used ? width - used : 0, ' ');
  return right_align ? fill + text : text + fill;
}

struct Style {
  const char* horizontal;
  const char* top[3];     // left, between columns, right
  const char* middle[3];
  const char* bottom[3];
  const char* vertical;
};

std::string rule(const std::vector<size_t>& widths, const Style& style, const char* const (&corners)[3]) {
  std::string line = corners[0];
  for (size_t c = 0; c < widths.size(); ++c)
    line += repeat(style.horizontal, widths[c] + 2) + (c + 1 < widths.size() ? corners[1] : corners[2]);
  return line + "\n";
}

std::string row(const std::vector<std::string>& texts, const std::vector<bool>& right, const std::vector<size_t>& widths,
                const char* vertical) {
  std::string line = vertical;
  for (size_t c = 0; c < widths.size(); ++c) line += " " + pad(texts[c], widths[c], right[c]) + " " + vertical;
  return line + "\n";
}

void renderGrid(const Result& result, const RenderOptions& options, std::ostream& out, const Style& style) {
  const Grid grid = layout(result, options.headers, false);
  out << rule(grid.widths, style, style.top);
  if (options.headers) {
    out << row(grid.header, std::vector<bool>(grid.header.size(), false), grid.widths, style.vertical);
    out << rule(grid.widths, style, style.middle);
  }
  for (size_t r = 0; r < grid.cells.size(); ++r) out << row(grid.cells[r], grid.right[r], grid.widths, style.vertical);
  out << rule(grid.widths, style, style.bottom);
}

}  // namespace

void renderBox(const Result& result, const RenderOptions& options, std::ostream& out) {
  static const Style style{"─", {"┌", "┬", "┐"}, {"├", "┼", "┤"}, {"└", "┴", "┘"}, "│"};
  renderGrid(result, options, out, style);
}

void renderAsciiTable(const Result& result, const RenderOptions& options, std::ostream& out) {
  static const Style style{"-", {"+", "+", "+"}, {"+", "+", "+"}, {"+", "+", "+"}, "|"};
  renderGrid(result, options, out, style);
}

void renderMarkdown(const Result& result, const RenderOptions& options, std::ostream& out) {
  const Grid grid = layout(result, options.headers, true);
  if (options.headers) {
    out << row(grid.header, std::vector<bool>(grid.header.size(), false), grid.widths, "|");
    std::string line = "|";
    for (size_t c = 0; c < grid.widths.size(); ++c)
      line += grid.numeric_column[c] ? repeat("-", grid.widths[c] + 1) + ":|" : repeat("-", grid.widths[c] + 2) + "|";
    out << line << "\n";
  }
  for (size_t r = 0; r < grid.cells.size(); ++r) out << row(grid.cells[r], grid.right[r], grid.widths, "|");
}

}  // namespace lethe::shell
