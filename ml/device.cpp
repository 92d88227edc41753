#include "ml/device.hpp"

#include "common/error.hpp"
#include "common/suggest.hpp"

namespace lethe::ml {

torch::Device resolveDevice(const std::string& name) {
  if (name == "cpu") return torch::kCPU;
  if (name == "auto") return torch::cuda::is_available() ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
  if (name == "cuda") {
    if (!torch::cuda::is_available())
      throw Error(ErrorKind::Execution,
                  "device 'cuda' is not available: this LibTorch build has no CUDA support or no GPU is present; "
                  "use SET device = 'cpu'");
    return torch::kCUDA;
  }
  throw Error(ErrorKind::Execution, unknownNameMessage("device", name, {"auto", "cpu", "cuda"}));
}

}  // namespace lethe::ml
