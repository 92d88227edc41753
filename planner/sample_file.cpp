#include "planner/sample_file.hpp"

#include <cctype>
#include <fstream>
#include <sstream>

#include "common/error.hpp"

namespace lethe::planner {

namespace {

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

}  // namespace

std::vector<int64_t> readSampleIds(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(ErrorKind::Io, "cannot read sample id file '" + path + "'");
  std::vector<int64_t> ids;
  size_t line_number = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    line = line.substr(0, line.find('#'));
    for (char& c : line)
      if (c == ',' || c == ';' || c == '\t' || c == '\r') c = ' ';
    std::istringstream fields(line);
    for (std::string field; fields >> field;) {
      int64_t id = 0;
      if (parseInteger(field, &id)) {
        ids.push_back(id);
      } else if (!(line_number == 1 && ids.empty())) {
        throw Error(ErrorKind::Binder, "sample id file '" + path + "' line " + std::to_string(line_number) + ": '" +
                                           field + "' is not a sample id");
      } else {
        break;  // a header line
      }
    }
  }
  if (ids.empty()) throw Error(ErrorKind::Binder, "sample id file '" + path + "' holds no ids");
  return ids;
}

}  // namespace lethe::planner
