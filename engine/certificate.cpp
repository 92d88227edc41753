// Building, signing and checking forget certificates (see certificate.hpp).
#include "engine/certificate.hpp"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "common/error.hpp"
#include "common/hmac.hpp"
#include "engine/forget_steps.hpp"
#include "engine/governance.hpp"
#include "planner/input_file.hpp"
#include "planner/registry.hpp"

namespace lethe::engine {

namespace {

using nlohmann::json;

constexpr const char* kCertificateKind = "lethe forget certificate";
constexpr int kCertificateFormat = 1;
constexpr std::uintmax_t kMaxCertificateBytes = 64u << 20;  // far past any real one; a guard against reading a disk image

// NaN (a metric that could not be computed) has no JSON spelling: null.
json number(double value) { return std::isnan(value) ? json() : json(value); }

json metricsJson(const Metrics& metrics) {
  json out = json::object();
  for (const auto& [name, value] : metrics) out[name] = number(value);
  return out;
}

json versionJson(const catalog::Catalog& catalog, std::optional<int64_t> version_id) {
  if (!version_id) return nullptr;
  auto version = catalog.versionById(*version_id);
  if (!version) return {{"version_id", *version_id}, {"note", "no longer in the catalog"}};
  auto model = catalog.modelById(version->model_id);
  return {{"model", model ? model->name : std::string("?")}, {"version", version->version}, {"version_id", version->id},
          {"sha256", version->sha256}, {"bytes", version->size_bytes}};
}

// The source version evaluated now on the run's forget set: what the model knew before.
Metrics metricsBefore(Session& session, const catalog::RunEntry& run, const Metrics& after) {
  auto& catalog = session.catalog;
  auto version = run.source_version_id ? catalog.versionById(*run.source_version_id) : std::nullopt;
  auto forget_set = run.forget_set_id ? catalog.forgetSetById(*run.forget_set_id) : std::nullopt;
  auto model = version ? catalog.modelById(version->model_id) : std::nullopt;
  if (!version || !forget_set || !model) return {};
  exec::EvaluateRequest request;
  ast::ModelRef ref;
  ref.name.text = model->name;
  ref.version = version->version;
  const planner::BoundModel bound = session.binder().bindModel(ref);
  request.dataset = bound.dataset.source;
  request.arch = model->arch;
  request.weights = catalog.loadVersionWeights(*version);
  request.forget = exec::ForgetSetSpec{forget_set->ids, forget_set->classes};
  for (const auto& name : registry::gapMetrics())
    if (after.count(name)) request.metrics.push_back(name);
  if (request.metrics.empty()) return {};
  return exec::evaluate(request, session.context).metrics;
}

// SET verdict_ua_min = 0.9 and the like, applied to the metrics after forgetting.
json verdictJson(const Settings& settings, const Metrics& after) {
  json checks = json::array();
  bool pass = true;
  for (const auto& [key, threshold] : settings.verdict_thresholds) {
    const bool is_min = key.size() > 4 && key.compare(key.size() - 4, 4, "_min") == 0;
    const std::string metric = key.substr(0, key.size() - 4);
    auto it = after.find(metric);
    const bool ok = it != after.end() && !std::isnan(it->second) && (is_min ? it->second >= threshold : it->second <= threshold);
    pass = pass && ok;
    checks.push_back({{"metric", metric}, {is_min ? "min" : "max", threshold},
                      {"value", it == after.end() ? json() : number(it->second)}, {"pass", ok}});
  }
  if (checks.empty())
    return {{"result", "not assessed"}, {"why", "no thresholds were set (SET verdict_<metric>_min or _max = value)"}};
  return {{"result", pass ? "pass" : "fail"}, {"checks", checks}};
}

json runJson(Session& session, const catalog::RunEntry& run) {
  auto& catalog = session.catalog;
  const Metrics after = storedMetrics(catalog, run.id);
  json entry;
  entry["run"] = run.id;
  entry["statement"] = run.statement;
  entry["started_at"] = run.started_at;
  entry["seconds"] = run.seconds;
  entry["before"] = versionJson(catalog, run.source_version_id);
  entry["after"] = versionJson(catalog, run.result_version_id);
  if (auto set = run.forget_set_id ? catalog.forgetSetById(*run.forget_set_id) : std::nullopt) {
    auto dataset = catalog.datasetById(set->dataset_id);
    entry["forget_set"] = {{"id", set->id}, {"dataset", dataset ? dataset->name : std::string("(dropped)")},
                           {"target", set->description}, {"size", set->size}, {"ids_sha256", set->ids_sha256}};
  }
  const bool exact = registry::isReferenceMethod(run.method);
  entry["method"] = run.method;
  entry["guarantee"] = exact ? "exact" : "approximate";
  entry["guarantee_note"] = exact ? "the model was retrained from scratch without the forgotten rows"
                                  : "the model was updated to forget the rows; it was not retrained without them, so "
                                    "their influence is reduced as the metrics show, not provably removed";
  entry["options"] = run.options_json.empty() ? json::object() : json::parse(run.options_json);
  entry["calibration"] = run.calibration_json.empty() ? json() : json::parse(run.calibration_json);
  entry["metrics_after"] = metricsJson(after);
  entry["metrics_before"] = metricsJson(metricsBefore(session, run, after));
  entry["reference"] = nullptr;
  if (!exact && run.source_version_id && run.forget_set_id)
    if (auto reference = catalog.findRetrainRun(*run.source_version_id, *run.forget_set_id))
      entry["reference"] = {{"run", reference->id}, {"method", reference->method},
                            {"metrics", metricsJson(storedMetrics(catalog, reference->id))}};
  entry["verdict"] = verdictJson(session.settings, after);
  return entry;
}

std::string readCertificateFile(const std::string& path) {
  planner::requireReadableAsFile(path, "certificate");
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error) throw Error(ErrorKind::Io, "cannot read certificate '" + path + "': " + error.message());
  if (size > kMaxCertificateBytes) throw Error(ErrorKind::Io, "'" + path + "' is too large to be a certificate");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) throw Error(ErrorKind::Io, "cannot read certificate '" + path + "'");
  return text.str();
}

