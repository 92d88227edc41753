#pragma once
// The language's keywords, for completion in the shell.
#include <string>
#include <vector>

namespace lethe::grammar {

// The keywords of the language in upper case (ANALYZE ... WITH), in the grammar's order.
// Read from the generated lexer, so they always match Lethe.g4.
const std::vector<std::string>& keywords();

}  // namespace lethe::grammar
