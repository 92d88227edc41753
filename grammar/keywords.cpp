// keywords(): the language's keywords, read from the generated lexer so that they never drift
// from Lethe.g4 (the shell completes them).
#include "LetheLexer.h"
#include "grammar/keywords.hpp"

namespace lethe::grammar {

const std::vector<std::string>& keywords() {
  static const std::vector<std::string> names = [] {
    // Lethe.g4 declares every keyword token before SEMI, and ANTLR numbers tokens in order.
    antlr4::ANTLRInputStream input(std::string{});
    lethe_antlr::LetheLexer lexer(&input);
    const auto& vocabulary = lexer.getVocabulary();
    std::vector<std::string> out;
    for (size_t type = 1; type < static_cast<size_t>(lethe_antlr::LetheLexer::SEMI); ++type)
      out.push_back(vocabulary.getSymbolicName(type));
    return out;
  }();
  return names;
}

}  // namespace lethe::grammar
