// The modes for programs (csv, json, jsonlines), which round-trip exactly, and line.
#include <charconv>
#include <cmath>
#include <cstdio>

#include "common/printable.hpp"
#include "shell/renderer.hpp"

namespace lethe::shell {

std::string exactNumber(const Value& value) {
  if (value.isInteger()) return std::to_string(value.integer());
  const double v = value.real();
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);  // shortest exact form
  std::string text(buffer, ec == std::errc() ? end : buffer);
  if (text.find_first_of(".eE") == std::string::npos) text += ".0";
  return text;
}

std::string csvField(const Value& value) {
  if (value.isNull()) return "";
  if (!value.isText()) return exactNumber(value);
  const std::string& text = value.text();
  if (!text.empty() && text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char ch : text) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  return quoted + "\"";
}

namespace {

// The length of the well-formed UTF-8 sequence at text[at], 0 when the bytes there are not one.
size_t utf8SequenceAt(const std::string& text, size_t at) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  size_t length;
  unsigned char low = 0x80, high = 0xBF;  // the allowed range of the second byte
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) length = 2;
  else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;        // no overlong forms
    else if (lead == 0xED) high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    else if (lead == 0xF4) high = 0x8F;  // nothing past U+10FFFF
  } else {
    return 0;
  }
  if (at + length > text.size()) return 0;
  if (byte(at + 1) < low || byte(at + 1) > high) return 0;
  for (size_t i = 2; i < length; ++i)
    if ((byte(at + i) & 0xC0) != 0x80) return 0;
  return length;
}

}  // namespace

std::string jsonString(const std::string& text) {
  std::string out = "\"";
  for (size_t at = 0; at < text.size();) {
    const auto c = static_cast<unsigned char>(text[at]);
    switch (c) {
      case '"': out += "\\\""; ++at; continue;
      case '\\': out += "\\\\"; ++at; continue;
      case '\b': out += "\\b"; ++at; continue;
      case '\f': out += "\\f"; ++at; continue;
      case '\n': out += "\\n"; ++at; continue;
      case '\r': out += "\\r"; ++at; continue;
      case '\t': out += "\\t"; ++at; continue;
      default: break;
    }
    if (c < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
      ++at;
      continue;
    }
    const size_t length = utf8SequenceAt(text, at);
    if (length == 0) {
      out += "\\ufffd";
      ++at;
      continue;
    }
    out.append(text, at, length);
    at += length;
  }
  return out + "\"";
}

std::string jsonValue(const Value& value) {
  if (value.isNull()) return "null";
  if (value.isText()) return jsonString(value.text());
  if (value.isReal() && !std::isfinite(value.real())) return "null";
  return exactNumber(value);
}

namespace {

std::string jsonObject(const std::vector<std::string>& columns, const std::vector<Value>& row) {
  std::string out = "{";
  for (size_t c = 0; c < columns.size(); ++c) {
    if (c) out += ",";
    out += jsonString(columns[c]) + ":" + (c < row.size() ? jsonValue(row[c]) : "null");
  }
  return out + "}";
}

}  // namespace

void renderCsv(const Result& result, const RenderOptions& options, std::ostream& out) {
  const auto& columns = result.columns();
  if (options.headers) {
    for (size_t c = 0; c < columns.size(); ++c) out << (c ? "," : "") << csvField(Value(columns[c]));
    out << "\n";
  }
  for (const auto& row : result.rows()) {
    for (size_t c = 0; c < columns.size(); ++c) out << (c ? "," : "") << (c < row.size() ? csvField(row[c]) : "");
    out << "\n";
  }
}

// As sqlite3 writes it: [{...},\n{...}]; an empty result is [].
void renderJson(const Result& result, const RenderOptions&, std::ostream& out) {
  out << "[";
  const auto& rows = result.rows();
  for (size_t r = 0; r < rows.size(); ++r) out << (r ? ",\n" : "") << jsonObject(result.columns(), rows[r]);
  out << "]\n";
}

void renderJsonLines(const Result& result, const RenderOptions&, std::ostream& out) {
  for (const auto& row : result.rows()) out << jsonObject(result.columns(), row) << "\n";
}

// "name = value", names right-aligned; a multi-line value (a plan) keeps its lines, indented
// under the first.
void renderLine(const Result& result, const RenderOptions&, std::ostream& out) {
  const auto& columns = result.columns();
  size_t width = 0;
  std::vector<std::string> names;
  for (const auto& c : columns) {
    names.push_back(printable(c));
    width = std::max(width, displayWidth(names.back()));
  }
  const auto& rows = result.rows();
  for (size_t r = 0; r < rows.size(); ++r) {
    if (r) out << "\n";
    for (size_t c = 0; c < columns.size(); ++c) {
      const std::string text = c < rows[r].size() ? rows[r][c].toString() : "NULL";
      out << std::string(width - displayWidth(names[c]), ' ') << names[c] << " = ";
      size_t start = 0;
      for (size_t newline; (newline = text.find('\n', start)) != std::string::npos; start = newline + 1)
        out << printable(text.substr(start, newline - start)) << "\n" << std::string(width + 3, ' ');
      out << printable(text.substr(start)) << "\n";
    }
  }
}

}  // namespace lethe::shell
