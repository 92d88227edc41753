// FORGET FOR REQUEST 'r' USING method ...: the request must exist and not be completed. The
// method and its options are bound per model when it runs (each model has its own recipe).
#include "common/error.hpp"
#include "planner/binder.hpp"

namespace lethe::planner {

BoundForgetRequest Binder::bindForgetRequest(const ast::ForgetInfo& info) const {
  BoundForgetRequest bound;
  bound.request = bindRequest(*info.request);
  const auto& request = bound.request;
  if (request.status == catalog::kRequestCompleted)
    throw Error(ErrorKind::Binder, "request '" + request.name + "' is already completed (" + request.updated_at +
                                       "): nothing is left to forget; EXPORT CERTIFICATE FOR REQUEST '" + request.name +
                                       "' TO '<file>' writes its certificate" + at(info.request->pos));
  if (info.into)
    throw Error(ErrorKind::Binder, "INTO does not apply to FORGET FOR REQUEST: every model it runs on gets a new version" +
                                       at(info.into->pos));
  auto dataset = catalog_.datasetById(request.dataset_id);
  if (!dataset)
    throw Error(ErrorKind::Binder, "request '" + request.name + "' names rows of dataset '" + request.dataset_name +
                                       "', which has been dropped" + at(info.request->pos));
  bound.dataset = *dataset;
  return bound;
}

}  // namespace lethe::planner
