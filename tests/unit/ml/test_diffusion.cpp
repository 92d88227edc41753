// The diffusion model's pieces on tiny configurations: the UNet's shapes, the schedule and
// forward process, guidance, DDIM determinism, EMA, the weight format, training, and PNG writing.
#include <gtest/gtest.h>

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <numeric>

#include "common/error.hpp"
#include "idx_fixture.hpp"
#include "ml/dataset.hpp"
#include "ml/diffusion.hpp"
#include "ml/png_write.hpp"

namespace lethe::ml {
namespace {

GeneratorConfig tinyConfig(int64_t resolution = 8, int64_t width = 8) {
  GeneratorConfig config;
  config.resolution = resolution;
  config.width = width;
  config.image_channels = 1;
  config.classes = 10;
  return config;
}

std::shared_ptr<NoisePredictor> seededModel(const GeneratorConfig& config, uint64_t seed) {
  torch::manual_seed(seed);
  return makeNoisePredictor(config);
}

void expectKind(const std::function<void()>& action, ErrorKind kind, const std::string& fragment) {
  try {
    action();
    FAIL() << "expected an error mentioning '" << fragment << "'";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), kind) << error.what();
    EXPECT_NE(std::string(error.what()).find(fragment), std::string::npos) << error.what();
  }
}

class DiffusionTest : public ::testing::Test {
 protected:
  void SetUp() override { torch::set_num_threads(1); }  // test binaries run side by side
};

TEST_F(DiffusionTest, UnetPredictsNoiseOfTheInputShape) {
  for (int64_t resolution : {8, 14, 16}) {
    auto model = seededModel(tinyConfig(resolution), 1);
    const torch::Tensor x = torch::randn({3, 1, resolution, resolution});
    const torch::Tensor t = torch::tensor({0, 500, 999}, torch::kInt64);
    const torch::Tensor labels = torch::tensor({0, 9, 10}, torch::kInt64);  // 10: the null class
    EXPECT_EQ(model->forward(x, t, labels).sizes(), x.sizes()) << "resolution " << resolution;
  }
  auto model = seededModel(tinyConfig(), 1);
  expectKind([&] { model->forward(torch::randn({2, 1, 16, 16}), torch::zeros({2}, torch::kInt64), torch::zeros({2}, torch::kInt64)); },
             ErrorKind::Execution, "expects images [N, 1, 8, 8]");
  expectKind([&] { model->forward(torch::randn({2, 1, 8, 8}), torch::zeros({3}, torch::kInt64), torch::zeros({2}, torch::kInt64)); },
             ErrorKind::Execution, "one timestep and one label per image");
  EXPECT_GT(countParameters(*model), 10000);
  expectKind([] { makeNoisePredictor(tinyConfig(8, 7)); }, ErrorKind::Execution, "channels");
  expectKind([] { makeNoisePredictor(tinyConfig(4, 8)); }, ErrorKind::Execution, "resolution");
}

TEST_F(DiffusionTest, ConfigComesFromTheRecipeAndTheDataset) {
  OptionValues recipe;
  recipe.set("resolution", int64_t{14});
  recipe.set("channels", int64_t{24});
  DatasetSource source;
  source.channels = 3;
  source.num_classes = 100;
  const GeneratorConfig config = generatorConfig(recipe, source);
  EXPECT_EQ(config.resolution, 14);
  EXPECT_EQ(config.width, 24);
  EXPECT_EQ(config.image_channels, 3);
  EXPECT_EQ(config.nullClass(), 100);
  EXPECT_EQ(generatorConfig(OptionValues{}, source).resolution, kDefaultGeneratorResolution);
  recipe.set("channels", int64_t{9});
  expectKind([&] { generatorConfig(recipe, source); }, ErrorKind::Execution, "channels must be an even number");
}

