#include "executors/methods.hpp"

#include "common/error.hpp"
#include "common/suggest.hpp"

namespace lethe::exec {

uint64_t UnlearnInput::seed() const {
  return static_cast<uint64_t>(request.options.integer("seed"));
}

const std::vector<MethodImplementation>& methodImplementations() {
  static const std::vector<MethodImplementation> table = {
      {"retrain", unlearnRetrain},
      {"ft", unlearnFt},
      {"ga", unlearnGa},
      {"l1_sparse", unlearnL1Sparse},
      {"rl", unlearnRl},
      {"salun", unlearnSalun},
      {"salun_soft", unlearnSalunSoft},
      {"iu", unlearnIu},
      {"bs", unlearnBs},
      {"be", unlearnBe},
      {"rem", unlearnRem},
      {"npo", unlearnNpo},
      {"scrub", unlearnScrub},
      {"potion", unlearnPotion},
  };
  return table;
}

const MethodImplementation* findMethodImplementation(const std::string& name) {
  for (const auto& method : methodImplementations())
    if (method.name == name) return &method;
  return nullptr;
}

const MethodImplementation& requireMethodImplementation(const std::string& name) {
  if (const MethodImplementation* method = findMethodImplementation(name)) return *method;
  std::vector<std::string> names;
  for (const auto& known : methodImplementations()) names.push_back(known.name);
  throw Error(ErrorKind::Execution, unknownNameMessage("unlearning method", name, names));
}

}  // namespace lethe::exec
