#pragma once
// Forget certificates: a JSON file an auditor can check, signed with HMAC-SHA256 under a key
// the user holds (SET certificate_key, or the environment's LETHE_CERTIFICATE_KEY). The key is
// never stored: whoever holds it can sign, so a catalog file alone must not be enough.
#include <nlohmann/json.hpp>

#include "engine/session.hpp"

namespace lethe::engine {

// The key, or Error(Binder) saying how to give one.
std::string certificateKey(const Settings& settings);

// The certificate's body (everything the signature covers) for the runs of `bound`: model
// hashes before and after, the forget set's digest and size, the method and every option it
// ran with, metrics before (the source version evaluated now on the same rows) and after, the
// retrain reference when there is one, the verdict against the SET verdict_* thresholds, and
// whether forgetting was exact (retrain) or approximate.
nlohmann::json certificateBody(Session& session, const planner::BoundExportCertificate& bound);

// `body` with its "signature" member added.
nlohmann::json signCertificate(nlohmann::json body, const std::string& key);

// VERIFY CERTIFICATE: signature, then every hash and run against the catalog; the first
// failure is an error naming it, success a table of the checks made.
Result verifyCertificate(Session& session, const ast::Value& path);

}  // namespace lethe::engine
