#pragma once
// The ordered schema migrations. Step k takes a catalog from user_version k to k + 1;
// the catalog runs each missing step in its own transaction.
#include <vector>

namespace lethe::catalog {

struct Migration {
  int from_version;
  const char* sql;
};

const std::vector<Migration>& migrations();

}  // namespace lethe::catalog
