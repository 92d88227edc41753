#pragma once
// Hand-built AST values and options for the binder's tests (no parser needed).
#include <cstdint>
#include <string>
#include <vector>

#include "grammar/ast.hpp"

namespace lethe::planner::test_ast {

// Names as written at line 1, column 1 (metric lists and the like).
inline std::vector<ast::Name> names(const std::vector<std::string>& list) {
  std::vector<ast::Name> out;
  for (const auto& n : list) out.push_back({n, {1, 1}});
  return out;
}

inline ast::Value integer(int64_t v) {
  ast::Value value;
  value.kind = ast::Value::Kind::Integer;
  value.integer = v;
  value.real = static_cast<double>(v);
  value.text = std::to_string(v);
  return value;
}

inline ast::Value real(double v) {
  ast::Value value;
  value.kind = ast::Value::Kind::Real;
  value.real = v;
  value.text = std::to_string(v);
  return value;
}

inline ast::Value word(const std::string& text) {
  ast::Value value;
  value.kind = ast::Value::Kind::Word;
  value.text = text;
  return value;
}

inline ast::Value text(const std::string& s) {
  ast::Value value = word(s);
  value.kind = ast::Value::Kind::String;
  return value;
}

inline ast::Value boolean(bool b) {
  ast::Value value;
  value.kind = ast::Value::Kind::Boolean;
  value.boolean = b;
  return value;
}

inline ast::Option option(const std::string& name, ast::Value value) { return {{name, {1, 1}}, value}; }

}  // namespace lethe::planner::test_ast