[[noreturn]] void mismatch(const std::string& path, const std::string& what) {
  throw Error(ErrorKind::Execution, "certificate '" + path + "' does not match the catalog: " + what);
}

// The catalog's version still holds the weights the certificate names: the row's hash, and
// the blob's own bytes hashed again.
std::string checkVersion(const catalog::Catalog& catalog, const json& named, const std::string& role, const std::string& path) {
  if (!named.is_object() || !named.contains("version_id") || !named.contains("sha256"))
    mismatch(path, "it names no " + role + " version hash");
  auto version = catalog.versionById(named["version_id"].get<int64_t>());
  const std::string label = named.value("model", std::string("?")) + "@" + std::to_string(named.value("version", 0));
  if (!version) mismatch(path, "the " + role + " version " + label + " is no longer in the catalog");
  if (version->sha256 != named["sha256"].get<std::string>())
    mismatch(path, "the " + role + " version " + label + " has other weights than the certificate names");
  catalog.loadVersionWeights(*version);  // throws when the stored bytes no longer hash to it
  return label;
}

}  // namespace

std::string certificateKey(const Settings& settings) {
  if (!settings.certificate_key.empty()) return settings.certificate_key;
  if (const char* key = std::getenv("LETHE_CERTIFICATE_KEY"); key && *key) return key;
  throw Error(ErrorKind::Binder, "no certificate key: SET certificate_key = '...' or set the environment variable "
                                 "LETHE_CERTIFICATE_KEY (the key is never stored in the catalog)");
}

