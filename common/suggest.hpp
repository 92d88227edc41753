#pragma once
// "Did you mean ...?" suggestions for unknown names.
#include <string>
#include <vector>

namespace lethe {

// Edit distance between two names, case-insensitive.
size_t editDistance(const std::string& a, const std::string& b);

// The closest candidate within a small distance, or "" when none is close enough.
std::string closestMatch(const std::string& name, const std::vector<std::string>& candidates);

// "unknown model 'clsf'. Did you mean 'clf'?" — or without the hint when nothing is close.
// `what` is e.g. "model"; candidates are listed when there is no close match and few exist.
std::string unknownNameMessage(const std::string& what, const std::string& name,
                               const std::vector<std::string>& candidates);

}  // namespace lethe
