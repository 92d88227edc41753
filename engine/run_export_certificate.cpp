// EXPORT CERTIFICATE FOR REQUEST 'r' | FOR RUN n TO 'c.json': writes a signed certificate.
// Reads the catalog (and evaluates the source versions for the "before" metrics); writes only
// the file.
#include <cstdio>
#include <fstream>

#include "common/error.hpp"
#include "engine/certificate.hpp"

namespace lethe::engine {

namespace {

// Written beside the target and renamed over it: a reader never sees half a certificate.
void writeFileAtomically(const std::string& path, const std::string& text) {
  const std::string partial = path + ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      std::remove(partial.c_str());
      throw Error(ErrorKind::Io, "cannot write certificate '" + path + "'");
    }
  }
  if (std::rename(partial.c_str(), path.c_str()) != 0) {
    std::remove(partial.c_str());
    throw Error(ErrorKind::Io, "cannot write certificate '" + path + "'");
  }
}

}  // namespace

Result runExportCertificate(Session& session, const ast::ExportCertificateInfo& info) {
  const auto bound = session.binder().bindExportCertificate(info);
  const std::string key = certificateKey(session.settings);  // before any work: no key, no certificate
  if (session.explain != ExplainMode::None)
    return planResult(planner::planSingle(planner::OperatorKind::WriteFile, "certificate " + bound.path));
  const auto certificate = signCertificate(certificateBody(session, bound), key);
  const std::string text = certificate.dump(2) + "\n";
  writeFileAtomically(bound.path, text);
  Result result;
  result.setColumns({"file", "runs", "verdicts", "bytes"});
  std::string verdicts;
  for (const auto& run : certificate["runs"])
    verdicts += (verdicts.empty() ? "" : ", ") + run["verdict"]["result"].get<std::string>();
  result.addRow({bound.path, static_cast<int64_t>(bound.runs.size()), verdicts.empty() ? Value() : Value(verdicts),
                 static_cast<int64_t>(text.size())});
  return result;
}

}  // namespace lethe::engine
