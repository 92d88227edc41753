#include "common/suggest.hpp"

#include "common/printable.hpp"
#include "common/strings.hpp"

#include <algorithm>
#include <cctype>

namespace lethe {

// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
// neighbouring letters ('salnu' -> 'salun') each cost one.
size_t editDistance(const std::string& a_in, const std::string& b_in) {
  const std::string a = lower(a_in), b = lower(b_in);
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

std::string closestMatch(const std::string& name, const std::vector<std::string>& candidates) {
  // Allow roughly one typo per three characters, at least one, at most three.
  const size_t limit = std::clamp<size_t>(name.size() / 3, 1, 3);
  std::string best;
  size_t best_distance = limit + 1;
  // A name that starts a candidate ('vgg16' for 'vgg16_bn', 'cifar' for 'cifar10') is what a
  // user types when they forget a suffix, however many characters it lacks.
  if (name.size() >= 3) {
    for (const auto& candidate : candidates)
      if (candidate.size() > name.size() && lower(candidate).compare(0, name.size(), lower(name)) == 0) return candidate;
  }
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
  // Names may hold line breaks and tabs (quoted names, strings): shown escaped.
  std::string message = "unknown " + what + " '" + printable(name) + "'";
  const std::string hint = closestMatch(name, candidates);
  if (!hint.empty()) return message + ". Did you mean '" + printable(hint) + "'?";
  if (!candidates.empty() && candidates.size() <= 12) {
    message += " (known: ";
    for (size_t i = 0; i < candidates.size(); ++i) message += (i ? ", " : "") + printable(candidates[i]);
    message += ")";
  }
  return message;
}

}  // namespace lethe
