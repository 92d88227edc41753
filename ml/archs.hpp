#pragma once
// The architectures behind makeClassifier(), one file each (the residual networks share
// ml/arch_resnet.cpp). Internal to ml/.
//
// Every architecture registers its final linear layer as "head" (parameters "head.weight",
// "head.bias"), so methods that reshape the output layer find it by name.
#include <memory>
#include <string>

#include "ml/classifier.hpp"

namespace lethe::ml {

std::shared_ptr<Classifier> makeMlp(const InputShape& shape);
std::shared_ptr<Classifier> makeCnn(const InputShape& shape);
std::shared_ptr<Classifier> makeResnet20(const InputShape& shape);
std::shared_ptr<Classifier> makeResnet18(const InputShape& shape);
std::shared_ptr<Classifier> makeVgg16Bn(const InputShape& shape);

// The gated architectures of REM (ml/gates.hpp); `pruned` builds the θ1-only twin.
std::shared_ptr<Classifier> makeCnnGated(const InputShape& shape, bool pruned);
std::shared_ptr<Classifier> makeResnet20Gated(const InputShape& shape, bool pruned);
std::shared_ptr<Classifier> makeResnet9Gated(const InputShape& shape, bool pruned);
std::shared_ptr<Classifier> makeGatedClassifier(const std::string& arch, const InputShape& shape, bool pruned);

}  // namespace lethe::ml
