#pragma once
#include <torch/torch.h>

#include <string>

namespace lethe::ml {

// "auto" -> CUDA when available, else CPU; "cpu"; "cuda" (Error(Execution) when absent).
torch::Device resolveDevice(const std::string& name);

}  // namespace lethe::ml
