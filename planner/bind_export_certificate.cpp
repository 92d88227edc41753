// EXPORT CERTIFICATE FOR REQUEST 'r' | FOR RUN n TO 'c.json': what the certificate covers.
// Certificates are for what was done: a completed request, a FORGET run that stored a version.
#include "common/error.hpp"
#include "planner/binder.hpp"

namespace lethe::planner {

BoundExportCertificate Binder::bindExportCertificate(const ast::ExportCertificateInfo& info) const {
  BoundExportCertificate bound;
  if (info.request) {
    bound.request = bindRequest(*info.request);
    const auto& request = *bound.request;
    if (request.status != catalog::kRequestCompleted)
      throw Error(ErrorKind::Binder, "request '" + request.name + "' is " + request.status +
                                         ", not completed: FORGET FOR REQUEST '" + request.name +
                                         "' USING <method> first" + at(info.request->pos));
    for (const auto& model : catalog_.requestModels(request.id)) {
      if (!model.run_id) continue;
      auto run = catalog_.runById(*model.run_id);
      if (!run) throw Error(ErrorKind::Catalog, "request '" + request.name + "' names run " + std::to_string(*model.run_id) +
                                                    ", which is not in the catalog");
      bound.runs.push_back(*run);
    }
  } else {
    auto run = catalog_.runById(*info.run_id);
    if (!run) throw Error(ErrorKind::Binder, "there is no run " + std::to_string(*info.run_id) + " (SHOW RUNS lists them)" +
                                                 at(info.for_pos));
    if (run->kind != "forget" || run->status != "ok" || !run->result_version_id)
      throw Error(ErrorKind::Binder, "run " + std::to_string(run->id) + " is a " + run->kind + " run (" + run->status +
                                         "); certificates are for FORGET runs that stored a version" + at(info.for_pos));
    bound.runs.push_back(*run);
  }
  bound.path = bindOutputFile(info.path);
  return bound;
}

}  // namespace lethe::planner
