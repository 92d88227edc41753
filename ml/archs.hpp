#pragma once
// The architectures behind makeClassifier(), one file each. Internal to ml/.
//
// Every architecture registers its final linear layer as "head" (parameters "head.weight",
// "head.bias"), so methods that reshape the output layer find it by name.
#include <memory>

#include "ml/classifier.hpp"

namespace lethe::ml {

std::shared_ptr<Classifier> makeMlp(const InputShape& shape);
std::shared_ptr<Classifier> makeCnn(const InputShape& shape);
std::shared_ptr<Classifier> makeResnet20(const InputShape& shape);

}  // namespace lethe::ml
