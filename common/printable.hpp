#pragma once
// Control characters in messages that quote input: shown escaped, never raw.
#include <cstdio>
#include <string>

namespace lethe {

// The length in bytes of the control character that starts at text[at] (C0, DEL, or a C1
// character U+0080..U+009F in UTF-8), 0 when none starts there.
inline size_t controlCharacterAt(const std::string& text, size_t at) {
  const auto byte = static_cast<unsigned char>(text[at]);
  if (byte < 0x20 || byte == 0x7F) return 1;
  if (byte == 0xC2 && at + 1 < text.size()) {
    const auto next = static_cast<unsigned char>(text[at + 1]);
    if (next >= 0x80 && next <= 0x9F) return 2;
  }
  return 0;
}

// How a control character of `text` at `at` (controlCharacterAt > 0) is shown in a message:
// \n, \r, \t, else \xNN (C0 and DEL) or \u00NN (C1).
inline std::string escapedControlCharacter(const std::string& text, size_t at) {
  const auto byte = static_cast<unsigned char>(text[at]);
  if (byte == '\n') return "\\n";
  if (byte == '\r') return "\\r";
  if (byte == '\t') return "\\t";
  char escaped[8];
  if (byte == 0xC2) std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned char>(text[at + 1]));
  else std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
  return escaped;
}

// `text` with its control characters escaped, for messages that quote input: a NUL byte in a
// name reads \x00, and nothing the user typed can move the cursor or recolour the terminal.
inline std::string printable(const std::string& text) {
  std::string shown;
  for (size_t at = 0; at < text.size();) {
    if (const size_t length = controlCharacterAt(text, at)) {
      shown += escapedControlCharacter(text, at);
      at += length;
    } else {
      shown += text[at++];
    }
  }
  return shown;
}

}  // namespace lethe
