// isComplete(): when the shell may stop reading lines.
#include "parse_helpers.hpp"

namespace lethe::grammar::testing {

TEST(IsComplete, NeedsAStatementEndingInASemicolon) {
  EXPECT_FALSE(isComplete(""));
  EXPECT_FALSE(isComplete("   \n"));
  EXPECT_FALSE(isComplete("SHOW"));
  EXPECT_FALSE(isComplete("FORGET CLASS 'Sneaker'\n  FROM clf"));
  EXPECT_TRUE(isComplete("SHOW MODELS;"));
  EXPECT_TRUE(isComplete("SHOW MODELS;  \n\t"));
  EXPECT_FALSE(isComplete(";"));
  EXPECT_FALSE(isComplete(" ; ;"));
}

TEST(IsComplete, TrailingCommentsDoNotMatter) {
  EXPECT_TRUE(isComplete("SHOW MODELS; -- list them"));
  EXPECT_TRUE(isComplete("SHOW MODELS; /* done */ "));
  EXPECT_FALSE(isComplete("SHOW MODELS -- ;"));
  EXPECT_FALSE(isComplete("SHOW MODELS /* ; */"));
}

TEST(IsComplete, SemicolonsInsideStringsAndNamesDoNotCount) {
  EXPECT_FALSE(isComplete("FORGET CLASS 'a;"));
  EXPECT_FALSE(isComplete("FORGET CLASS 'it''s;"));
  EXPECT_TRUE(isComplete("FORGET CLASS 'it''s;' FROM m USING ga;"));
  EXPECT_FALSE(isComplete("DROP MODEL \"x;"));
  EXPECT_FALSE(isComplete("SHOW MODELS; /* unclosed ;"));
}

TEST(IsComplete, TextAfterTheLastSemicolonMeansMoreToRead) {
  EXPECT_FALSE(isComplete("SHOW MODELS; SHOW"));
  EXPECT_TRUE(isComplete("SHOW MODELS; SHOW RUNS;"));
}

TEST(IsComplete, InvalidStatementsAreCompleteForTheParserToReport) {
  EXPECT_TRUE(isComplete("SELECT 1;"));
  EXPECT_TRUE(isComplete("SHOW $;"));
  EXPECT_TRUE(isComplete("SHOW \xff"));  // no more input can fix the encoding
}

}  // namespace lethe::grammar::testing
