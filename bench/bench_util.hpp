#pragma once
// Small helpers shared by the benchmarks: run a statement or die, print and save tables.
#include <cmath>
#include <cstdlib>
#include <exception>
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

// Reads the `--flag value` pairs of a benchmark's command line. `take(flag, value)` stores one
// and returns false for a flag it does not know. --help prints `usage`; an unknown flag, a
// flag without its value or a value that is not a number where one is expected prints the
// problem and `usage` and exits: a typo must not start a long run with the defaults.
template <typename Take>
void readFlags(int argc, char** argv, const std::string& usage, Take take) {
  for (int i = 1; i < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      std::cout << "usage: " << usage << "\n";
      std::exit(0);
    }
    std::string problem;
    if (i + 1 >= argc) {
      problem = "flag " + flag + " needs a value";
    } else {
      try {
        if (!take(flag, std::string(argv[i + 1]))) problem = "unknown flag " + flag;
      } catch (const std::exception&) {  // std::stoll / std::stod on a value that is no number
        problem = "bad value '" + std::string(argv[i + 1]) + "' for " + flag;
      }
    }
    if (!problem.empty()) {
      std::cerr << problem << "\nusage: " << usage << "\n";
      std::exit(2);
    }
  }
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
