// Embedding Lethe in your own tool: open a catalog, run statements, read the result table.
// Built with the project (target embed_example); the README shows the same code.
#include <lethe/lethe.hpp>

#include <iostream>

int main(int argc, char** argv) {
  lethe::Database db(argc > 1 ? argv[1] : ":memory:");
  lethe::Connection con(db);

  lethe::Result r = con.query("SHOW METHODS;");
  if (!r.ok()) {
    std::cerr << r.error() << "\n";
    return 1;
  }
  for (const auto& row : r.rows()) std::cout << row[0].toString() << ": " << row[2].toString() << "\n";

  // Errors come back as values, never as exceptions.
  lethe::Result bad = con.query("FORGET CLASS 'Sneaker' FROM no_such_model USING salun;");
  std::cout << (bad.ok() ? "unexpected success" : bad.error()) << "\n";
  return bad.ok() ? 1 : 0;
}
