// grammar::firstStatement: where lethe_prepare's statement ends (a top-level ';' outside
// strings, quoted names and comments), on the plain fast path and the lexer's.
#include <gtest/gtest.h>

#include "grammar/parser.hpp"

using lethe::grammar::firstStatement;

namespace {

std::string first(const std::string& text) {
  const auto span = firstStatement(text);
  return text.substr(span.begin, span.end - span.begin) + (span.terminated ? "" : "<open>");
}

}  // namespace

TEST(FirstStatement, PlainText) {
  EXPECT_EQ(first("SHOW ARCHS; SHOW METHODS;"), "SHOW ARCHS;");
  EXPECT_EQ(first("  ;; SHOW ARCHS ;"), "SHOW ARCHS ;");
  EXPECT_EQ(first("SHOW ARCHS"), "SHOW ARCHS<open>");
  EXPECT_EQ(first(" ;\n; "), "<open>");
  EXPECT_EQ(firstStatement("  ").begin, 2u);
}

TEST(FirstStatement, SemicolonsInStringsNamesAndComments) {
  EXPECT_EQ(first("DESCRIBE MODEL \"a;b\"; SHOW ARCHS;"), "DESCRIBE MODEL \"a;b\";");
  EXPECT_EQ(first("FORGET CLASS 'x;''y' FROM m USING salun; X;"), "FORGET CLASS 'x;''y' FROM m USING salun;");
  EXPECT_EQ(first("-- one; two\nSHOW ARCHS; X;"), "SHOW ARCHS;");
  EXPECT_EQ(first("/* ; */ SHOW /* ; */ ARCHS; X;"), "SHOW /* ; */ ARCHS;");
  EXPECT_EQ(first("SET lr = -1; X;"), "SET lr = -1;");
  EXPECT_EQ(first("-- only a comment;"), "<open>");
  EXPECT_EQ(firstStatement("-- only a comment;").begin, 18u);
}

TEST(FirstStatement, UnterminatedRunsToTheEnd) {
  EXPECT_EQ(first("SHOW 'open; string"), "SHOW 'open; string<open>");
  EXPECT_EQ(first("SHOW /* open; comment"), "SHOW /* open; comment<open>");
}

TEST(FirstStatement, OffsetsAreBytesInUtf8) {
  const std::string text = "DESCRIBE MODEL \"caf\xC3\xA9;\xE2\x82\xAC\"; SHOW ARCHS;";
  const auto span = firstStatement(text);
  EXPECT_TRUE(span.terminated);
  EXPECT_EQ(text.substr(span.end), " SHOW ARCHS;");
}
