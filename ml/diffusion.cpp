// The diffusion process around the network: configuration from a recipe, the linear β
// schedule, image scaling, the training loss, classifier-free guidance and DDIM sampling.
#include "ml/diffusion.hpp"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <cmath>

#include "common/error.hpp"
#include "ml/eval_mode_scope.hpp"

namespace lethe::ml {
namespace {

namespace F = torch::nn::functional;

// prepareImages converts this many rows at a time, so a whole training split never exists
// as full-size floats at once.
constexpr int64_t kPrepareChunk = 4096;

torch::Tensor scheduleValue(const torch::Tensor& values, const torch::Tensor& t) {
  return values.index_select(0, t).view({-1, 1, 1, 1});
}

void checkLabels(const torch::Tensor& labels, int64_t classes) {
  if (labels.dim() != 1) throw Error(ErrorKind::Execution, "generator labels must be a vector of class indices");
  if (labels.numel() == 0) return;
  const int64_t low = labels.min().item<int64_t>();
  const int64_t high = labels.max().item<int64_t>();
  if (low < 0 || high > classes)
    throw Error(ErrorKind::Execution, "generator label out of range: the generator has " + std::to_string(classes) +
                                          " classes (index " + std::to_string(classes) + " is the null class)");
}

// The DDIM timesteps, ending at T - 1 so sampling starts from (almost) pure noise:
// t_i = round((i + 1) T / steps) - 1, ascending.
std::vector<int64_t> ddimTimesteps(int64_t timesteps, int64_t steps) {
  std::vector<int64_t> sequence;
  for (int64_t i = 0; i < steps; ++i)
    sequence.push_back(std::llround(double(i + 1) * double(timesteps) / double(steps)) - 1);
  return sequence;
}

}  // namespace

GeneratorConfig generatorConfig(const OptionValues& recipe, const DatasetSource& dataset) {
  GeneratorConfig config;
  config.resolution = recipe.integerOr("resolution", kDefaultGeneratorResolution);
  config.width = recipe.integerOr("channels", kDefaultGeneratorWidth);
  config.image_channels = dataset.channels;
  config.classes = dataset.num_classes;
  if (config.resolution < 8 || config.resolution > 256)
    throw Error(ErrorKind::Execution, "resolution must be between 8 and 256, got " + std::to_string(config.resolution));
  if (config.width < 8 || config.width > 512 || config.width % 2 != 0)
    throw Error(ErrorKind::Execution, "channels must be an even number between 8 and 512, got " +
                                          std::to_string(config.width));
  return config;
}

NoiseSchedule makeNoiseSchedule(const GeneratorConfig& config, const torch::Device& device) {
  // Computed in double precision: ᾱ_t is a product of a thousand factors.
  const torch::Tensor betas =
      torch::linspace(config.beta_start, config.beta_end, config.timesteps, torch::TensorOptions().dtype(torch::kFloat64));
  const torch::Tensor alphas_cumprod = torch::cumprod(1.0 - betas, 0);
  return {betas.to(device, torch::kFloat32), alphas_cumprod.to(device, torch::kFloat32)};
}

torch::Tensor prepareImages(const torch::Tensor& images, int64_t resolution, const torch::Device& device) {
  if (images.dim() != 4 || images.scalar_type() != torch::kUInt8)
    throw Error(ErrorKind::Execution, "prepareImages expects uint8 images [N, C, H, W]");
  const bool same_size = images.size(2) == resolution && images.size(3) == resolution;
  const bool shrinking = images.size(2) >= resolution && images.size(3) >= resolution;
  std::vector<torch::Tensor> chunks;
  for (int64_t start = 0; start < images.size(0); start += kPrepareChunk) {
    torch::Tensor x = images.slice(0, start, std::min(start + kPrepareChunk, images.size(0))).to(torch::kFloat32);
    if (!same_size) {
      auto options = F::InterpolateFuncOptions().size(std::vector<int64_t>{resolution, resolution});
      x = shrinking ? F::interpolate(x, options.mode(torch::kArea))
                    : F::interpolate(x, options.mode(torch::kBilinear).align_corners(false));
    }
    chunks.push_back((x * (2.0 / 255.0) - 1.0).to(device));
  }
  if (chunks.empty())
    return torch::empty({0, images.size(1), resolution, resolution}, torch::TensorOptions().device(device));
  return torch::cat(chunks, 0);
}

torch::Tensor toUint8(const torch::Tensor& images) {
  return ((images.detach().to(torch::kCPU, torch::kFloat32).clamp(-1.0, 1.0) + 1.0) * 127.5)
      .round()
      .to(torch::kUInt8);
}

NoisedBatch noiseBatch(const NoiseSchedule& schedule, const torch::Tensor& x0, at::Generator& generator) {
  const auto cpu = torch::TensorOptions().dtype(torch::kInt64);
  const torch::Tensor t = torch::randint(schedule.timesteps(), {x0.size(0)}, generator, cpu).to(x0.device());
  const torch::Tensor noise = torch::randn(x0.sizes(), generator, torch::TensorOptions().dtype(torch::kFloat32)).to(x0.device());
  const torch::Tensor abar = scheduleValue(schedule.alphas_cumprod, t);
  return {torch::sqrt(abar) * x0 + torch::sqrt(1.0 - abar) * noise, t, noise};
}

torch::Tensor diffusionLoss(NoisePredictor& model, const NoiseSchedule& schedule, const torch::Tensor& x0,
                            const torch::Tensor& labels, at::Generator& generator, double label_dropout) {
  const NoisedBatch batch = noiseBatch(schedule, x0, generator);
  torch::Tensor conditioning = labels;
  if (label_dropout > 0.0) {
    const torch::Tensor dropped = (torch::rand({labels.size(0)}, generator) < label_dropout).to(labels.device());
    conditioning = torch::where(dropped, torch::full_like(labels, model.config().nullClass()), labels);
  }
  return torch::mse_loss(model.forward(batch.x_t, batch.t, conditioning), batch.noise);
}

torch::Tensor guidedEpsilon(NoisePredictor& model, const torch::Tensor& x_t, const torch::Tensor& t,
                            const torch::Tensor& labels, double guidance) {
  const int64_t n = x_t.size(0);
  const torch::Tensor unconditional = torch::full_like(labels, model.config().nullClass());
  const torch::Tensor both =
      model.forward(torch::cat({x_t, x_t}, 0), torch::cat({t, t}, 0), torch::cat({labels, unconditional}, 0));
  const torch::Tensor conditional_eps = both.slice(0, 0, n);
  const torch::Tensor null_eps = both.slice(0, n, 2 * n);
  return (1.0 + guidance) * conditional_eps - guidance * null_eps;
}

torch::Tensor ddimSample(NoisePredictor& model, const NoiseSchedule& schedule, const torch::Tensor& labels,
                         int64_t steps, double guidance, uint64_t seed, const torch::Device& device,
                         const SampleProgress& progress, int64_t batch_size) {
  const GeneratorConfig& config = model.config();
  if (steps < 1 || steps > schedule.timesteps())
    throw Error(ErrorKind::Execution, "sampling steps must be between 1 and " + std::to_string(schedule.timesteps()) +
                                          ", got " + std::to_string(steps));
  if (!(guidance >= 0.0)) throw Error(ErrorKind::Execution, "guidance must be at least 0");
  if (batch_size < 1) throw Error(ErrorKind::Execution, "sampling batch size must be at least 1");
  checkLabels(labels, config.classes);

  EvalModeScope eval(model);
  torch::NoGradGuard no_grad;
  const int64_t n = labels.size(0);
  at::Generator generator = at::detail::createCPUGenerator(seed);
  const torch::Tensor start_noise =
      torch::randn({n, config.image_channels, config.resolution, config.resolution}, generator, torch::kFloat32);
  const std::vector<int64_t> sequence = ddimTimesteps(schedule.timesteps(), steps);
  const torch::Tensor abar = schedule.alphas_cumprod.to(torch::kCPU);

  const int64_t chunks = (n + batch_size - 1) / batch_size;
  const int64_t total = chunks * steps;
  int64_t done = 0;
  std::vector<torch::Tensor> images;
  for (int64_t start = 0; start < n; start += batch_size) {
    const int64_t end = std::min(start + batch_size, n);
    const torch::Tensor chunk_labels = labels.slice(0, start, end).to(device, torch::kInt64);
    torch::Tensor x = start_noise.slice(0, start, end).to(device);
    for (int64_t i = steps - 1; i >= 0; --i) {
      const int64_t t = sequence[i];
      const double abar_t = abar[t].item<double>();
      const double abar_prev = i > 0 ? abar[sequence[i - 1]].item<double>() : 1.0;
      const torch::Tensor t_batch = torch::full({end - start}, t, torch::TensorOptions().dtype(torch::kInt64).device(device));
      const torch::Tensor guided_eps = guidedEpsilon(model, x, t_batch, chunk_labels, guidance);
      // The predicted clean image, clipped to the data range, and the ε that leads from it to
      // x_t, recomputed after the clip (as improved-diffusion does): moving on along the
      // unclipped ε instead leaves x inconsistent with x0, and under guidance the samples drift
      // to washed-out grey and white. η = 0: no fresh noise, so sampling is deterministic.
      const torch::Tensor x0 = ((x - std::sqrt(1.0 - abar_t) * guided_eps) / std::sqrt(abar_t)).clamp(-1.0, 1.0);
      const torch::Tensor eps = (x - std::sqrt(abar_t) * x0) / std::sqrt(1.0 - abar_t);
      x = std::sqrt(abar_prev) * x0 + std::sqrt(1.0 - abar_prev) * eps;
      if (progress) progress(++done, total);
    }
    images.push_back(x.clamp(-1.0, 1.0));
  }
  if (images.empty())
    return torch::empty({0, config.image_channels, config.resolution, config.resolution}, torch::TensorOptions().device(device));
  return torch::cat(images, 0);
}

}  // namespace lethe::ml
