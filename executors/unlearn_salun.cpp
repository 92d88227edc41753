// SalUn (Fan et al., ICLR 2024): random labelling restricted to the salient weights.
#include "common/error.hpp"
#include "executors/unlearn_common.hpp"

namespace lethe::exec {

void unlearnSalun(const UnlearnInput& input) {
  // The mask is what separates salun from plain random labelling; running without one would
  // silently be another method.
  if (!input.mask)
    throw Error(ErrorKind::Execution, "method 'salun' needs a saliency mask (THRESHOLD between 0 and 1)");
  randomLabelling(input, "salun");
}

}  // namespace lethe::exec
