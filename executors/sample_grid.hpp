#pragma once
// The picture writeSampleGrid writes: tiles of the samples, one row per class in the order the
// classes first appear, columns in draw order, separated by a 2-pixel grey gap; images smaller
// than 28 pixels are enlarged by an integer factor (nearest neighbour) so they stay visible.
// Torch-free.
#include "executors/api.hpp"
#include "ml/png_image.hpp"

namespace lethe::exec {

// Throws Error(Execution) when the outcome holds no images or its pixels do not match its shape.
ml::PngImage sampleGrid(const SampleOutcome& samples);

}  // namespace lethe::exec
