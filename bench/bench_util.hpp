#pragma once
// Small helpers shared by the benchmarks: read the flags, run a statement or die, print and
// save tables.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "lethe/lethe.hpp"

namespace lethe::bench {

inline Result mustQuery(Connection& con, const std::string& sql) {
  Result r = con.query(sql);
  if (!r.ok()) {
    std::cerr << "benchmark statement failed:\n  " << sql << "\n" << r.error() << "\n";
    std::exit(1);
  }
  return r;
}

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;

  void print(std::ostream& out) const {
    std::vector<size_t> widths;
    for (const auto& c : columns) widths.push_back(c.size());
    for (const auto& row : rows)
      for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
    auto line = [&](const std::vector<std::string>& cells) {
      out << "|";
      for (size_t i = 0; i < cells.size(); ++i) out << " " << cells[i] << std::string(widths[i] - cells[i].size(), ' ') << " |";
      out << "\n";
    };
    line(columns);
    out << "|";
    for (size_t w : widths) out << std::string(w + 2, '-') << "|";
    out << "\n";
    for (const auto& row : rows) line(row);
  }

  void writeCsv(const std::filesystem::path& path) const {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path);
    auto line = [&](const std::vector<std::string>& cells) {
      for (size_t i = 0; i < cells.size(); ++i) out << (i ? "," : "") << cells[i];
      out << "\n";
    };
    line(columns);
    for (const auto& row : rows) line(row);
  }
};

// "a,b,,c" -> {"a", "b", "c"}: the comma-separated lists of the benchmarks' flags.
inline std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, ',');)
    if (!part.empty()) parts.push_back(part);
  return parts;
}

// A benchmark's command line. Every flag is a CLI11 option with its help text, so `--help`
// prints what the parser reads, defaults included. An unknown flag, a flag without its value
// or a value a check rejects prints the problem and exits non-zero: a typo must not start a
// long run with the defaults. A flag given twice keeps its last value.
class Flags : public CLI::App {
 public:
  Flags(const std::string& description, const std::string& name) : CLI::App(description, name) {
    option_defaults()->always_capture_default()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  }

  // Parses argv or exits: 0 after --help, non-zero with the problem otherwise.
  void parseOrExit(int argc, char** argv) {
    try {
      parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      std::exit(exit(e));
    }
  }
};

// The checks of number flags (CLI11's own print the double range in their messages). A
// value that is not a number fails here too, with the flag's name.
inline CLI::Validator numberCheck(const std::string& description, bool (*accepts)(double)) {
  return CLI::Validator(
      [description, accepts](std::string& text) -> std::string {
        char* end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        if (text.empty() || *end != '\0') return "'" + text + "' is not a number";
        if (!accepts(value)) return "'" + text + "' is not " + description;
        return {};
      },
      description);
}
inline CLI::Validator positive() {
  return numberCheck("positive", [](double v) { return v > 0; });
}
inline CLI::Validator nonNegative() {
  return numberCheck("non-negative", [](double v) { return v >= 0; });
}
// (0, 1]: a share of something that cannot be none.
inline CLI::Validator fraction() {
  return numberCheck("in (0, 1]", [](double v) { return v > 0 && v <= 1; });
}

// The check of a comma-separated list flag (type_name("LIST")) whose items must each be one of
// `allowed`.
inline CLI::Validator eachOneOf(const std::vector<std::string>& allowed) {
  std::string names;
  for (const auto& name : allowed) names += (names.empty() ? "" : ",") + name;
  return CLI::Validator(
      [allowed, names](std::string& text) -> std::string {
        for (const auto& item : splitList(text))
          if (std::find(allowed.begin(), allowed.end(), item) == allowed.end())
            return "unknown item '" + item + "' (one of " + names + ")";
        return {};
      },
      "each in {" + names + "}");
}

// The check of a comma-separated list of files that must each exist.
inline CLI::Validator eachExistingFile() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        for (const auto& item : splitList(text))
          if (std::string problem = CLI::ExistingFile(item); !problem.empty()) return problem;
        return {};
      },
      "existing files");
}

inline std::string fixed(double value, int digits = 2) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, value);
  return buffer;
}

inline double meanOf(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return v.empty() ? NAN : sum / double(v.size());
}

// The sample standard deviation (n − 1); 0 for one value.
inline double sampleStd(const std::vector<double>& v) {
  if (v.size() < 2) return 0.0;
  const double mean = meanOf(v);
  double var = 0;
  for (double x : v) var += (x - mean) * (x - mean);
  return std::sqrt(var / double(v.size() - 1));
}

// "mean ± sample std" of a measure over seeds.
inline std::string meanStd(const std::vector<double>& v) {
  if (v.empty()) return "-";
  return fixed(meanOf(v)) + " ± " + fixed(sampleStd(v));
}

// The forget target of one of the SalUn paper's scenarios (random10, random50, class) for one seed.
inline std::string scenarioTarget(const std::string& scenario, const std::string& forget_class, int seed) {
  if (scenario == "random10") return "RANDOM 10 PERCENT SEED " + std::to_string(seed);
  if (scenario == "random50") return "RANDOM 50 PERCENT SEED " + std::to_string(seed);
  if (scenario == "class") return "CLASS '" + forget_class + "'";
  std::cerr << "unknown scenario " << scenario << " (random10, random50, class)\n";
  std::exit(2);
}

}  // namespace lethe::bench