TEST_F(DiffusionTest, LinearScheduleAndForwardProcess) {
  const NoiseSchedule schedule = makeNoiseSchedule(tinyConfig(), torch::kCPU);
  ASSERT_EQ(schedule.timesteps(), 1000);
  EXPECT_NEAR(schedule.betas[0].item<double>(), 1e-4, 1e-9);
  EXPECT_NEAR(schedule.betas[999].item<double>(), 0.02, 1e-9);
  EXPECT_NEAR(schedule.alphas_cumprod[0].item<double>(), 1.0 - 1e-4, 1e-7);
  EXPECT_LT(schedule.alphas_cumprod[999].item<double>(), 1e-4);  // x_T is almost pure noise
  EXPECT_TRUE((schedule.alphas_cumprod.slice(0, 1) < schedule.alphas_cumprod.slice(0, 0, 999)).all().item<bool>());

  const torch::Tensor x0 = torch::rand({6, 1, 8, 8}) * 2 - 1;
  at::Generator generator = at::detail::createCPUGenerator(5);
  const NoisedBatch batch = noiseBatch(schedule, x0, generator);
  const torch::Tensor abar = schedule.alphas_cumprod.index_select(0, batch.t).view({-1, 1, 1, 1});
  EXPECT_TRUE(torch::allclose(batch.x_t, abar.sqrt() * x0 + (1 - abar).sqrt() * batch.noise, 1e-5, 1e-6));
  at::Generator same = at::detail::createCPUGenerator(5);
  EXPECT_TRUE(noiseBatch(schedule, x0, same).noise.equal(batch.noise));
}

TEST_F(DiffusionTest, ImagesAreScaledToMinusOneOneAndBack) {
  torch::Tensor images = torch::zeros({2, 1, 28, 28}, torch::kUInt8);
  images[0].fill_(255);
  images[1].slice(2, 0, 14).fill_(255);  // left half white
  const torch::Tensor prepared = prepareImages(images, 14, torch::kCPU);
  ASSERT_EQ(prepared.sizes(), (std::vector<int64_t>{2, 1, 14, 14}));
  EXPECT_TRUE(torch::allclose(prepared[0], torch::ones({1, 14, 14})));
  EXPECT_NEAR(prepared[1][0][0][0].item<double>(), 1.0, 1e-6);
  EXPECT_NEAR(prepared[1][0][0][13].item<double>(), -1.0, 1e-6);
  EXPECT_TRUE(toUint8(prepared).equal(images.index({torch::indexing::Slice(), torch::indexing::Slice(),
                                                    torch::indexing::Slice(0, 28, 2), torch::indexing::Slice(0, 28, 2)})));
  EXPECT_TRUE(toUint8(torch::tensor({-3.0, 0.0, 3.0})).equal(torch::tensor({0, 128, 255}, torch::kUInt8)));
}

TEST_F(DiffusionTest, GuidanceMixesConditionalAndNullPredictions) {
  auto model = seededModel(tinyConfig(), 2);
  torch::NoGradGuard no_grad;
  const torch::Tensor x = torch::randn({4, 1, 8, 8});
  const torch::Tensor t = torch::tensor({10, 200, 600, 990}, torch::kInt64);
  const torch::Tensor labels = torch::tensor({1, 3, 5, 7}, torch::kInt64);
  const torch::Tensor conditional = model->forward(x, t, labels);
  const torch::Tensor null = model->forward(x, t, torch::full({4}, 10, torch::kInt64));
  EXPECT_FALSE(torch::allclose(conditional, null)) << "the class embedding has no effect";
  EXPECT_TRUE(torch::allclose(guidedEpsilon(*model, x, t, labels, 0.0), conditional, 1e-4, 1e-5));
  EXPECT_TRUE(torch::allclose(guidedEpsilon(*model, x, t, labels, 2.0), 3 * conditional - 2 * null, 1e-4, 1e-5));
}

