#pragma once
// The per-scenario table of salun's lr / epochs / batch size that calibration replaced: the
// registry's scenario defaults of the release before calibration (measured by bench/method_sweep
// on cnn and resnet20, Fashion-MNIST 5,000 / 2,000; docs/benchmarks.md). Kept here only as
// bench/calibration's baseline, "legacy": the engine no longer has it, and the benchmark asks
// whether choosing the options per model and forget set does at least as well as this table
// did, on the settings it was tuned for and on those it was not.
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

namespace lethe::bench {

struct LegacyOptions {
  int64_t epochs = 2;  // the base defaults of the random-labelling family
  double lr = 0.002;
  int64_t batch_size = 256;

  // "lr = 0.0005, epochs = 1, batch_size = 256" for a WITH (...) list.
  std::string with() const {
    std::ostringstream out;
    out << "lr = " << lr << ", epochs = " << epochs << ", batch_size = " << batch_size;
    return out.str();
  }
};

// One entry of the old table, applied in order where it matches: the last match wins, as in
// the old registry (an arch-specific entry comes after the general ones).
struct LegacyEntry {
  std::string scenario;  // "class" or "random"
  std::string option;    // "epochs", "lr", "batch_size"
  double value;
  double min_forget_percent = 0;
  std::string arch;              // "" = every architecture (imported ones included)
  int64_t min_training_epochs = 0;  // the model's recipe ran at least this many epochs
};

inline const std::vector<LegacyEntry>& legacySalunTable() {
  static const std::vector<LegacyEntry> table = {
      {"random", "lr", 0.008},
      // cnn trained 40 epochs or more (fits its rows)
      {"class", "epochs", 4, 0, "cnn", 40},
      {"class", "lr", 0.0005, 0, "cnn", 40},
      {"class", "batch_size", 64, 0, "cnn", 40},
      {"random", "epochs", 5, 0, "cnn", 40},
      {"random", "lr", 0.013, 0, "cnn", 40},
      // half the rows: one gentle epoch (after the cnn entries, so it wins there)
      {"random", "lr", 0.0005, 30},
      {"random", "epochs", 1, 30},
      // resnet20
      {"class", "lr", 0.025, 0, "resnet20"},
      {"random", "lr", 0.013, 0, "resnet20"},
      {"random", "lr", 0.0005, 30, "resnet20"},
      {"random", "epochs", 4, 0, "resnet20", 40},
      {"random", "epochs", 1, 30, "resnet20", 40},
      {"random", "batch_size", 64, 30, "resnet20", 40},
      {"random", "lr", 0.0005, 30, "resnet20", 40},
  };
  return table;
}

// salun's options under the old table for a model of `arch` whose recipe trained
// `training_epochs`, forgetting a `scenario` ("class" / "random") set of `forget_percent`% of
// the training rows.
inline LegacyOptions legacySalun(const std::string& arch, int64_t training_epochs, const std::string& scenario,
                                 double forget_percent) {
  LegacyOptions o;
  for (const auto& e : legacySalunTable()) {
    if (e.scenario != scenario || forget_percent < e.min_forget_percent || training_epochs < e.min_training_epochs ||
        (!e.arch.empty() && e.arch != arch))
      continue;
    if (e.option == "epochs") o.epochs = int64_t(e.value);
    else if (e.option == "lr") o.lr = e.value;
    else o.batch_size = int64_t(e.value);
  }
  return o;
}

}  // namespace lethe::bench
