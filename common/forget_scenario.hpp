#pragma once
// What a forget set is: the closed set of FORGET targets. The catalog stores the name; every
// folder above it compares the enum.
#include <optional>
#include <string>

namespace lethe {

enum class ForgetScenario {
  Class,     // FORGET CLASS 'c': every training row of the classes
  Random,    // FORGET RANDOM p PERCENT: a seeded share of the training rows
  Samples,   // FORGET SAMPLES (ids) / FROM 'file'
  Corrupted  // FORGET CORRUPTED DISCOVERED p PERCENT OF d: REM's discovered corrupted rows
};

inline const char* scenarioName(ForgetScenario scenario) {
  switch (scenario) {
    case ForgetScenario::Class: return "class";
    case ForgetScenario::Random: return "random";
    case ForgetScenario::Samples: return "samples";
    case ForgetScenario::Corrupted: return "corrupted";
  }
  return "?";
}

inline std::optional<ForgetScenario> parseScenario(const std::string& name) {
  for (ForgetScenario s : {ForgetScenario::Class, ForgetScenario::Random, ForgetScenario::Samples, ForgetScenario::Corrupted})
    if (name == scenarioName(s)) return s;
  return std::nullopt;
}

}  // namespace lethe
