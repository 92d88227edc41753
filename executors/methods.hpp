#pragma once
// The unlearning methods by name. Adding a method is one file (executors/unlearn_<name>.cpp)
// plus one row in methods.cpp; planner/registry.cpp describes its options for the binder.
#include <torch/torch.h>

#include <functional>
#include <string>
#include <vector>

#include "executors/api.hpp"
#include "executors/saliency.hpp"
#include "ml/classifier.hpp"
#include "ml/dataset.hpp"

namespace lethe::exec {

// Everything a method sees. The model arrives holding θ_o on `device`; the method leaves θ_u
// in it.
struct UnlearnInput {
  ml::Classifier& model;
  const ml::Dataset& data;
  const ForgetRequest& request;  // dataset source, architecture, original recipe, method options
  torch::Tensor forget_ids;      // D_f: training indices (int64, CPU)
  torch::Tensor retain_ids;      // D_r: the other training indices
  const SaliencyMask* mask;      // null when the run has no saliency mask
  torch::Device device;
  const ExecutionContext& context;
  // Called after each completed epoch with the count done, by methods whose state after k
  // epochs is that of a k-epoch run; calibration scores these checkpoints. May be empty.
  std::function<void(int64_t epochs_done)> after_epoch = {};
  // Where a checkpointing method resumes a run: the model holds the state after this many of
  // its epochs, and the epochs from here to the `epochs` option run, in the batch orders a run
  // from 0 draws for them; only the optimizer's momentum starts afresh (calibration lengthens
  // its best run this way).
  int64_t first_epoch = 0;

  const OptionValues& options() const { return request.options; }
  void epochDone(int64_t epochs_done) const {
    if (after_epoch) after_epoch(epochs_done);
  }
  // The method's `seed` option, else the engine-wide seed.
  uint64_t seed() const;
};

using UnlearnFunction = std::function<void(const UnlearnInput&)>;

struct MethodImplementation {
  std::string name;
  UnlearnFunction run;
};

const std::vector<MethodImplementation>& methodImplementations();
// Null when no method of that name exists.
const MethodImplementation* findMethodImplementation(const std::string& name);
// The named method; Error(Execution) naming the closest known method for an unknown name.
const MethodImplementation& requireMethodImplementation(const std::string& name);

// The implementations, one file each.
void unlearnRetrain(const UnlearnInput& input);  // unlearn_retrain.cpp
void unlearnFt(const UnlearnInput& input);       // unlearn_ft.cpp
void unlearnGa(const UnlearnInput& input);       // unlearn_ga.cpp
void unlearnL1Sparse(const UnlearnInput& input); // unlearn_l1_sparse.cpp
void unlearnRl(const UnlearnInput& input);       // unlearn_rl.cpp
void unlearnSalun(const UnlearnInput& input);    // unlearn_salun.cpp
void unlearnSalunSoft(const UnlearnInput& input);// unlearn_salun_soft.cpp
void unlearnIu(const UnlearnInput& input);       // unlearn_iu.cpp
void unlearnBs(const UnlearnInput& input);       // unlearn_bs.cpp
void unlearnBe(const UnlearnInput& input);       // unlearn_be.cpp
void unlearnRem(const UnlearnInput& input);      // unlearn_rem.cpp
void unlearnNpo(const UnlearnInput& input);      // unlearn_npo.cpp
void unlearnScrub(const UnlearnInput& input);    // unlearn_scrub.cpp
void unlearnPotion(const UnlearnInput& input);   // unlearn_potion.cpp

}  // namespace lethe::exec
