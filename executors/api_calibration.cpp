// The calibration report as the catalog stores it (DESCRIBE RUN) and as a result row says it.
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "executors/api.hpp"

namespace lethe::exec {

namespace {

nlohmann::json trialJson(const CalibrationTrial& t) {
  // Rounded: the criterion's parts are percentages read from ~1000 rows.
  auto round2 = [](double x) { return std::isfinite(x) ? std::round(x * 100.0) / 100.0 : x; };
  nlohmann::json j = {{"lr", t.lr},
                      {"epochs", t.epochs},
                      {"forget_acc", round2(t.forget_acc)},
                      {"retain_acc", round2(t.retain_acc)},
                      {"heldout_acc", round2(t.heldout_acc)},
                      {"membership_gap", round2(t.membership_gap)}};
  if (t.full_data) j["full_data"] = true;
  j["score"] = std::isfinite(t.score) ? nlohmann::json(round2(t.score)) : nlohmann::json("diverged");
  return j;
}

}  // namespace

std::string CalibrationReport::summary(double unlearn_seconds) const {
  std::string text;
  for (const auto& [name, value] : chosen.all()) text += (text.empty() ? "" : " ") + name + "=" + formatOptionValue(value);
  char tail[96];
  const double share = retrain_seconds > 0 ? 100.0 * (seconds + unlearn_seconds) / retrain_seconds : 0.0;
  std::snprintf(tail, sizeof tail, " (%zu checkpoints, %.0f%% of a retrain)", trials.size(), share);
  return text + tail + (warning.empty() ? "" : "; warning: " + warning);
}

std::string CalibrationReport::toJson() const {
  nlohmann::json j;
  nlohmann::json options = nlohmann::json::object();
  for (const auto& [name, value] : chosen.all()) std::visit([&](const auto& v) { options[name] = v; }, value);
  j["chosen"] = options;
  j["criterion"] = "estimated Avg. Gap to a retrain (docs/calibration.md)";
  j["original"] = trialJson(original);
  if (result) j["result"] = trialJson(*result);
  nlohmann::json trials_json = nlohmann::json::array();
  for (const auto& t : trials) trials_json.push_back(trialJson(t));
  j["trials"] = trials_json;
  j["proxy"] = {{"forget_rows", proxy_forget_rows}, {"retain_rows", proxy_retain_rows}, {"batch_size", proxy_batch_size}};
  j["heldout_rows"] = heldout_rows;
  j["retrain_shortfall"] = std::round(retrain_shortfall * 100.0) / 100.0;
  j["budget_rows"] = std::round(budget_rows);
  j["spent_rows"] = std::round(spent_rows);
  j["seconds"] = seconds;
  j["retrain_seconds_estimate"] = retrain_seconds;
  j["note"] = note;
  if (!warning.empty()) j["warning"] = warning;
  return j.dump();
}

std::string learningCurveJson(const std::vector<double>& heldout_curve) {
  if (heldout_curve.empty()) return "";
  nlohmann::json curve = nlohmann::json::array();
  for (double accuracy : heldout_curve) curve.push_back(std::round(accuracy * 100.0) / 100.0);
  return nlohmann::json{{"learning_curve", curve}}.dump();
}

std::vector<double> learningCurveFromJson(const std::string& json) {
  const nlohmann::json j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  std::vector<double> curve;
  if (!j.is_object() || !j.contains("learning_curve") || !j["learning_curve"].is_array()) return curve;
  for (const auto& accuracy : j["learning_curve"])
    if (accuracy.is_number()) curve.push_back(accuracy.get<double>());
  return curve;
}

}  // namespace lethe::exec
