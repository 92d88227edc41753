#pragma once
// The class-conditional diffusion model of SalUn's generation half (METHODS.md, "Generation"):
// a small conditional UNet predicting the noise ε, the linear β schedule (T = 1000), the
// diffusion loss with label dropout for classifier-free guidance, guided ε, deterministic
// DDIM sampling, EMA weights and the weight format. Internal to ml/ and executors/ (torch).
//
// Images live in [-1, 1] at the generator's resolution (a square the dataset is resized to);
// labels are int64 class indices, and the index `classes` is the learned null class ("no
// class"), which classifier-free guidance contrasts with the asked-for class.
#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "common/dataset_source.hpp"
#include "common/options.hpp"

namespace lethe::ml {

// The recipe's fallbacks when an option is absent (the planner's registry normally fills them;
// docs/generation.md, "Model size and cost", says how they were chosen).
constexpr int64_t kDefaultGeneratorResolution = 16;
constexpr int64_t kDefaultGeneratorWidth = 32;
constexpr double kDefaultEmaDecay = 0.999;
// Share of training labels replaced by the null class so that ε(x_t|∅) is learned too.
constexpr double kLabelDropout = 0.1;

struct GeneratorConfig {
  int64_t resolution = kDefaultGeneratorResolution;  // images are resolution x resolution
  int64_t width = kDefaultGeneratorWidth;            // UNet base channels (levels: width, 2 x width)
  int64_t image_channels = 1;
  int64_t classes = 10;  // real classes; the null class is index `classes`
  int64_t timesteps = 1000;
  double beta_start = 1e-4;  // linear β schedule
  double beta_end = 0.02;

