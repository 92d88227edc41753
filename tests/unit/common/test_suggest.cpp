#include <gtest/gtest.h>

#include "common/printable.hpp"
#include "common/suggest.hpp"

namespace lethe {

TEST(Suggest, EditDistanceIsCaseInsensitive) {
  EXPECT_EQ(editDistance("salun", "SALUN"), 0u);
  EXPECT_EQ(editDistance("salun", "salon"), 1u);
  EXPECT_EQ(editDistance("", "abc"), 3u);
  EXPECT_EQ(editDistance("kitten", "sitting"), 3u);
}

TEST(Suggest, ClosestMatchWithinAFewTypos) {
  EXPECT_EQ(closestMatch("salon", {"retrain", "salun"}), "salun");
  EXPECT_EQ(closestMatch("Sneakers", {"Sandal", "Sneaker", "Shirt"}), "Sneaker");
  EXPECT_EQ(closestMatch("zzzzzz", {"retrain", "salun"}), "");
}

TEST(Suggest, SwappedLettersAndMissingSuffixes) {
  EXPECT_EQ(editDistance("salnu", "salun"), 1u) << "two neighbouring letters swapped are one typo";
  EXPECT_EQ(closestMatch("salnu", {"salun", "scrub", "npo"}), "salun");
  EXPECT_EQ(closestMatch("vgg16", {"resnet18", "vgg16_bn"}), "vgg16_bn");
  EXPECT_EQ(closestMatch("cifar", {"idx", "cifar10", "cifar100"}), "cifar10");
  EXPECT_EQ(closestMatch("ci", {"cifar10"}), "") << "two letters are too few to guess from";
}

TEST(Suggest, MessageNamesTheProblemAndTheHint) {
  EXPECT_EQ(unknownNameMessage("method", "salon", {"retrain", "salun"}), "unknown method 'salon'. Did you mean 'salun'?");
  EXPECT_EQ(unknownNameMessage("model", "zzzzzz", {"a", "b"}), "unknown model 'zzzzzz' (known: a, b)");
  EXPECT_EQ(unknownNameMessage("model", "x", {}), "unknown model 'x'");
}

TEST(Suggest, ControlCharactersInNamesAreShownEscaped) {
  // Quoted names and strings may span lines; a message shows the line break, never makes one.
  EXPECT_EQ(unknownNameMessage("model", "a\nb\tc", {"zzzzzz"}), "unknown model 'a\\nb\\tc' (known: zzzzzz)");
  EXPECT_EQ(printable(std::string("a\0b\x1b[0m\x7f\xc2\x9b\xc3\xa9", 12)), "a\\x00b\\x1b[0m\\x7f\\u009b\xc3\xa9");
}

}  // namespace lethe
