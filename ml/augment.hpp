#pragma once
// Training-time augmentation applied to whole batches on the device: the standard CIFAR
// recipe of a random crop from a zero-padded image and a random horizontal flip.
#include <torch/torch.h>

namespace lethe::ml {

// Zero padding for images of this size: 1/8 of the shorter side (4 px at 32x32, 3 px at
// 28x28), at least 1.
int64_t augmentPadding(int64_t height, int64_t width);

// x: float [N, C, H, W]. Each image is shifted by a random offset in [-pad, pad] on both
// axes (the uncovered border is 0) and mirrored left-right with probability 1/2. The draws
// come from `generator` (CPU), so a seeded generator gives the same batch every run; the
// shape, the device and the order of the images (hence their labels) are kept.
torch::Tensor augmentBatch(const torch::Tensor& x, int64_t pad, at::Generator& generator);

}  // namespace lethe::ml
