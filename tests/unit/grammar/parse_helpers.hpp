#pragma once
// Shared helpers for the grammar tests.
#include <gtest/gtest.h>

#include <string>

#include "common/error.hpp"
#include "grammar/parser.hpp"

namespace lethe::grammar::testing {

// Parses a script that must hold exactly one statement.
inline ast::Statement parseOne(const std::string& text) {
  auto statements = parse(text);
  if (statements.size() != 1) throw std::runtime_error("expected one statement in: " + text);
  return std::move(statements.front());
}

// The message of the syntax error `text` must raise ("" when it parses).
inline std::string syntaxError(const std::string& text) {
  try {
    parse(text);
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Syntax) << error.what();
    return error.what();
  }
  ADD_FAILURE() << "expected a syntax error for: " << text;
  return "";
}

}  // namespace lethe::grammar::testing
