#pragma once
// What every operator runs with: the device, threads and seed a connection's settings give,
// where progress goes and the flag that cancels. The engine fills it; ml/ and executors/ read it.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

namespace lethe {

struct OperatorProgress {
  std::string op;      // "train", "saliency", "salun", "retrain", "evaluate", ...
  int64_t done = 0;    // units done (batches)
  int64_t total = 0;   // units in all (0 when unknown)
  std::string detail;  // e.g. "epoch 2/8 loss 0.412"
};

struct ExecutionContext {
  std::string device = "auto";  // "auto" | "cpu" | "cuda"
  int threads = 0;              // 0 = hardware concurrency
  uint64_t seed = 0;            // engine-wide default seed (SET seed)
  std::function<void(const OperatorProgress&)> progress;  // may be empty
  const std::atomic<bool>* cancel = nullptr;               // may be null
};

}  // namespace lethe
