// RL (random labelling): the forget set with random labels, then the retain set, per epoch.
// SalUn is the same update restricted to salient weights; rl runs unmasked.
#include "executors/unlearn_common.hpp"

namespace lethe::exec {

void unlearnRl(const UnlearnInput& input) { randomLabelling(input, "rl"); }

}  // namespace lethe::exec
