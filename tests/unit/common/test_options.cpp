#include <gtest/gtest.h>

#include "common/error.hpp"
#include "common/options.hpp"

namespace lethe {

TEST(Options, TypedGettersAndJsonRoundTrip) {
  OptionValues values;
  values.set("epochs", int64_t{3});
  values.set("lr", 0.01);
  values.set("name", std::string("cosine"));
  values.set("augment", true);
  EXPECT_EQ(values.integer("epochs"), 3);
  EXPECT_DOUBLE_EQ(values.real("epochs"), 3.0);  // integers widen to reals
  EXPECT_DOUBLE_EQ(values.real("lr"), 0.01);
  EXPECT_EQ(values.string("name"), "cosine");
  EXPECT_TRUE(values.boolean("augment"));
  EXPECT_THROW(values.integer("lr"), Error);
  EXPECT_THROW(values.real("missing"), Error);
  EXPECT_EQ(values.integerOr("missing", 9), 9);

  const auto back = OptionValues::fromJson(values.toJson());
  EXPECT_EQ(back.integer("epochs"), 3);
  EXPECT_DOUBLE_EQ(back.real("lr"), 0.01);
  EXPECT_EQ(back.string("name"), "cosine");
  EXPECT_TRUE(back.boolean("augment"));
}

TEST(Options, Formatting) {
  EXPECT_EQ(formatOptionValue(OptionValue{std::string("cpu")}), "'cpu'");
  EXPECT_EQ(formatOptionValue(OptionValue{int64_t{4}}), "4");
  EXPECT_EQ(formatOptionValue(OptionValue{false}), "false");
}

}  // namespace lethe
