#pragma once
// Typed option values and their specifications. The registries (methods, metrics,
// architectures) describe their options with OptionSpec; the binder validates a user's
// `WITH (...)` against them and hands resolved OptionValues (defaults filled) onwards.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace lethe {

using OptionValue = std::variant<int64_t, double, std::string, bool>;

enum class OptionType { Integer, Real, String, Boolean };

struct OptionSpec {
  std::string name;
  OptionType type = OptionType::Real;
  OptionValue default_value;
  std::optional<double> min;  // inclusive, numbers only
  std::optional<double> max;  // inclusive, numbers only
  std::string help;
  std::vector<std::string> choices;  // String only; empty = any
};

class OptionValues {
 public:
  void set(const std::string& name, OptionValue value) { values_[name] = std::move(value); }
  bool has(const std::string& name) const { return values_.count(name) > 0; }
  const std::map<std::string, OptionValue>& all() const { return values_; }

  // Typed getters; an Integer converts to a Real on request. Throw lethe::Error(Binder)
  // when the option is missing or of another type.
  int64_t integer(const std::string& name) const;
  double real(const std::string& name) const;
  const std::string& string(const std::string& name) const;
  bool boolean(const std::string& name) const;

  int64_t integerOr(const std::string& name, int64_t fallback) const;
  double realOr(const std::string& name, double fallback) const;

  std::string toJson() const;
  static OptionValues fromJson(const std::string& json);

 private:
  std::map<std::string, OptionValue> values_;
};

std::string optionTypeName(OptionType type);
std::string formatOptionValue(const OptionValue& value);

}  // namespace lethe
