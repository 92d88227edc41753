// The residual networks' stored layout: every parameter and buffer name, its shape, and a
// checksum of the weights a seed initialises, for resnet18, resnet20, resnet20_gated (full
// and pruned twin) and resnet9_gated. Weights are stored and loaded by name and shape, so a
// network whose layout matches the fixture loads every catalog written before; matching
// checksums mean the same seed still draws the same initial model.
//
// tests/data/resnet_layout.txt was written by the networks as they were before they
// were built from one parametrised residual network; regenerate it only for a deliberate
// change of layout (which breaks existing catalogs): run unit_ml with
// --gtest_also_run_disabled_tests --gtest_filter='*WriteFixture*'.
#include <gtest/gtest.h>

#include <fstream>
#include <iomanip>
#include <sstream>

#include "ml/classifier.hpp"
#include "ml/gates.hpp"

namespace lethe::ml {
namespace {

const std::string kFixture = std::string(LETHE_TEST_DATA_DIR) + "/resnet_layout.txt";

// One line per named tensor: "<net> <name> <shape> <sum> <sum of squares>" with sums to 6
// significant digits (exact draws agree far beyond that; a different draw does not).
std::string layout(const std::string& label, Classifier& model) {
  std::ostringstream out;
  auto line = [&](const std::string& name, const torch::Tensor& t) {
    const torch::Tensor d = t.detach().to(torch::kFloat64);
    out << label << ' ' << name << ' ' << t.sizes() << ' ' << std::setprecision(6) << d.sum().item<double>() << ' '
        << d.pow(2).sum().item<double>() << '\n';
  };
  for (const auto& p : model.named_parameters()) line(p.key(), p.value());
  for (const auto& b : model.named_buffers()) line(b.key(), b.value());
  return out.str();
}

std::string allLayouts() {
  std::string text;
  for (const std::string arch : {"resnet18", "resnet20", "resnet20_gated", "resnet9_gated"}) {
    torch::manual_seed(7);
    text += layout(arch, *makeClassifier(arch, InputShape{3, 32, 32, 10}));
    if (isGatedArch(arch)) {
      torch::manual_seed(7);
      text += layout(arch + "_pruned", *makePrunedClassifier(arch, InputShape{3, 32, 32, 10}));
    }
  }
  return text;
}

TEST(ResnetLayout, MatchesTheLayoutExistingCatalogsWereWrittenWith) {
  std::ifstream in(kFixture);
  ASSERT_TRUE(in) << "missing " << kFixture;
  std::stringstream expected;
  expected << in.rdbuf();
  const std::string actual = allLayouts();
  std::istringstream want(expected.str()), got(actual);
  std::string w, g;
  for (int line = 1; std::getline(want, w); ++line) {
    ASSERT_TRUE(static_cast<bool>(std::getline(got, g))) << "fewer tensors than the fixture; missing: " << w;
    ASSERT_EQ(g, w) << "line " << line;
  }
  EXPECT_FALSE(static_cast<bool>(std::getline(got, g))) << "more tensors than the fixture: " << g;
}

TEST(ResnetLayout, DISABLED_WriteFixture) {
  std::ofstream(kFixture) << allLayouts();
}

}  // namespace
}  // namespace lethe::ml
