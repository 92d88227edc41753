#include "common/openmp_wait.hpp"

#include <unistd.h>

#include <cstdlib>

namespace lethe {

void adoptOpenMpWaitPolicy(char** argv) {
  const char* chosen = std::getenv("OMP_WAIT_POLICY");
  if ((chosen != nullptr && *chosen != '\0') || argv == nullptr || argv[0] == nullptr) return;
  // Setting the variable first also ends the recursion: the new image finds it set.
  if (setenv("OMP_WAIT_POLICY", kDefaultOpenMpWaitPolicy, 1) != 0) return;
  execv("/proc/self/exe", argv);
  // Only reached when execv failed (no /proc): carry on with the policy libgomp already read.
}

std::string openMpWaitPolicy() {
  const char* value = std::getenv("OMP_WAIT_POLICY");
  return value ? value : "";
}

}  // namespace lethe
