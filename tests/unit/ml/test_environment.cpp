// One intra-op thread for the whole test binary. The test binaries run side by side
// (ctest -j) on small machines, and OpenMP workers that spin-wait for a core another
// process holds make a two-thread run many times slower than a one-thread run.
#include <ATen/Parallel.h>
#include <gtest/gtest.h>

namespace {

class SingleThreadEnvironment : public ::testing::Environment {
 public:
  void SetUp() override { at::set_num_threads(1); }
};

const auto* const kRegistered = ::testing::AddGlobalTestEnvironment(new SingleThreadEnvironment);

}  // namespace
