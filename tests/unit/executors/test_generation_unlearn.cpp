// The generator's saliency mask and the salun / ga / ft updates on an untrained tiny generator
// and synthetic images: the properties that hold for any network.
#include <gtest/gtest.h>

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <set>

#include "common/generator_methods.hpp"
#include "executors/generation_unlearn.hpp"
#include "expect_error.hpp"
#include "test_generation_fixture.hpp"

namespace lethe::exec {
namespace {

using namespace testing;

constexpr int64_t kClasses = 3;
constexpr int64_t kForgotten = 1;

int64_t parameterTotal(ml::NoisePredictor& model) {
  int64_t total = 0;
  for (const auto& parameter : model.parameters()) total += parameter.numel();
  return total;
}

int64_t onesIn(const SaliencyMask& mask) {
  int64_t ones = 0;
  for (const auto& tensor : mask) ones += tensor.sum().item<int64_t>();
  return ones;
}

// `method`'s options start at their defaults, as the planner resolves them; a test overrides some.
struct TinyRun {
  explicit TinyRun(const std::string& method) : options(generatorMethodDefaults(method)) {}

  std::shared_ptr<ml::NoisePredictor> model = tinyGenerator(kClasses);
  ml::NoiseSchedule schedule = ml::makeNoiseSchedule(model->config(), torch::kCPU);
  ml::Split images = syntheticImages(kClasses, 24);
  torch::Tensor forget = torch::tensor(rowsOfClass(images, kForgotten), torch::kLong);
  torch::Tensor retain = images.labels.ne(kForgotten).nonzero().flatten();
  OptionValues options;