  int64_t nullClass() const { return classes; }
};

// From a generator's recipe (resolution, channels) and its dataset (image channels, classes).
// Throws Error(Execution) naming the option when a value cannot build a network.
GeneratorConfig generatorConfig(const OptionValues& recipe, const DatasetSource& dataset);

// ε-prediction network: a two-level conditional UNet (GroupNorm + SiLU residual blocks into
// which the sum of a sinusoidal-time MLP embedding and a class embedding is added).
class NoisePredictor : public torch::nn::Module {
 public:
  // x_t float [N, C, R, R]; t int64 [N] in [0, T); labels int64 [N] in [0, classes], where
  // `classes` means no class. Returns predicted ε, [N, C, R, R].
  virtual torch::Tensor forward(const torch::Tensor& x_t, const torch::Tensor& t, const torch::Tensor& labels) = 0;
  virtual const GeneratorConfig& config() const = 0;
};

// Initialisation draws from torch's global generator: seed it (torch::manual_seed) first.
std::shared_ptr<NoisePredictor> makeNoisePredictor(const GeneratorConfig& config);

int64_t countParameters(const NoisePredictor& model);

// Parameters as bytes (torch::save archive, CPU tensors) and back. loadGeneratorWeights
// throws Error(Execution) when the bytes are not an archive or do not fit the network,
// and then leaves the model untouched.
std::vector<uint8_t> saveGeneratorWeights(NoisePredictor& model);
void loadGeneratorWeights(NoisePredictor& model, const std::vector<uint8_t>& bytes);
// The parameters stored weights hold, without building the network (which follows a recipe
// the bytes do not carry); Error(Execution) when the bytes are not an archive.
int64_t storedParameterCount(const std::vector<uint8_t>& bytes);

// A network built from `config` with `bytes` loaded (the executors' usual first step).
std::shared_ptr<NoisePredictor> loadNoisePredictor(const GeneratorConfig& config, const std::vector<uint8_t>& bytes,
                                                   const torch::Device& device);

struct NoiseSchedule {
  torch::Tensor betas;           // float [T]
  torch::Tensor alphas_cumprod;  // float [T], ᾱ_t = Π (1 - β_s)
  int64_t timesteps() const { return betas.size(0); }
};
NoiseSchedule makeNoiseSchedule(const GeneratorConfig& config, const torch::Device& device);

// uint8 [N, C, H, W] -> float [N, C, R, R] in [-1, 1] on `device`, resized by area averaging
// when shrinking (bilinear when growing).
torch::Tensor prepareImages(const torch::Tensor& images, int64_t resolution, const torch::Device& device);
// Images in [-1, 1] (clamped) -> uint8 [N, C, R, R] on the CPU.
torch::Tensor toUint8(const torch::Tensor& images);

// The forward process at uniformly drawn t: x_t = sqrt(ᾱ_t) x0 + sqrt(1 - ᾱ_t) ε.
struct NoisedBatch {
  torch::Tensor x_t;    // float, like x0
  torch::Tensor t;      // int64 [N]
  torch::Tensor noise;  // ε, like x0
};
// t and ε are drawn on the CPU from `generator` (reproducible on any device) and moved to x0's device.
NoisedBatch noiseBatch(const NoiseSchedule& schedule, const torch::Tensor& x0, at::Generator& generator);

// Mean squared ε-prediction error of one batch (x0 in [-1, 1], labels int64 [N]). Each label is
// replaced by the null class with probability `label_dropout` (kLabelDropout while training a
// generator, 0 in unlearning's retain term), drawn from `generator`.
torch::Tensor diffusionLoss(NoisePredictor& model, const NoiseSchedule& schedule, const torch::Tensor& x0,
                            const torch::Tensor& labels, at::Generator& generator, double label_dropout);

// Classifier-free guidance: (1 + w) ε(x_t|c) - w ε(x_t|∅), one batched forward of size 2N.
// w = 0 is the conditional ε.
torch::Tensor guidedEpsilon(NoisePredictor& model, const torch::Tensor& x_t, const torch::Tensor& t,
                            const torch::Tensor& labels, double guidance);

// Called after every denoising step of every chunk: (done, total). It may throw to stop
// (the executors check cancellation there).
using SampleProgress = std::function<void(int64_t done, int64_t total)>;

// Deterministic DDIM (η = 0) over `steps` evenly spaced timesteps ending at T - 1, with guidance w,
// one image per label, in chunks of at most `batch_size` images. Each step clips its predicted
// clean image to [-1, 1] and recomputes ε from it. The starting noise of all images is drawn
// from `seed` up front, so a given (seed, labels) gives the same images whatever the chunking.
// Runs in eval mode without gradients; returns float [N, C, R, R] in [-1, 1] on `device`.
torch::Tensor ddimSample(NoisePredictor& model, const NoiseSchedule& schedule, const torch::Tensor& labels,
                         int64_t steps, double guidance, uint64_t seed, const torch::Device& device,
                         const SampleProgress& progress = {}, int64_t batch_size = 256);

// Exponential moving average of the parameters. The effective decay warms up as
// min(decay, (1 + n) / (10 + n)) after n updates, so early weights do not linger.
class EmaWeights {
 public:
  EmaWeights(NoisePredictor& model, double decay);
  void update(NoisePredictor& model);
  // Copies the averaged parameters into `model` (same config).
  void copyTo(NoisePredictor& model) const;
  int64_t updates() const { return updates_; }

 private:
  // Throws Error(Execution) unless `parameters` match the averaged ones in number and shape.
  void checkSameNetwork(const std::vector<torch::Tensor>& parameters) const;

  std::vector<torch::Tensor> shadow_;
  double decay_;
  int64_t updates_ = 0;
};

struct GeneratorTraining {
  int64_t steps = 0;        // optimizer steps
  int64_t batch_size = 128;
  double lr = 2e-4;         // Adam
  double ema_decay = kDefaultEmaDecay;
  double label_dropout = kLabelDropout;
  double grad_clip = 1.0;   // global gradient norm
  uint64_t seed = 1;        // batches, timesteps, noise, dropout
};

// Called after every optimizer step: (step done, total steps, smoothed loss). It may throw to stop.
using TrainStepCallback = std::function<void(int64_t step, int64_t total, double smoothed_loss)>;

struct GeneratorTrainStats {
  double smoothed_loss = 0.0;  // exponential average of the batch losses (weight 0.01 per step)
  int64_t images = 0;
  double seconds = 0.0;
};

// Trains `model` (on its device) with Adam on random batches of `images` (float [N, C, R, R] in
// [-1, 1], prepared by prepareImages) and `labels` (int64 [N]), updating `ema` after every step.
// Batches walk through a fresh permutation of the rows on every pass.
GeneratorTrainStats trainGenerator(NoisePredictor& model, EmaWeights& ema, const NoiseSchedule& schedule,
                                   const torch::Tensor& images, const torch::Tensor& labels,
                                   const GeneratorTraining& training, const TrainStepCallback& on_step = {});

}  // namespace lethe::ml