TEST_F(DiffusionTest, DdimSamplingIsDeterministicPerSeed) {
  auto model = seededModel(tinyConfig(), 3);
  const NoiseSchedule schedule = makeNoiseSchedule(model->config(), torch::kCPU);
  const torch::Tensor labels = torch::tensor({0, 1, 2, 3, 4}, torch::kInt64);
  int64_t last_done = 0;
  int64_t reported_total = 0;
  const torch::Tensor first = ddimSample(*model, schedule, labels, 10, 2.0, 7, torch::kCPU,
                                         [&](int64_t done, int64_t total) { last_done = done; reported_total = total; });
  EXPECT_EQ(first.sizes(), (std::vector<int64_t>{5, 1, 8, 8}));
  EXPECT_LE(first.max().item<double>(), 1.0);
  EXPECT_GE(first.min().item<double>(), -1.0);
  EXPECT_EQ(last_done, 10);
  EXPECT_EQ(reported_total, 10);
  EXPECT_TRUE(ddimSample(*model, schedule, labels, 10, 2.0, 7, torch::kCPU).equal(first));
  EXPECT_FALSE(torch::allclose(ddimSample(*model, schedule, labels, 10, 2.0, 8, torch::kCPU), first));
  // Chunking does not change the images: the starting noise is drawn for all of them up front.
  EXPECT_TRUE(torch::allclose(ddimSample(*model, schedule, labels, 10, 2.0, 7, torch::kCPU, {}, 2), first, 1e-4, 1e-5));
  EXPECT_TRUE(model->is_training()) << "sampling must restore the model's mode";

  expectKind([&] { ddimSample(*model, schedule, labels, 0, 2.0, 7, torch::kCPU); }, ErrorKind::Execution, "steps");
  expectKind([&] { ddimSample(*model, schedule, labels, 10, -1.0, 7, torch::kCPU); }, ErrorKind::Execution, "guidance");
  expectKind([&] { ddimSample(*model, schedule, torch::tensor({11}, torch::kInt64), 10, 2.0, 7, torch::kCPU); },
             ErrorKind::Execution, "label out of range");
}

TEST_F(DiffusionTest, EmaAveragesWithWarmUp) {
  auto model = seededModel(tinyConfig(), 4);
  const torch::Tensor before = model->parameters()[0].detach().clone();
  EmaWeights ema(*model, 0.999);
  {
    torch::NoGradGuard no_grad;
    for (auto& p : model->parameters()) p.add_(1.0);
  }
  ema.update(*model);  // first update: decay min(0.999, 2 / 11)
  auto averaged = seededModel(tinyConfig(), 5);
  ema.copyTo(*averaged);
  const double decay = 2.0 / 11.0;
  EXPECT_TRUE(torch::allclose(averaged->parameters()[0], before + (1.0 - decay), 1e-5, 1e-6));
  EXPECT_EQ(ema.updates(), 1);
  expectKind([] { auto m = seededModel(tinyConfig(), 1); EmaWeights(*m, 1.0); }, ErrorKind::Execution, "ema_decay");
  auto other = seededModel(tinyConfig(8, 16), 1);
  expectKind([&] { ema.copyTo(*other); }, ErrorKind::Execution, "another network");
}

TEST_F(DiffusionTest, WeightsRoundTripAndMismatchesThrow) {
  auto model = seededModel(tinyConfig(), 6);
  const std::vector<uint8_t> bytes = saveGeneratorWeights(*model);
  auto restored = loadNoisePredictor(tinyConfig(), bytes, torch::kCPU);
  const torch::Tensor x = torch::randn({2, 1, 8, 8});
  const torch::Tensor t = torch::tensor({3, 300}, torch::kInt64);
  const torch::Tensor labels = torch::tensor({2, 10}, torch::kInt64);
  torch::NoGradGuard no_grad;
  EXPECT_TRUE(restored->forward(x, t, labels).equal(model->forward(x, t, labels)));

  auto wider = seededModel(tinyConfig(8, 16), 7);
  const torch::Tensor untouched = wider->parameters()[0].clone();
  expectKind([&] { loadGeneratorWeights(*wider, bytes); }, ErrorKind::Execution, "do not fit the generator");
  EXPECT_TRUE(wider->parameters()[0].equal(untouched)) << "a failed load must leave the model as it was";
  expectKind([&] { loadGeneratorWeights(*wider, std::vector<uint8_t>{1, 2, 3}); }, ErrorKind::Execution,
             "cannot be read");
}

