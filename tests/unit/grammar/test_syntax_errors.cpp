// Syntax errors: "line L:C: message", the source line, a caret under the column.
#include "parse_helpers.hpp"

namespace lethe::grammar::testing {

namespace {

// The three lines of a syntax error message.
std::vector<std::string> lines(const std::string& message) {
  std::vector<std::string> out;
  size_t begin = 0;
  for (size_t end; (end = message.find('\n', begin)) != std::string::npos; begin = end + 1)
    out.push_back(message.substr(begin, end - begin));
  out.push_back(message.substr(begin));
  return out;
}

}  // namespace

TEST(SyntaxErrors, TypoInKeywordNamesTheAlternatives) {
  const auto message = lines(syntaxError("CREATE MODLE m ARCH cnn ON d;"));
  ASSERT_EQ(message.size(), 3u);
  EXPECT_EQ(message[0], "line 1:8: mismatched input 'MODLE' expecting {DATASET, MODEL}");
  EXPECT_EQ(message[1], "CREATE MODLE m ARCH cnn ON d;");
  EXPECT_EQ(message[2], "       ^");
}

TEST(SyntaxErrors, ForgetTargetTypo) {
  const auto message = lines(syntaxError("FORGET CLAS 'Sneaker' FROM clf USING salun;"));
  EXPECT_EQ(message[0], "line 1:8: mismatched input 'CLAS' expecting {CLASS, CORRUPTED, RANDOM, SAMPLES, SET}");
  EXPECT_EQ(message[2], "       ^");
}

TEST(SyntaxErrors, SecondLineOfAScript) {
  const auto message = lines(syntaxError("SHOW DATASETS;\nSHOWW MODELS;"));
  EXPECT_EQ(message[0].rfind("line 2:1: mismatched input 'SHOWW' expecting {COMPARE, CORRUPT, CREATE, DESCRIBE, DROP, EVALUATE, "
                             "EXPLAIN, EXPORT, FORGET, IMPORT, SET, SHOW, ';', end of input}", 0), 0u)
      << message[0];
  EXPECT_EQ(message[1], "SHOWW MODELS;");
  EXPECT_EQ(message[2], "^");
}

TEST(SyntaxErrors, CaretKeepsTabsAndCountsCharactersNotBytes) {
  const auto message = lines(syntaxError("\tSET ñame = 1;"));
  // 'ñ' is not an identifier character: the lexer stops at it (column 6, after a tab).
  EXPECT_EQ(message[0], "line 1:6: unexpected character 'ñ'");
  EXPECT_EQ(message[2], "\t    ^");
}

TEST(SyntaxErrors, MissingSemicolonAtTheEnd) {
  const auto message = lines(syntaxError("SHOW MODELS"));
  EXPECT_EQ(message[0], "line 1:12: missing ';' at end of input");
  EXPECT_EQ(message[1], "SHOW MODELS");
  EXPECT_EQ(message[2], "           ^");
  // Optional clauses could still follow; the message is the same.
  EXPECT_NE(syntaxError("DROP MODEL m\n").find("line 1:13: missing ';' at end of input"), std::string::npos);
  EXPECT_NE(syntaxError("SHOW MODELS; SHOW RUNS -- no end").find("missing ';'"), std::string::npos);
}

TEST(SyntaxErrors, MissingSemicolonBetweenStatements) {
  EXPECT_EQ(lines(syntaxError("SHOW MODELS SHOW RUNS;"))[0], "line 1:13: missing ';' at 'SHOW'");
}

TEST(SyntaxErrors, MissingTokenOnlyWhenOneWasExpected) {
  EXPECT_EQ(lines(syntaxError("SHOW VERSIONS clf;"))[0], "line 1:15: missing OF at 'clf'");
  EXPECT_EQ(lines(syntaxError("FORGET CLASS 1 FROM m USING ga WITH epochs = 3;"))[0], "line 1:37: missing '(' at 'epochs'");
  EXPECT_EQ(lines(syntaxError("DROP TABLE x;"))[0], "line 1:6: mismatched input 'TABLE' expecting {DATASET, MODEL}");
}

TEST(SyntaxErrors, TextEndsInsideAStatement) {
  EXPECT_EQ(lines(syntaxError("CREATE MODEL m ARCH"))[0], "line 1:20: unexpected end of input, expecting a name");
}

TEST(SyntaxErrors, ReadableTokenClasses) {
  EXPECT_EQ(lines(syntaxError("SET x = ;"))[0],
            "line 1:9: mismatched input ';' expecting {FALSE, TRUE, '(', a number, a string, a name}");
  EXPECT_EQ(lines(syntaxError("DESCRIBE RUN x;"))[0], "line 1:14: mismatched input 'x' expecting an integer");
  EXPECT_EQ(lines(syntaxError("DROP MODEL 5;"))[0], "line 1:12: mismatched input '5' expecting {IF, a name}");
}

TEST(SyntaxErrors, UnknownStatement) {
  EXPECT_NE(syntaxError("SELECT * FROM models;").find("line 1:1: mismatched input 'SELECT'"), std::string::npos);
}

TEST(SyntaxErrors, UnterminatedStringQuotedNameAndComment) {
  EXPECT_EQ(lines(syntaxError("FORGET CLASS 'Sneaker FROM clf USING ga;"))[0],
            "line 1:14: unterminated string literal: a ' is missing");
  EXPECT_EQ(lines(syntaxError("DROP MODEL \"clf;"))[0], "line 1:12: unterminated quoted name: a \" is missing");
  EXPECT_EQ(lines(syntaxError("SHOW MODELS; /* never closed"))[0], "line 1:14: unterminated comment: */ is missing");
}

TEST(SyntaxErrors, StrayCharacter) {
  const auto message = lines(syntaxError("SHOW MODELS; SHOW $RUNS;"));
  EXPECT_EQ(message[0], "line 1:19: unexpected character '$'");
  EXPECT_EQ(message[2], std::string(18, ' ') + "^");
}

TEST(SyntaxErrors, TheFirstProblemInTheTextIsReported) {
  // A parser error before a lexer error wins, and the other way round.
  EXPECT_EQ(lines(syntaxError("SHOWW MODELS; SHOW $;"))[0].rfind("line 1:1: mismatched input 'SHOWW'", 0), 0u);
  EXPECT_EQ(lines(syntaxError("SHOW $; SHOWW MODELS;"))[0], "line 1:6: unexpected character '$'");
}

TEST(SyntaxErrors, ExtraneousToken) {
  EXPECT_EQ(lines(syntaxError("SHOW MODELS MODELS;"))[0], "line 1:13: extraneous input 'MODELS' expecting ';'");
}

TEST(SyntaxErrors, CarriageReturnsAreNotShown) {
  const auto message = lines(syntaxError("SHOW MODELS;\r\nSHOW MODLES;\r\n"));
  EXPECT_EQ(message[0].rfind("line 2:6: mismatched input 'MODLES'", 0), 0u) << message[0];
  EXPECT_EQ(message[1], "SHOW MODLES;");
}

TEST(SyntaxErrors, InvalidUtf8) {
  EXPECT_NE(syntaxError("SHOW \xff\xfe;").find("not valid UTF-8"), std::string::npos);
}

}  // namespace lethe::grammar::testing