  SaliencyMask mask(double threshold, uint64_t seed = 1) {
    return computeGeneratorSaliencyMask(*model, schedule, images, forget, threshold, 2.0, 16, seed, torch::kCPU,
                                        generationContext());
  }
  GeneratorUnlearnInput input(const SaliencyMask* mask, const ExecutionContext& context) {
    return {*model, schedule, images, forget, retain, {kForgotten}, options, mask, torch::kCPU, context};
  }
  // salun's forgetting objective on every forget row, at fixed timesteps and noise.
  double forgetLoss() {
    torch::NoGradGuard no_grad;
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(99);
    const torch::Tensor x0 = ml::prepareImages(images.images.index_select(0, forget), 8, torch::kCPU);
    return substituteClassLoss(*model, schedule, x0, images.labels.index_select(0, forget), generator).item<double>();
  }
};

TEST(GenerationSaliency, KeepsTheAskedFractionOfAllWeights) {
  TinyRun setup("salun");
  const int64_t total = parameterTotal(*setup.model);
  for (double threshold : {0.1, 0.5, 0.9}) {
    const SaliencyMask mask = setup.mask(threshold);
    ASSERT_EQ(mask.size(), setup.model->parameters().size());
    EXPECT_EQ(onesIn(mask), std::llround(threshold * double(total))) << "threshold " << threshold;
  }
  // A larger fraction keeps every weight a smaller one kept (one global ranking).
  const SaliencyMask small = setup.mask(0.2), large = setup.mask(0.6);
  for (size_t i = 0; i < small.size(); ++i) EXPECT_TRUE(torch::all(large[i].ge(small[i])).item<bool>());
}

TEST(GenerationSaliency, IsReproducibleAndStoredLikeAClassifiersMask) {
  TinyRun setup("salun");
  const SaliencyMask first = setup.mask(0.5), again = setup.mask(0.5), other_seed = setup.mask(0.5, 7);
  bool differs = false;
  for (size_t i = 0; i < first.size(); ++i) {
    EXPECT_TRUE(torch::equal(first[i], again[i]));
    differs = differs || !torch::equal(first[i], other_seed[i]);
  }
  EXPECT_TRUE(differs) << "other timesteps and noise should rank some weights differently";

  const SaliencyMask loaded = deserializeMask(serializeMask(first), setup.model->parameters(), torch::kCPU);
  ASSERT_EQ(loaded.size(), first.size());
  for (size_t i = 0; i < first.size(); ++i) EXPECT_TRUE(torch::equal(loaded[i], first[i]));
  // A mask of another network does not load.
  auto wider = ml::makeNoisePredictor([] { auto c = tinyGeneratorConfig(kClasses); c.width = 16; return c; }());
  expectExecutionError([&] { deserializeMask(serializeMask(first), wider->parameters(), torch::kCPU); }, "shape");
}

TEST(GenerationSalun, LowersTheForgetLossAndLeavesMaskedOutWeightsBitIdentical) {
  TinyRun setup("salun");
  setup.options.set("steps", int64_t{25});
  setup.options.set("lr", 1e-3);
  setup.options.set("batch_size", int64_t{16});
  const SaliencyMask mask = setup.mask(0.5);
  std::vector<torch::Tensor> start;
  for (const auto& parameter : setup.model->parameters()) start.push_back(parameter.detach().clone());
  const double before = setup.forgetLoss();

  std::set<std::string> ops;
  int64_t last_done = 0, last_total = 0;
  ExecutionContext context = generationContext();
  context.progress = [&](const Progress& progress) {
    ops.insert(progress.op);
    last_done = progress.done;
    last_total = progress.total;
  };
  unlearnGeneratorSalun(setup.input(&mask, context));
  const double after = setup.forgetLoss();
  std::printf("[ salun    ] forget loss %.6f -> %.6f\n", before, after);
  EXPECT_LT(after, 0.5 * before);
  EXPECT_TRUE(ops.count("salun"));
  EXPECT_EQ(last_done, 25);
  EXPECT_EQ(last_total, 25);

  const std::vector<torch::Tensor> parameters = setup.model->parameters();
  int64_t moved_salient = 0;
  for (size_t i = 0; i < parameters.size(); ++i) {
    const torch::Tensor frozen = mask[i].eq(0);
    // Bit for bit: the same values, not merely close ones.
    EXPECT_TRUE(torch::equal(parameters[i].detach().masked_select(frozen), start[i].masked_select(frozen)))
        << "parameter " << i;
    moved_salient += parameters[i].detach().ne(start[i]).logical_and(frozen.logical_not()).sum().item<int64_t>();
  }
  EXPECT_GT(moved_salient, 0);
}

TEST(GenerationSalun, NeedsAMaskAndStopsWhenCancelled) {
  TinyRun setup("salun");
  expectExecutionError([&] { unlearnGeneratorSalun(setup.input(nullptr, generationContext())); }, "saliency mask");

  const SaliencyMask mask = setup.mask(0.5);
  std::atomic<bool> cancel{true};
  ExecutionContext context = generationContext();
  context.cancel = &cancel;
  try {
    unlearnGeneratorSalun(setup.input(&mask, context));
    FAIL() << "expected Interrupted";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Interrupted);
  }
}

// The ordinary diffusion loss of some rows at fixed timesteps and noise.
double diffusionLossOf(TinyRun& setup, const torch::Tensor& rows) {
  torch::NoGradGuard no_grad;
  at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(5);
  const torch::Tensor x0 = ml::prepareImages(setup.images.images.index_select(0, rows), 8, torch::kCPU);
  return ml::diffusionLoss(*setup.model, setup.schedule, x0, setup.images.labels.index_select(0, rows), generator, 0.0)
      .item<double>();
}

TEST(GenerationGaFt, AscentRaisesTheForgetLossAndFineTuningLowersTheRetainLoss) {
  TinyRun ga("ga");
  ga.options.set("steps", int64_t{15});
  ga.options.set("lr", 1e-3);
  const double ga_before = diffusionLossOf(ga, ga.forget);
  unlearnGeneratorGa(ga.input(nullptr, generationContext()));
  EXPECT_GT(diffusionLossOf(ga, ga.forget), ga_before);

  TinyRun ft("ft");
  ft.options.set("steps", int64_t{15});
  ft.options.set("lr", 1e-3);
  const double ft_before = diffusionLossOf(ft, ft.retain);
  unlearnGeneratorFt(ft.input(nullptr, generationContext()));
  EXPECT_LT(diffusionLossOf(ft, ft.retain), ft_before);
}

TEST(GenerationMethods, TheTableNamesWhatTheExecutorsRun) {
  for (const std::string& method : generatorMethodNames()) EXPECT_FALSE(generatorMethodOptions(method).empty());
  EXPECT_TRUE(isGeneratorMethod("salun"));
  EXPECT_FALSE(isGeneratorMethod("rl"));
}

TEST(GenerationMethods, DefaultsHoldEveryOptionOfTheTable) {
  for (const std::string& method : generatorMethodNames()) {
    const std::vector<OptionSpec> table = generatorMethodOptions(method);
    const OptionValues defaults = generatorMethodDefaults(method);
    ASSERT_EQ(defaults.all().size(), table.size()) << method;
    for (const OptionSpec& spec : table) EXPECT_EQ(defaults.all().at(spec.name), spec.default_value) << method;
  }
}

// The executors keep no default of their own: an option the registry did not resolve is a
// programming error they report, not a value they make up.
TEST(GenerationMethods, AMissingOptionIsReportedNotDefaulted) {
  TinyRun ft("ft");
  const OptionValues defaults = ft.options;
  ft.options = OptionValues();
  for (const auto& [name, value] : defaults.all())
    if (name != "lr") ft.options.set(name, value);
  try {
    unlearnGeneratorFt(ft.input(nullptr, generationContext()));
    FAIL() << "expected a missing option";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("missing option 'lr'"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace lethe::exec