// The first `rows` training rows of Fashion-MNIST (no test rows needed).
std::shared_ptr<const Dataset> fashionHead(int64_t rows) {
  DatasetSource source;
  source.format = "idx";
  source.path = testing::kFashionMnistDir;
  source.train_ids = std::vector<int64_t>(rows);
  std::iota(source.train_ids->begin(), source.train_ids->end(), 0);
  source.test_ids = std::vector<int64_t>{0};
  return loadDataset(source);
}

TEST_F(DiffusionTest, TrainingLowersTheLossAndIsReproducible) {
  if (!testing::fashionMnistInstalled()) GTEST_SKIP() << "Fashion-MNIST is not installed";
  const auto data = fashionHead(512);
  const GeneratorConfig config = tinyConfig(8, 8);
  const NoiseSchedule schedule = makeNoiseSchedule(config, torch::kCPU);
  const torch::Tensor images = prepareImages(data->train.images, config.resolution, torch::kCPU);
  GeneratorTraining training;
  training.batch_size = 32;
  training.lr = 3e-3;
  training.seed = 9;

  auto run = [&](int64_t steps, std::vector<double>* losses) {
    training.steps = steps;
    auto model = seededModel(config, 8);
    EmaWeights ema(*model, 0.99);
    trainGenerator(*model, ema, schedule, images, data->train.labels, training,
                   [&](int64_t, int64_t, double loss) { if (losses) losses->push_back(loss); });
    ema.copyTo(*model);
    return saveGeneratorWeights(*model);
  };
  std::vector<double> losses;
  run(200, &losses);
  ASSERT_EQ(losses.size(), 200u);
  // The first smoothed loss is one batch's: an untrained network's ε-MSE is about 1.
  EXPECT_GT(losses.front(), 0.5);
  EXPECT_LT(losses.back(), 0.6 * losses.front()) << "first " << losses.front() << " last " << losses.back();
  EXPECT_EQ(run(20, nullptr), run(20, nullptr)) << "training from the same seeds gave other weights";

  // A callback that throws stops training (how the executors cancel).
  auto model = seededModel(config, 8);
  EmaWeights ema(*model, 0.99);
  int64_t last_step = 0;
  EXPECT_THROW(trainGenerator(*model, ema, schedule, images, data->train.labels, training,
                              [&](int64_t step, int64_t, double) {
                                last_step = step;
                                if (step == 3) throw Error(ErrorKind::Interrupted, "stop");
                              }),
               Error);
  EXPECT_EQ(last_step, 3);
  training.steps = 0;
  expectKind([&] { trainGenerator(*model, ema, schedule, images, data->train.labels, training); }, ErrorKind::Execution,
             "steps must be at least 1");
}

TEST_F(DiffusionTest, PngWrittenAndReadBack) {
  testing::TempDir dir;
  PngImage image;
  image.height = 3;
  image.width = 5;
  image.channels = 1;
  image.pixels.resize(15);
  std::iota(image.pixels.begin(), image.pixels.end(), uint8_t{100});
  const std::string path = dir.path() + "/grid.png";
  writePng(path, image);
  const PngImage back = readPng(path);
  EXPECT_EQ(back.height, 3);
  EXPECT_EQ(back.width, 5);
  EXPECT_EQ(back.channels, 1);
  EXPECT_EQ(back.pixels, image.pixels);
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp-png")) << "the temporary file was left behind";

  expectKind([&] { writePng(dir.path() + "/missing/grid.png", image); }, ErrorKind::Io, "missing/grid.png");
  expectKind([&] { writePng(dir.path(), image); }, ErrorKind::Io, "not a regular file");
  image.pixels.pop_back();
  expectKind([&] { writePng(path, image); }, ErrorKind::Io, "does not match");
}

}  // namespace
}  // namespace lethe::ml
