#include "common/options.hpp"

#include <nlohmann/json.hpp>
#include <sstream>

#include "common/error.hpp"

namespace lethe {

namespace {
const OptionValue& require(const std::map<std::string, OptionValue>& values, const std::string& name) {
  auto it = values.find(name);
  if (it == values.end()) throw Error(ErrorKind::Binder, "missing option '" + name + "'");
  return it->second;
}
[[noreturn]] void wrongType(const std::string& name, const char* wanted) {
  throw Error(ErrorKind::Binder, "option '" + name + "' must be " + wanted);
}
}  // namespace

int64_t OptionValues::integer(const std::string& name) const {
  const auto& v = require(values_, name);
  if (auto* i = std::get_if<int64_t>(&v)) return *i;
  wrongType(name, "an integer");
}

double OptionValues::real(const std::string& name) const {
  const auto& v = require(values_, name);
  if (auto* d = std::get_if<double>(&v)) return *d;
  if (auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  wrongType(name, "a number");
}

const std::string& OptionValues::string(const std::string& name) const {
  const auto& v = require(values_, name);
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  wrongType(name, "a string");
}

bool OptionValues::boolean(const std::string& name) const {
  const auto& v = require(values_, name);
  if (auto* b = std::get_if<bool>(&v)) return *b;
  wrongType(name, "a boolean");
}

int64_t OptionValues::integerOr(const std::string& name, int64_t fallback) const {
  return has(name) ? integer(name) : fallback;
}

double OptionValues::realOr(const std::string& name, double fallback) const {
  return has(name) ? real(name) : fallback;
}

std::string OptionValues::toJson() const {
  nlohmann::json j = nlohmann::json::object();
  // A structured binding cannot be captured by a lambda in C++17 (clang rejects it).
  for (const auto& entry : values_) {
    const std::string& name = entry.first;
    std::visit([&](const auto& v) { j[name] = v; }, entry.second);
  }
  return j.dump();
}

OptionValues OptionValues::fromJson(const std::string& text) {
  OptionValues out;
  if (text.empty()) return out;
  const auto j = nlohmann::json::parse(text);
  for (auto it = j.begin(); it != j.end(); ++it) {
    const auto& v = it.value();
    if (v.is_boolean()) out.set(it.key(), v.get<bool>());
    else if (v.is_number_integer()) out.set(it.key(), v.get<int64_t>());
    else if (v.is_number()) out.set(it.key(), v.get<double>());
    else if (v.is_string()) out.set(it.key(), v.get<std::string>());
  }
  return out;
}

std::string optionTypeName(OptionType type) {
  switch (type) {
    case OptionType::Integer: return "integer";
    case OptionType::Real: return "real";
    case OptionType::String: return "string";
    case OptionType::Boolean: return "boolean";
  }
  return "?";
}

std::string formatOptionValue(const OptionValue& value) {
  std::ostringstream out;
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) out << "'" << v << "'";
        else if constexpr (std::is_same_v<T, bool>) out << (v ? "true" : "false");
        else out << v;
      },
      value);
  return out.str();
}

}  // namespace lethe
