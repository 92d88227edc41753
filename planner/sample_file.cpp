#include "planner/sample_file.hpp"

#include <filesystem>
#include <fstream>

#include "common/error.hpp"
#include "common/printable.hpp"
#include "planner/input_file.hpp"

namespace lethe::planner {

namespace {

// A sample id is a decimal integer: no field needs more characters than this, so a longer
// one is refused as soon as it is seen instead of being held whole (a file of one huge line
// must not take memory in proportion).
constexpr size_t kMaxFieldLength = 32;
// Ids of every row of a dataset of ten million rows fit several times over.
constexpr std::uintmax_t kMaxFileBytes = std::uintmax_t{256} << 20;

bool parseInteger(const std::string& field, int64_t* value) {
  if (field.empty()) return false;
  size_t used = 0;
  try {
    *value = std::stoll(field, &used);
  } catch (const std::exception&) {
    return false;
  }
  return used == field.size();
}

bool isSeparator(char c) { return c == ',' || c == ';' || c == '\t' || c == '\r' || c == ' ' || c == '\n'; }

// Reads the file a byte at a time (buffered), holding at most one field.
class IdReader {
 public:
  explicit IdReader(std::string path) : path_(std::move(path)) {}

  std::vector<int64_t> read() {
    std::ifstream in(path_, std::ios::binary);
    if (!in) throw Error(ErrorKind::Io, "cannot read sample id file '" + path_ + "'");
    for (char c; in.get(c);) {
      if (c == '\n' || c == '#' || isSeparator(c)) endField();
      if (c == '#') skipping_line_ = true;
      if (c == '\n') {
        ++line_;
        skipping_line_ = false;
      } else if (!skipping_line_ && !isSeparator(c) && c != '#') {
        field_ += c;
        if (field_.size() > kMaxFieldLength) {
          if (!headerAllowed()) refuse(field_.substr(0, kMaxFieldLength) + "...");
          field_.clear();  // a long header name: the rest of the line is skipped
          skipping_line_ = true;
        }
      }
    }
    endField();
    if (ids_.empty()) throw Error(ErrorKind::Binder, "sample id file '" + path_ + "' holds no ids");
    return std::move(ids_);
  }

 private:
  void endField() {
    if (field_.empty()) return;
    int64_t id = 0;
    if (parseInteger(field_, &id)) {
      ids_.push_back(id);
    } else if (headerAllowed()) {
      skipping_line_ = true;  // a header line
    } else {
      refuse(field_);
    }
    field_.clear();
  }

  bool headerAllowed() const { return line_ == 1 && ids_.empty(); }

  [[noreturn]] void refuse(const std::string& field) const {
    throw Error(ErrorKind::Binder, "sample id file '" + path_ + "' line " + std::to_string(line_) + ": '" +
                                       printable(field) + "' is not a sample id");
  }

  std::string path_;
  std::vector<int64_t> ids_;
  std::string field_;
  size_t line_ = 1;
  bool skipping_line_ = false;  // a comment or the header, up to the end of the line
};

}  // namespace

std::vector<int64_t> readSampleIds(const std::string& path) {
  requireReadableAsFile(path, "sample id file");
  std::error_code error;
  const std::uintmax_t bytes = std::filesystem::file_size(path, error);
  if (!error && bytes > kMaxFileBytes)
    throw Error(ErrorKind::Io, "sample id file '" + path + "' is " + std::to_string(bytes >> 20) +
                                   " MiB; sample id files are limited to " + std::to_string(kMaxFileBytes >> 20) + " MiB");
  return IdReader(path).read();
}

}  // namespace lethe::planner
