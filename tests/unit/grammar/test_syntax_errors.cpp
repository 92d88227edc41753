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
  EXPECT_EQ(message[0], "line 1:8: mismatched input 'MODLE' expecting {DATASET, MODEL, REQUEST}");
  EXPECT_EQ(message[1], "CREATE MODLE m ARCH cnn ON d;");
  EXPECT_EQ(message[2], "       ^");
}

TEST(SyntaxErrors, ForgetTargetTypo) {
  const auto message = lines(syntaxError("FORGET CLAS 'Sneaker' FROM clf USING salun;"));
  EXPECT_EQ(message[0], "line 1:8: mismatched input 'CLAS' expecting {CLASS, CORRUPTED, FOR, RANDOM, SAMPLES, SET}");
  EXPECT_EQ(message[2], "       ^");
}

TEST(SyntaxErrors, SecondLineOfAScript) {
  const auto message = lines(syntaxError("SHOW DATASETS;\nSHOWW MODELS;"));
  EXPECT_EQ(message[0].rfind("line 2:1: mismatched input 'SHOWW' expecting {COMPARE, CORRUPT, CREATE, DESCRIBE, DROP, EVALUATE, "
                             "EXPLAIN, EXPORT, FORGET, IMPORT, ROLLBACK, SAMPLE, SET, SHOW, VERIFY, ';', end of input}", 0), 0u)
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

// `SET seed = (((...1)))` with `depth` levels of parentheses, `prefix` before it.
std::string nested(size_t depth, const std::string& prefix = "") {
  return prefix + "SET seed = " + std::string(depth, '(') + "1" + std::string(depth, ')') + ";";
}

TEST(SyntaxErrors, ParenthesesNestAtMostTheLimit) {
  EXPECT_NO_THROW(parse(nested(kMaxNesting)));
  // 25,000 levels used to overflow the parser's stack; the check runs before the parser.
  for (size_t depth : {kMaxNesting + 1, size_t{25000}}) {
    const auto message = lines(syntaxError(nested(depth)));
    EXPECT_EQ(message[0], "line 1:" + std::to_string(12 + kMaxNesting) +
                              ": parentheses nested too deeply: at most 1000 levels are allowed");
    EXPECT_EQ(message[2].size(), 12 + kMaxNesting);  // the caret under the parenthesis past the limit
  }
}

TEST(SyntaxErrors, NestingCountsPerStatementAndSkipsStringsAndComments) {
  // Parentheses in strings, quoted names and comments are not nesting.
  const std::string opened(kMaxNesting, '(');
  EXPECT_NO_THROW(parse("SET seed = ('" + opened + "', \"" + opened + "\") /* " + opened + " */;\n-- " + opened));
  // Each statement starts at depth 0, also after unbalanced parentheses.
  EXPECT_NO_THROW(parse(nested(kMaxNesting, nested(kMaxNesting))));
  EXPECT_EQ(lines(syntaxError("SET seed = (((1;\n" + nested(kMaxNesting)))[0].rfind("line 1:16: ", 0), 0u);
  // On a later line, where the limit is passed.
  EXPECT_EQ(lines(syntaxError(nested(kMaxNesting + 1, "SHOW MODELS;\n")))[0].rfind("line 2:1012: parentheses", 0), 0u);
}

TEST(SyntaxErrors, AnEarlierProblemWinsOverTooDeepANesting) {
  // A grammatical problem in an earlier statement, a lexical one in the same statement.
  EXPECT_EQ(lines(syntaxError(nested(25000, "SHOWW MODELS;\n")))[0].rfind("line 1:1: mismatched input 'SHOWW'", 0), 0u);
  EXPECT_EQ(lines(syntaxError(nested(25000, "SHOW MODELS; $")))[0], "line 1:14: unexpected character '$'");
}

TEST(SyntaxErrors, ControlCharactersAreShownEscaped) {
  // A NUL byte between tokens: the message and the echoed line show \x00, the caret stays
  // under it (the escape is four columns wide).
  const auto message = lines(syntaxError(std::string("SHOW \0MODELS;", 13)));
  ASSERT_EQ(message.size(), 3u);
  EXPECT_EQ(message[0], "line 1:6: unexpected character '\\x00'");
  EXPECT_EQ(message[1], "SHOW \\x00MODELS;");
  EXPECT_EQ(message[2], "     ^");
  // Another control character later on the line: the caret counts the escape's width.
  const auto escape = lines(syntaxError("SHOW /*\x1b[2J*/ MODLES;"));
  EXPECT_EQ(escape[1], "SHOW /*\\x1b[2J*/ MODLES;");
  EXPECT_EQ(escape[2], std::string(17, ' ') + "^");  // column 15, three columns wider
  for (const auto& line : escape) EXPECT_EQ(line.find('\x1b'), std::string::npos);
}

TEST(SyntaxErrors, StringsAndQuotedNamesHoldNoControlCharacters) {
  EXPECT_EQ(lines(syntaxError(std::string("FORGET SAMPLES FROM 'ids.csv\0x' FROM m USING ft;", 48)))[0],
            "line 1:29: control character '\\x00' in a string literal");
  EXPECT_EQ(lines(syntaxError("DROP MODEL \"a\nb\x07\";"))[0], "line 2:2: control character '\\x07' in a quoted name");
  EXPECT_EQ(lines(syntaxError("DROP MODEL \"a\xc2\x9b\";"))[0], "line 1:14: control character '\\u009b' in a quoted name");
  // Tabs and line breaks are fine.
  EXPECT_NO_THROW(parse("CREATE DATASET d FROM 'a\tb\r\nc' FORMAT idx;"));
}

TEST(SyntaxErrors, LongTokensAreCutBetweenCharacters) {
  // Cut after 37 characters: never inside the escape of a line break or inside a character
  // of several bytes.
  const std::string xs(35, 'x');
  const auto tab = lines(syntaxError("SHOW MODELS '" + xs + "\tyyyyy';"))[0];
  EXPECT_NE(tab.find("''" + xs + "\\t...'"), std::string::npos) << tab;
  const auto accent = lines(syntaxError("SHOW MODELS '" + xs + "\xc3\xa9yyyyy';"))[0];
  EXPECT_NE(accent.find("''" + xs + "\xc3\xa9...'"), std::string::npos) << accent;
}

}  // namespace lethe::grammar::testing
