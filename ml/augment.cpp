#include "ml/augment.hpp"

#include <algorithm>

namespace lethe::ml {

int64_t augmentPadding(int64_t height, int64_t width) { return std::max<int64_t>(1, std::min(height, width) / 8); }

torch::Tensor augmentBatch(const torch::Tensor& x, int64_t pad, at::Generator& generator) {
  const int64_t n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
  if (n == 0) return x;
  const auto cpu_long = torch::TensorOptions().dtype(torch::kInt64);
  // All draws on the CPU generator, in a fixed order, then moved to the batch's device.
  const torch::Tensor dy = torch::randint(0, 2 * pad + 1, {n}, generator, cpu_long);
  const torch::Tensor dx = torch::randint(0, 2 * pad + 1, {n}, generator, cpu_long);
  const torch::Tensor flip = torch::randint(0, 2, {n}, generator, cpu_long).to(torch::kBool);

  // A crop of the padded image, vectorised: gather rows dy..dy+h-1, then columns dx..dx+w-1.
  const torch::Tensor padded = torch::constant_pad_nd(x, {pad, pad, pad, pad});
  const torch::Tensor rows = (dy.view({n, 1, 1, 1}) + torch::arange(h, cpu_long).view({1, 1, h, 1})).to(x.device());
  torch::Tensor out = padded.gather(2, rows.expand({n, c, h, padded.size(3)}));
  const torch::Tensor cols = (dx.view({n, 1, 1, 1}) + torch::arange(w, cpu_long).view({1, 1, 1, w})).to(x.device());
  out = out.gather(3, cols.expand({n, c, h, w}));
  return torch::where(flip.to(x.device()).view({n, 1, 1, 1}), out.flip({3}), out);
}

}  // namespace lethe::ml
