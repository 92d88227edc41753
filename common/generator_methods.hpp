#pragma once
// The unlearning methods that apply to a generator (arch "ddpm", METHODS.md "Generation") and
// the options each reads, with their defaults. The planner's registry describes and resolves
// the options from this table, so every option reaches the executors set; the executors read
// only those resolved values and keep no default of their own, which leaves one place to
// change a default. Torch-free.
#include <algorithm>
#include <string>
#include <vector>

#include "common/options.hpp"

namespace lethe {

inline const std::vector<std::string>& generatorMethodNames() {
  static const std::vector<std::string> names = {"salun", "ga", "ft", "retrain"};
  return names;
}

inline bool isGeneratorMethod(const std::string& method) {
  const auto& names = generatorMethodNames();
  return std::find(names.begin(), names.end(), method) != names.end();
}

// Defaults measured on Fashion-MNIST (docs/generation.md, "Unlearning a generator"): salun's 200
// steps reach ua_gen 100% at about 5% of a default retrain's cost. Its retain weight α is 1, not
// the 1e-3 of the paper's command line: on these small UNets α = 1e-3 lets the substitute-class
// objective wreck every class (acc_gen 98% -> 14%), while α from 1 to 10 keeps them. Gradient
// ascent on the diffusion loss has no floor: lr 1e-6 does not forget in 200 steps, 1e-5 destroys
// every class, 3e-6 forgets with the damage the paper reports for ga.
inline constexpr int64_t kGeneratorUnlearnSteps = 200;
inline constexpr double kGeneratorUnlearnLr = 1e-4;
inline constexpr double kGeneratorAscentLr = 3e-6;
inline constexpr int64_t kGeneratorUnlearnBatch = 128;
inline constexpr double kGeneratorRetainWeight = 1.0;  // α of salun's retain term
inline constexpr double kGeneratorMaskGuidance = 2.0;   // w of the saliency loss

// The options a generator method reads ("retrain": 0 = the generator's own recipe value).
inline std::vector<OptionSpec> generatorMethodOptions(const std::string& method) {
  auto integer = [](std::string name, int64_t def, double lo, double hi, std::string help) {
    return OptionSpec{std::move(name), OptionType::Integer, def, lo, hi, std::move(help), {}};
  };
  auto real = [](std::string name, double def, double lo, double hi, std::string help) {
    return OptionSpec{std::move(name), OptionType::Real, def, lo, hi, std::move(help), {}};
  };
  const OptionSpec seed = integer("seed", 1, 0, 2147483647, "seed for batches, timesteps and noise");
  if (method == "retrain")
    return {integer("steps", 0, 0, 10000000, "0 = the generator recipe's steps"),
            real("lr", 0, 0, 10, "0 = the generator recipe's learning rate"),
            integer("batch_size", 0, 0, 65536, "0 = the generator recipe's batch size"),
            integer("seed", 0, 0, 2147483647, "0 = the generator recipe's seed")};
  const double lr = method == "ga" ? kGeneratorAscentLr : kGeneratorUnlearnLr;
  std::vector<OptionSpec> options = {
      integer("steps", kGeneratorUnlearnSteps, 1, 1000000, "Adam steps"),
      real("lr", lr, 1e-8, 1, "Adam learning rate"),
      integer("batch_size", kGeneratorUnlearnBatch, 1, 65536, "images per batch (each of D_f and D_r for salun)"),
      seed};
  if (method == "salun")
    options.push_back(real("alpha", kGeneratorRetainWeight, 0, 1000,
                           "weight of the ordinary diffusion loss on the retain set"));
  return options;
}

}  // namespace lethe
