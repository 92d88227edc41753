// The table of output modes and the dispatch to their renderers.
#include "shell/renderer.hpp"

#include "common/strings.hpp"

namespace lethe::shell {

const std::vector<ModeSpec>& modes() {
  static const std::vector<ModeSpec> table = {
      {Mode::Box, "box", "tables drawn with box characters (the default)", renderBox},
      {Mode::Table, "table", "tables drawn with ASCII +-| characters", renderAsciiTable},
      {Mode::Csv, "csv", "comma-separated values (RFC 4180), exact numbers", renderCsv},
      {Mode::Json, "json", "one JSON array of objects per result, exact numbers", renderJson},
      {Mode::JsonLines, "jsonlines", "one JSON object per line, exact numbers", renderJsonLines},
      {Mode::Markdown, "markdown", "a Markdown table", renderMarkdown},
      {Mode::Line, "line", "one \"column = value\" line per cell", renderLine},
  };
  return table;
}

std::vector<std::string> modeNames() {
  std::vector<std::string> names;
  for (const auto& m : modes()) names.push_back(m.name);
  return names;
}

const ModeSpec* findMode(const std::string& name) {
  for (const auto& m : modes())
    if (lower(name) == m.name) return &m;
  return nullptr;
}

const ModeSpec& modeSpec(Mode mode) {
  for (const auto& m : modes())
    if (m.mode == mode) return m;
  return modes().front();
}

void render(const Result& result, Mode mode, const RenderOptions& options, std::ostream& out) {
  if (result.columns().empty()) return;
  modeSpec(mode).render(result, options, out);
}

size_t displayWidth(const std::string& text) {
  size_t width = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++width;  // count every byte that starts a code point
  return width;
}

}  // namespace lethe::shell