json certificateBody(Session& session, const planner::BoundExportCertificate& bound) {
  json body;
  body["certificate"] = kCertificateKind;
  body["format"] = kCertificateFormat;
  body["issued_at"] = utcNow();
  body["issued_by"] = osUser();
  body["request"] = nullptr;
  if (bound.request) {
    const auto& r = *bound.request;
    body["request"] = {{"id", r.name},        {"subject", r.subject}, {"regulation", r.regulation}, {"due", r.due},
                       {"dataset", r.dataset_name}, {"rows", r.size},  {"ids_sha256", r.ids_sha256}, {"status", r.status},
                       {"note", r.note},      {"created_at", r.created_at}, {"completed_at", r.updated_at}};
  }
  json runs = json::array();
  for (const auto& run : bound.runs) runs.push_back(runJson(session, run));
  body["runs"] = runs;
  body["summary"] = bound.runs.empty() ? "no model held the request's rows: there was nothing to forget"
                                       : std::to_string(bound.runs.size()) + " FORGET run" + (bound.runs.size() > 1 ? "s" : "");
  return body;
}

json signCertificate(json body, const std::string& key) {
  const std::string signature = hmacSha256Hex(key, body.dump());
  body["signature"] = {{"algorithm", "HMAC-SHA256"}, {"value", signature}};
  return body;
}

Result verifyCertificate(Session& session, const ast::Value& path_value) {
  const std::string& path = path_value.text;
  const std::string key = certificateKey(session.settings);
  json certificate;
  try {
    certificate = json::parse(readCertificateFile(path));
  } catch (const json::exception& e) {
    throw Error(ErrorKind::Execution, "'" + path + "' is not a certificate: it is not valid JSON (" + e.what() + ")");
  }
  if (!certificate.is_object() || certificate.value("certificate", std::string()) != kCertificateKind ||
      !certificate.contains("signature") || !certificate["signature"].is_object())
    throw Error(ErrorKind::Execution, "'" + path + "' is not a Lethe forget certificate");
  const std::string signature = certificate["signature"].value("value", std::string());
  json body = certificate;
  body.erase("signature");
  if (!equalInConstantTime(hmacSha256Hex(key, body.dump()), signature))
    throw Error(ErrorKind::Execution, "certificate '" + path + "' fails its signature check: it was changed after it was "
                                      "signed, or it was signed with another key");

  Result result;
  result.setColumns({"check", "result"});
  result.addRow({"signature", "ok: HMAC-SHA256 under the given key"});
  const auto& catalog = session.catalog;
  try {
    if (body["request"].is_object()) {
      const std::string name = body["request"].value("id", std::string());
      auto request = catalog.findRequest(name);
      if (!request) mismatch(path, "request '" + name + "' is not in the catalog");
      if (request->ids_sha256 != body["request"].value("ids_sha256", std::string()))
        mismatch(path, "request '" + name + "' names other rows than the certificate");
      result.addRow({"request " + name, "ok: rows match (" + std::to_string(request->size) + ")"});
    }
    for (const auto& entry : body["runs"]) {
      const int64_t id = entry.at("run").get<int64_t>();
      auto run = catalog.runById(id);
      if (!run || run->kind != "forget" || run->status != "ok") mismatch(path, "run " + std::to_string(id) + " is not a completed FORGET run of this catalog");
      const std::string before = checkVersion(catalog, entry.at("before"), "source", path);
      const std::string after = checkVersion(catalog, entry.at("after"), "result", path);
      if (entry.contains("forget_set")) {
        const auto& named = entry["forget_set"];
        auto set = catalog.forgetSetById(named.at("id").get<int64_t>());
        if (!set || set->ids_sha256 != named.value("ids_sha256", std::string()))
          mismatch(path, "run " + std::to_string(id) + "'s forget set is not the one the certificate names");
      }
      result.addRow({"run " + std::to_string(id), "ok: " + before + " -> " + after + ", hashes and forget set match"});
    }
  } catch (const json::exception& e) {
    throw Error(ErrorKind::Execution, "certificate '" + path + "' is malformed: " + e.what());
  }
  return result;
}

}  // namespace lethe::engine
