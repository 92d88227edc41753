#pragma once
// Results as text: one renderer per output mode (.mode), all behind one signature.
//
//   box, table, markdown   aligned for reading; reals with two decimals (Value::toString)
//   line                   one "column = value" line per cell, a blank line between rows
//   csv, json, jsonlines   for programs; they round-trip exactly: integers as integers, reals
//                          as the shortest text that parses back to the same double, NULL as
//                          an empty CSV field / JSON null (an empty string is "" in CSV)
#include <ostream>
#include <string>
#include <vector>

#include "lethe/lethe.hpp"

namespace lethe::shell {

enum class Mode { Box, Table, Csv, Json, JsonLines, Markdown, Line };

struct RenderOptions {
  bool headers = true;  // box, table, markdown and csv: print the column names
};

// Writes `result` to `out`. A result without columns prints nothing.
using Renderer = void (*)(const Result& result, const RenderOptions& options, std::ostream& out);

struct ModeSpec {
  Mode mode;
  const char* name;  // as .mode and the command line spell it
  const char* help;
  Renderer render;
};

// The one table of modes (.mode, -csv, .help and completion read it).
const std::vector<ModeSpec>& modes();
std::vector<std::string> modeNames();
// The mode called `name` (case-insensitive), or nullptr.
const ModeSpec* findMode(const std::string& name);
const ModeSpec& modeSpec(Mode mode);

void render(const Result& result, Mode mode, const RenderOptions& options, std::ostream& out);

// The renderers (render_grid.cpp, render_data.cpp).
void renderBox(const Result& result, const RenderOptions& options, std::ostream& out);
void renderAsciiTable(const Result& result, const RenderOptions& options, std::ostream& out);
void renderMarkdown(const Result& result, const RenderOptions& options, std::ostream& out);
void renderLine(const Result& result, const RenderOptions& options, std::ostream& out);
void renderCsv(const Result& result, const RenderOptions& options, std::ostream& out);
void renderJson(const Result& result, const RenderOptions& options, std::ostream& out);
void renderJsonLines(const Result& result, const RenderOptions& options, std::ostream& out);

// Box-drawn table with headers (the default mode).
inline void renderTable(const Result& result, std::ostream& out) { renderBox(result, RenderOptions{}, out); }

// Exact text of a number: integers in full, reals as the shortest text that parses back to
// the same double, with ".0" when it would otherwise read as an integer ("2.0", "0.1",
// "1e+300"); NaN, Infinity, -Infinity.
std::string exactNumber(const Value& value);
// One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF, or is the empty
// string; NULL is an empty unquoted field.
std::string csvField(const Value& value);
// A JSON value: null, a number (NaN and infinities, which JSON cannot hold, become null),
// or a string.
std::string jsonValue(const Value& value);
// A JSON string literal: quotes, backslashes and control characters escaped; bytes that are
// not UTF-8 become U+FFFD so that the output is always valid JSON.
std::string jsonString(const std::string& text);

// Display width of UTF-8 text (code points; the box characters are one column each).
size_t displayWidth(const std::string& text);

}  // namespace lethe::shell
