#include "common/suggest.hpp"

#include "common/strings.hpp"

#include <algorithm>
#include <cctype>

namespace lethe {

size_t editDistance(const std::string& a_in, const std::string& b_in) {
  const std::string a = lower(a_in), b = lower(b_in);
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string closestMatch(const std::string& name, const std::vector<std::string>& candidates) {
  // Allow roughly one typo per three characters, at least one, at most three.
  const size_t limit = std::clamp<size_t>(name.size() / 3, 1, 3);
  std::string best;
  size_t best_distance = limit + 1;
  for (const auto& candidate : candidates) {
    const size_t d = editDistance(name, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

std::string unknownNameMessage(const std::string& what, const std::string& name,
                               const std::vector<std::string>& candidates) {
  std::string message = "unknown " + what + " '" + name + "'";
  const std::string hint = closestMatch(name, candidates);
  if (!hint.empty()) return message + ". Did you mean '" + hint + "'?";
  if (!candidates.empty() && candidates.size() <= 12) {
    message += " (known: ";
    for (size_t i = 0; i < candidates.size(); ++i) message += (i ? ", " : "") + candidates[i];
    message += ")";
  }
  return message;
}

}  // namespace lethe
