#pragma once
// What a model is: a classifier (images -> labels) or a generator (labels -> images, the
// class-conditional diffusion model of SalUn's generation half). The architecture decides it,
// so the catalog stores only the arch; every folder asks here.
#include <string>

namespace lethe {

enum class ModelKind { Classifier, Generator };

// The generator architectures: "ddpm" (a conditional UNet with classifier-free guidance).
inline bool isGeneratorArch(const std::string& arch) { return arch == "ddpm"; }

inline ModelKind modelKindOfArch(const std::string& arch) {
  return isGeneratorArch(arch) ? ModelKind::Generator : ModelKind::Classifier;
}

inline const char* modelKindName(ModelKind kind) {
  return kind == ModelKind::Generator ? "generator" : "classifier";
}

}  // namespace lethe
