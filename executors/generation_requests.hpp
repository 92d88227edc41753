#pragma once
// exec::forget and exec::evaluate for generators (isGeneratorArch): they hand requests whose
// arch is a generator to these. Torch-free, like api.hpp.
#include "executors/api.hpp"

namespace lethe::exec {

// FORGET CLASS ... FROM <generator> USING salun | ga | ft | retrain (generation_forget.cpp).
// Throws Error(Execution) naming the generator methods for any other method, and naming
// FORGET CLASS for a forget set that is not whole classes.
ForgetOutcome forgetGenerator(const ForgetRequest& request, const ExecutionContext& context);

// EVALUATE MODEL <generator>: ua_gen, acc_gen, fid with request.judge (generation_evaluate.cpp).
EvaluateOutcome evaluateGenerator(const EvaluateRequest& request, const ExecutionContext& context);

}  // namespace lethe::exec
