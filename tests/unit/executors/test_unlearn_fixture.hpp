#pragma once
// A real Fashion-MNIST subset and a model trained on it once per test process, shared by the
// FORGET tests (the training is the slow part; every test unlearns from the same θ_o).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <numeric>
#include <string>
#include <vector>

#include "executors/api.hpp"
#include "ml/dataset.hpp"
#include "planner/registry.hpp"

namespace lethe::exec::testing {

constexpr int64_t kSneaker = 7;

inline DatasetSource fashionSubset() {
  DatasetSource source;
  source.format = "idx";
  source.path = registry::findBuiltinDataset("fashion-mnist")->path;  // honours its override
  std::vector<int64_t> train(3000), test(1000);
  std::iota(train.begin(), train.end(), 0);
  std::iota(test.begin(), test.end(), 0);
  source.train_ids = train;
  source.test_ids = test;
  return source;
}

inline ExecutionContext testContext() {
  ExecutionContext context;
  context.device = "cpu";
  context.threads = 2;
  context.seed = 1;
  return context;
}

struct TrainedModel {
  DatasetSource dataset;
  std::string arch;
  OptionValues recipe;
  Bytes weights;
};

inline const TrainedModel& trainedMlp() {
  static const TrainedModel model = [] {
    TrainedModel trained;
    trained.dataset = fashionSubset();
    const auto load_start = std::chrono::steady_clock::now();
    ml::loadDataset(trained.dataset);  // reads and caches the files, timed apart from training
    std::printf("[ dataset  ] loaded in %.2fs\n",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count());
    trained.arch = "mlp";
    trained.recipe.set("epochs", int64_t{6});
    trained.recipe.set("lr", 0.05);
    trained.recipe.set("batch_size", int64_t{64});
    trained.recipe.set("momentum", 0.9);
    trained.recipe.set("weight_decay", 5e-4);
    trained.recipe.set("seed", int64_t{1});
    TrainRequest request{trained.dataset, trained.arch, trained.recipe, {}};
    const TrainOutcome outcome = train(request, testContext());
    std::printf("[ original ] mlp on 3000/1000 Fashion-MNIST: train %.2f%% test %.2f%% in %.2fs\n",
                outcome.metrics.at("train_acc"), outcome.metrics.at("test_acc"), outcome.seconds);
    trained.weights = outcome.weights;
    return trained;
  }();
  return model;
}

// Class-wise forget set: every training row of `label`.
inline ForgetSetSpec classForgetSet(const DatasetSource& source, int64_t label) {
  const auto data = ml::loadDataset(source);
  const auto rows = (data->train.labels == label).nonzero().flatten().contiguous();
  ForgetSetSpec spec;
  spec.ids.assign(rows.data_ptr<int64_t>(), rows.data_ptr<int64_t>() + rows.numel());
  spec.classes = {label};
  return spec;
}

// The registry's base options of `method`, as the binder resolves them for a statement that
// sets none with calibration off: executors read every option from these values.
inline OptionValues methodDefaults(const std::string& method) {
  OptionValues options;
  if (const registry::MethodSpec* spec = registry::findMethod(method))
    for (const auto& option : spec->options) options.set(option.name, option.default_value);
  return options;
}

inline ForgetRequest forgetRequest(const std::string& method, const ForgetSetSpec& forget) {
  const TrainedModel& model = trainedMlp();
  ForgetRequest request;
  request.dataset = model.dataset;
  request.arch = model.arch;
  request.recipe = model.recipe;
  request.weights = model.weights;
  request.forget = forget;
  request.method = method;
  request.options = methodDefaults(method);
  request.metrics = {"ua", "ra", "ta", "mia"};
  return request;
}

inline std::map<std::string, double> metricsOf(const Bytes& weights, const ForgetSetSpec& forget) {
  const TrainedModel& model = trainedMlp();
  EvaluateRequest request{model.dataset, model.arch, weights, forget, {"ua", "ra", "ta", "mia"}};
  return evaluate(request, testContext()).metrics;
}

inline void printMetrics(const char* label, const std::map<std::string, double>& metrics, double seconds) {
  std::printf("[ %-8s ] UA %6.2f  RA %6.2f  TA %6.2f  MIA %6.2f  (%.2fs)\n", label, metrics.at("ua"),
              metrics.at("ra"), metrics.at("ta"), metrics.at("mia"), seconds);
}

}  // namespace lethe::exec::testing
