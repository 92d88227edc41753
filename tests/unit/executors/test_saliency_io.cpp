// Stored masks: compact, exact round trip, and refused by a model they do not fit.
#include <gtest/gtest.h>

#include "common/error.hpp"
#include "expect_error.hpp"
#include "executors/saliency.hpp"
#include "test_saliency_fixture.hpp"

namespace lethe::exec {
namespace {

using testing::makeTinyNet;
using testing::parameterTotal;

const torch::Device kCpu(torch::kCPU);

SaliencyMask randomMask(ml::Classifier& model, uint64_t seed) {
  torch::manual_seed(seed);
  SaliencyMask mask;
  for (const auto& parameter : model.parameters())
    mask.push_back((torch::rand(parameter.sizes()) < 0.5).to(torch::kFloat));
  return mask;
}

TEST(SaliencyMaskIo, RoundTripIsExact) {
  auto model = makeTinyNet(1);
  const auto mask = randomMask(*model, 2);
  const auto restored = deserializeMask(serializeMask(mask), *model, kCpu);
  ASSERT_EQ(restored.size(), mask.size());
  for (size_t i = 0; i < mask.size(); ++i) {
    EXPECT_EQ(restored[i].scalar_type(), torch::kFloat);
    EXPECT_TRUE(torch::equal(restored[i], mask[i])) << "tensor " << i;
  }
}

TEST(SaliencyMaskIo, PacksEightEntriesPerByte) {
  auto model = makeTinyNet(1, 64);
  const int64_t total = parameterTotal(*model);
  const Bytes bytes = serializeMask(randomMask(*model, 3));
  // Header: magic, version, count, then per tensor ndim + sizes; the rest is bits.
  size_t header = 12;
  for (const auto& parameter : model->parameters()) header += 4 + 8 * parameter.dim();
  EXPECT_EQ(bytes.size(), header + static_cast<size_t>((total + 7) / 8));
}

TEST(SaliencyMaskIo, RefusesAModelOfAnotherShape) {
  auto small = makeTinyNet(1, 5);
  auto wider = makeTinyNet(1, 6);
  const Bytes bytes = serializeMask(randomMask(*small, 4));
  expectExecutionError([&] { deserializeMask(bytes, *wider, kCpu); }, "shape");
}

TEST(SaliencyMaskIo, RefusesDamagedBytes) {
  auto model = makeTinyNet(1);
  const Bytes bytes = serializeMask(randomMask(*model, 5));
  Bytes truncated(bytes.begin(), bytes.end() - 1);
  expectExecutionError([&] { deserializeMask(truncated, *model, kCpu); }, "bytes");
  Bytes header_only(bytes.begin(), bytes.begin() + 10);
  expectExecutionError([&] { deserializeMask(header_only, *model, kCpu); }, "truncated");
  Bytes foreign = bytes;
  foreign[0] = 'X';
  expectExecutionError([&] { deserializeMask(foreign, *model, kCpu); }, "format");
  Bytes longer = bytes;
  longer.push_back(0);
  expectExecutionError([&] { deserializeMask(longer, *model, kCpu); }, "bytes");
}

TEST(SaliencyMaskIo, RefusesAnotherTensorCount) {
  auto model = makeTinyNet(1);
  SaliencyMask mask = randomMask(*model, 6);
  mask.pop_back();
  expectExecutionError([&] { deserializeMask(serializeMask(mask), *model, kCpu); }, "tensors");
}

}  // namespace
}  // namespace lethe::exec
