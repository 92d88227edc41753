// Calibration through exec::forget on real data (docs/calibration.md): it steps back from a
// base rate that wrecks the model, records every trial, and is deterministic.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "common/error.hpp"
#include "executors/calibrate.hpp"
#include "executors/calibration_criterion.hpp"
#include "executors/unlearn_common.hpp"
#include "test_unlearn_fixture.hpp"

namespace lethe::exec {
namespace {

using namespace testing;

constexpr int64_t kTrouser = 1;

// Gradient ascent on one class in batches of 32: at its base rate (5e-4) and epochs (5) it
// drives the whole model down, not only the class (measured: TA 78.9 -> 13.2).
ForgetRequest wreckingGa(bool calibrate) {
  ForgetRequest request = forgetRequest("ga", classForgetSet(fashionSubset(), kTrouser));
  request.options.set("batch_size", int64_t{32});
  if (!calibrate) return request;
  // What the binder asks of ga's calibration (planner/registry.cpp): rate and epochs; an
  // epoch reads the forget set only.
  CalibrationRequest calibration;
  calibration.lr = true;
  calibration.lr_min = 1e-6;
  calibration.lr_max = 1e-2;
  calibration.epochs = true;
  calibration.max_epochs = 5;
  calibration.epoch_reads_retain = false;
  request.calibration = calibration;
  return request;
}

TEST(Calibration, StepsBackFromABaseRateThatWrecksTheModel) {
  const ForgetOutcome base = forget(wreckingGa(false), testContext());
  const ForgetOutcome calibrated = forget(wreckingGa(true), testContext());
  printMetrics("ga base", base.metrics, base.unlearn_seconds);
  printMetrics("ga calib", calibrated.metrics, calibrated.unlearn_seconds);
  ASSERT_TRUE(calibrated.calibration.has_value());
  const CalibrationReport& report = *calibrated.calibration;
  std::printf("[ chosen   ] %s\n", report.summary(calibrated.unlearn_seconds).c_str());

  // Less unlearning than the base: a smaller rate or fewer epochs (or both).
  const double base_amount = 5e-4 * 5;
  const double chosen_amount = calibrated.options.real("lr") * static_cast<double>(calibrated.options.integer("epochs"));
  EXPECT_LT(chosen_amount, base_amount);
  EXPECT_GE(calibrated.metrics.at("ua"), 90.0);                       // still forgotten
  EXPECT_GT(calibrated.metrics.at("ta"), base.metrics.at("ta") + 25.0);  // far less damage
  // The report holds what was chosen, every scored checkpoint, and the result's score.
  EXPECT_EQ(report.chosen.real("lr"), calibrated.options.real("lr"));
  EXPECT_GE(report.trials.size(), 3u);
  ASSERT_TRUE(report.result.has_value());
  EXPECT_LT(report.result->score, report.original.score);
  EXPECT_GT(report.heldout_rows, 0);
}

// The rates run on the full sets, and the best score among them; checks that the model kept is
// that best checkpoint and that the budget held.
std::set<double> checkFullRuns(const ForgetOutcome& calibrated) {
  const CalibrationReport& report = *calibrated.calibration;
  std::set<double> full_rates;
  double best_full = std::numeric_limits<double>::infinity();
  for (const CalibrationTrial& t : report.trials) {
    if (!t.full_data) continue;
    full_rates.insert(t.lr);
    best_full = std::min(best_full, t.score);
  }
  EXPECT_TRUE(report.result.has_value());
  if (report.result) EXPECT_DOUBLE_EQ(report.result->score, best_full);
  if (report.result) EXPECT_DOUBLE_EQ(calibrated.options.real("lr"), report.result->lr);
  if (report.result) EXPECT_EQ(calibrated.options.integer("epochs"), report.result->epochs);
  EXPECT_LE(report.spent_rows, report.budget_rows);
  return full_rates;
}

TEST(Calibration, SearchesOnTheFullSetsWhereTheBudgetHoldsThreeRuns) {
  // An epoch of ga reads only the class's ~300 rows, so the budget holds three runs of two
  // epochs or more on the full sets: no subsample trial runs, and the runs start at the base rate.
  const ForgetOutcome calibrated = forget(wreckingGa(true), testContext());
  const CalibrationReport& report = *calibrated.calibration;
  const std::set<double> full_rates = checkFullRuns(calibrated);
  EXPECT_GE(full_rates.size(), 3u) << report.toJson();
  ASSERT_FALSE(report.trials.empty());
  EXPECT_DOUBLE_EQ(report.trials.front().lr, 5e-4);
  for (const CalibrationTrial& t : report.trials) EXPECT_TRUE(t.full_data) << report.toJson();
  EXPECT_NE(report.note.find("no subsample search"), std::string::npos) << report.note;
}

// What an epoch of a full-set run costs the budget: the rows the method trains on (as the report
// counted them) and scoring its checkpoint (a forward-only row counts a third).
double fullSetEpochRows(const CalibrationReport& report, const EvaluationSets& sets) {
  return report.full_epoch_rows +
         CalibrationCriterion::rowsPerScore(sets.forget.numel(), sets.retain.numel(), sets.heldout.numel()) / 3.0;
}

TEST(Calibration, RunsOnTheFullSetsAreAsLongAsThreeOfThemFit) {
  // With a cap far above what the budget holds, each full-set run takes a third of the epochs
  // the budget holds on the full sets: room for the start rate and a rung each way.
  ForgetRequest request = wreckingGa(true);
  request.calibration->max_epochs = 1000;
  const ForgetOutcome calibrated = forget(request, testContext());
  const CalibrationReport& report = *calibrated.calibration;
  checkFullRuns(calibrated);
  int64_t run_epochs = 0;
  for (const CalibrationTrial& t : report.trials) run_epochs = std::max(run_epochs, t.epochs);
  const std::shared_ptr<const ml::Dataset> data = ml::loadDataset(request.dataset);
  const EvaluationSets sets = makeEvaluationSets(*data, &request.forget);
  // The original model's score, before the runs, costs less than an epoch.
  const double budget_epochs = report.budget_rows / fullSetEpochRows(report, sets);
  EXPECT_LE(3.0 * static_cast<double>(run_epochs), budget_epochs) << report.toJson();
  EXPECT_GT(3.0 * static_cast<double>(run_epochs + 1), budget_epochs - 1.0) << report.toJson();
}

// The rate of the first run after the start rate's, in the order the runs were made.
double secondRate(const CalibrationReport& report) {
  for (const CalibrationTrial& t : report.trials)
    if (t.lr != report.trials.front().lr) return t.lr;
  return report.trials.front().lr;
}

// The start rate's best-scored checkpoint: the one the direction is read from.
CalibrationTrial bestOfStartRate(const CalibrationReport& report) {
  CalibrationTrial best = report.trials.front();
  for (const CalibrationTrial& t : report.trials)
    if (t.lr == report.trials.front().lr && t.score < best.score) best = t;
  return best;
}

TEST(Calibration, TheFullSetSearchStepsTowardTheSideOfARetrainTheStartRateMissed) {
  // ga's base rate wipes out the class (D_f accuracy 0, as a retrain's): the next run is a
  // smaller rate. From a rate far too small to move the model, the class is still recognised:
  // the next run is a larger rate.
  const ForgetOutcome wrecking = forget(wreckingGa(true), testContext());
  const CalibrationReport& down = *wrecking.calibration;
  ASSERT_GE(down.trials.size(), 2u);
  EXPECT_LE(bestOfStartRate(down).forget_acc, 1.0) << down.toJson();
  EXPECT_LT(secondRate(down), down.trials.front().lr) << down.toJson();

  ForgetRequest timid = wreckingGa(true);
  timid.options.set("lr", 1e-6);
  const ForgetOutcome weak = forget(timid, testContext());
  const CalibrationReport& up = *weak.calibration;
  ASSERT_GE(up.trials.size(), 2u);
  EXPECT_DOUBLE_EQ(up.trials.front().lr, 1e-6);
  EXPECT_GT(bestOfStartRate(up).forget_acc, 50.0) << up.toJson();
  EXPECT_GT(secondRate(up), 1e-6) << up.toJson();
}

// The class's rows forgotten as a sample (no class named), with one epoch at most: three runs
// of two epochs on the full sets cannot be, so the search runs on the subsample (class-wise,
// three one-epoch runs are enough for the full sets: SearchesOnTheFullSetsClassWise...).
ForgetRequest subsampleSearchedGa() {
  ForgetRequest request = wreckingGa(true);
  request.forget.classes.clear();
  request.calibration->max_epochs = 1;
  return request;
}

TEST(Calibration, SearchesASubsampleAndThenNeighboursOnTheFullSetsWhereThreeRunsDoNotFit) {
  // The budget still has room for full runs at rates either side of the subsample's choice.
  const ForgetRequest request = subsampleSearchedGa();
  const ForgetOutcome calibrated = forget(request, testContext());
  const CalibrationReport& report = *calibrated.calibration;
  std::set<double> subsample_rates;
  for (const CalibrationTrial& t : report.trials)
    if (!t.full_data) subsample_rates.insert(t.lr);
  EXPECT_GE(subsample_rates.size(), 3u) << report.toJson();
  EXPECT_LT(report.proxy_batch_size, 32);  // shrunk with the subsample
  EXPECT_GE(checkFullRuns(calibrated).size(), 2u) << report.toJson();
  EXPECT_EQ(calibrated.options.integer("epochs"), 1);
}

TEST(Calibration, SearchesOnTheFullSetsClassWiseWhereThreeOneEpochRunsFit) {
  // The same rows and budget as above, forgotten as a class: one epoch a run is enough for the
  // full-set search, whose runs show whether the class is still predicted after a whole epoch.
  ForgetRequest request = wreckingGa(true);
  request.calibration->max_epochs = 1;
  const ForgetOutcome calibrated = forget(request, testContext());
  const CalibrationReport& report = *calibrated.calibration;
  for (const CalibrationTrial& t : report.trials) EXPECT_TRUE(t.full_data) << report.toJson();
  EXPECT_GE(checkFullRuns(calibrated).size(), 3u) << report.toJson();
  EXPECT_NE(report.note.find("three runs of 1 epoch on the full sets"), std::string::npos) << report.note;
  EXPECT_EQ(calibrated.options.integer("epochs"), 1);
}

TEST(Calibration, TriesEachSubsampleRateOnceWhileSteppingDownFromARateThatWrecksTheModel) {
  // From a base rate so large that it and both its neighbours leave the model worse than doing
  // nothing, the search steps down past the smaller neighbour it has already tried.
  ForgetRequest request = subsampleSearchedGa();
  request.calibration->lr_max = 1.0;
  request.options.set("lr", 0.3);
  const ForgetOutcome calibrated = forget(request, testContext());
  const CalibrationReport& report = *calibrated.calibration;
  std::vector<double> rates;
  for (const CalibrationTrial& t : report.trials)
    if (!t.full_data) rates.push_back(t.lr);
  for (size_t i = 0; i < rates.size(); ++i)
    for (size_t j = 0; j < i; ++j) EXPECT_GT(std::fabs(rates[i] - rates[j]), 1e-6 * rates[i]) << report.toJson();
  EXPECT_LT(*std::min_element(rates.begin(), rates.end()), 0.3 / kRateLadder / 2) << report.toJson();
}

TEST(Calibration, StepsPastTheBudgetOnlyForHarmBeyondTheCriterionsNoise) {
  // At 1e-9 ga leaves the model as it was: every trial scores as θ_o does, within the noise,
  // so the search is the start and its two neighbours and a half-step, not a walk down the
  // range past the budget (kept for rates that do harm: StepsBackFromABaseRateThatWrecksTheModel).
  ForgetRequest request = subsampleSearchedGa();
  request.calibration->lr_min = 1e-12;
  request.options.set("lr", 1e-9);
  const ForgetOutcome calibrated = forget(request, testContext());
  const CalibrationReport& report = *calibrated.calibration;
  size_t subsample_trials = 0;
  for (const CalibrationTrial& t : report.trials) subsample_trials += t.full_data ? 0 : 1;
  EXPECT_LE(subsample_trials, 4u) << report.toJson();
}

// θ_o of the class-forgetting request and a criterion over its full forget, retain and
// calibration rows.
struct CriterionOnTheClass {
  ForgetRequest request = wreckingGa(true);
  std::shared_ptr<const ml::Dataset> data = ml::loadDataset(request.dataset);
  EvaluationSets sets = makeEvaluationSets(*data, &request.forget);
  std::shared_ptr<ml::Classifier> model = loadOriginal(request, torch::kCPU);
  CalibrationCriterion criterion{*model, *data, sets.forget, sets.retain, sets.heldout, {kTrouser}, 0.0, 1, torch::kCPU};
};

TEST(Calibration, AScoresSamplingErrorComesFromTheRowsItReads) {
  const CriterionOnTheClass c;
  const EvaluationSets& sets = c.sets;
  CalibrationTrial t;
  t.forget_acc = 50.0;
  t.retain_acc = 90.0;
  t.heldout_acc = 80.0;
  const auto f = static_cast<double>(std::min(sets.forget.numel(), CalibrationCriterion::kForgetRows));
  const auto r = static_cast<double>(std::min(sets.retain.numel(), CalibrationCriterion::kRetainRows));
  const auto h = static_cast<double>(std::min(sets.heldout.numel(), CalibrationCriterion::kHeldoutRows));
  const double membership = 26.0 * std::sqrt(1.0 / f + 1.0 / h);
  const double expected = std::sqrt(2500.0 / f + 900.0 / r + 1600.0 / h + membership * membership) / 4.0;
  EXPECT_NEAR(c.criterion.standardError(t), expected, 1e-9);
}

// ga on the class with the user's rate: only the epochs are calibrated.
ForgetRequest gaAtUserRate(double lr) {
  ForgetRequest request = wreckingGa(true);
  request.calibration->lr = false;
  request.options.set("lr", lr);
  return request;
}

TEST(Calibration, GivesTheBudgetToOneFullRunWhereTheUserSetTheRate) {
  // With lr set, there is no rate to search: no subsample trial runs, and one run on the full
  // sets takes the epochs the budget holds (an epoch of ga reads the class's ~300 rows, so the
  // method's maximum); its checkpoints choose among them.
  const ForgetOutcome calibrated = forget(gaAtUserRate(1e-4), testContext());
  const CalibrationReport& report = *calibrated.calibration;
  ASSERT_EQ(report.trials.size(), 5u) << report.toJson();
  const CalibrationTrial* best = &report.trials.front();
  for (size_t i = 0; i < report.trials.size(); ++i) {
    const CalibrationTrial& t = report.trials[i];
    EXPECT_TRUE(t.full_data) << report.toJson();
    EXPECT_DOUBLE_EQ(t.lr, 1e-4);
    EXPECT_EQ(t.epochs, static_cast<int64_t>(i) + 1);
    if (t.score < best->score) best = &t;
  }
  EXPECT_DOUBLE_EQ(calibrated.options.real("lr"), 1e-4);
  EXPECT_FALSE(report.chosen.has("lr"));
  EXPECT_EQ(calibrated.options.integer("epochs"), best->epochs);
  EXPECT_LE(report.spent_rows, report.budget_rows);
  EXPECT_NE(report.note.find("lr set: one run of 5 epochs on the full sets"), std::string::npos) << report.note;
}

TEST(Calibration, SaysOneEpochInTheSingular) {
  ForgetRequest request = gaAtUserRate(1e-4);
  request.calibration->max_epochs = 1;
  const ForgetOutcome outcome = forget(request, testContext());
  const std::string& note = outcome.calibration->note;
  EXPECT_NE(note.find("lr set: one run of 1 epoch on the full sets"), std::string::npos) << note;
}

TEST(Calibration, WarnsWhereTheChosenModelStillPredictsTheForgottenClass) {
  // A rate the user set too small for ga to move the model: every checkpoint still predicts
  // the class on nearly all its rows. The result is kept (a new version, nothing lost) but
  // said to be no forgetting, in the result row and the stored report.
  const ForgetOutcome outcome = forget(gaAtUserRate(1e-8), testContext());
  const CalibrationReport& report = *outcome.calibration;
  ASSERT_TRUE(report.result.has_value());
  EXPECT_GT(report.result->forget_acc, 50.0) << report.toJson();
  EXPECT_NE(report.warning.find("forgotten class is still predicted on"), std::string::npos) << report.warning;
  EXPECT_NE(report.warning.find("a guess: 10.0%"), std::string::npos) << report.warning;
  EXPECT_NE(report.summary(0.0).find("; warning: the forgotten class"), std::string::npos) << report.summary(0.0);
  EXPECT_NE(report.toJson().find("\"warning\""), std::string::npos);

  // Calibrated in full, ga forgets the class: no warning.
  const ForgetOutcome forgotten = forget(wreckingGa(true), testContext());
  EXPECT_LT(forgotten.calibration->result->forget_acc, 10.0) << forgotten.calibration->toJson();
  EXPECT_EQ(forgotten.calibration->warning, "");
  EXPECT_EQ(forgotten.calibration->summary(0.0).find("warning"), std::string::npos);
}

// runCalibrated on ga and the class from `lr`, runs of `epochs`, a budget set per test: the
// search itself (no subsample trials, as calibrate() leaves it where three full-set runs fit),
// or, after followSubsampleSearch, the full-set runs that follow a subsample search.
struct FullSetSearch {
  ForgetRequest request;
  std::shared_ptr<const ml::Dataset> data;
  EvaluationSets sets;
  CalibrationReport report;

  FullSetSearch(ForgetRequest forget_request, double lr, int64_t epochs)
      : request(std::move(forget_request)),
        data(ml::loadDataset(request.dataset)),
        sets(makeEvaluationSets(*data, &request.forget)) {
    request.options.set("lr", lr);
    request.options.set("epochs", epochs);
    report.chosen.set("lr", lr);
    report.chosen.set("epochs", epochs);
    report.full_epoch_rows = static_cast<double>(sets.forget.numel());  // ga reads D_f
  }

  // Makes these runs the follow-up of a subsample search that scored each (rate, score).
  void followSubsampleSearch(const std::vector<std::pair<double, double>>& scored) {
    for (const auto& [lr, score] : scored) {
      CalibrationTrial t;
      t.lr = lr;
      t.epochs = 1;
      t.score = score;
      report.trials.push_back(t);
    }
  }

  void run(double budget_rows) {
    report.budget_rows = budget_rows;
    const torch::Device device(torch::kCPU);
    const std::shared_ptr<ml::Classifier> model = loadOriginal(request, device);
    const ExecutionContext context = testContext();
    const UnlearnInput input{*model, *data, request, sets.forget, sets.retain, nullptr, device, context};
    runCalibrated(requireMethodImplementation("ga"), input, sets, report, request.options);
  }
};

TEST(Calibration, StepsDownPastTheBudgetWhereEveryFullSetRunIsWorseThanNothing) {
  // From 20 times ga's base rate, with no budget left: the rate wrecks the model, so smaller
  // rates run until one leaves it closer to a retrain than the original is.
  FullSetSearch search(wreckingGa(true), 1e-2, 1);
  search.run(0);  // not even the first neighbour fits
  const CalibrationReport& report = search.report;

  std::vector<double> rates;
  for (const CalibrationTrial& t : report.trials)
    if (rates.empty() || rates.back() != t.lr) rates.push_back(t.lr);
  ASSERT_GE(rates.size(), 2u) << report.toJson();
  for (size_t i = 1; i < rates.size(); ++i) EXPECT_NEAR(rates[i], rates[i - 1] / kRateLadder, 1e-12) << report.toJson();
  EXPECT_NE(report.note.find("past the budget"), std::string::npos) << report.note;
  EXPECT_EQ(report.note.find("none better"), std::string::npos) << report.note;  // one did better than θ_o
  ASSERT_TRUE(report.result.has_value());
  EXPECT_DOUBLE_EQ(report.result->lr, rates.back());
}

// ga's full-set search from `lr`, with no budget left and rates down to `lr_min`, checked to have
// run at `lr` only: no safety step down.
CalibrationReport fullSetSearchThatStaysAt(double lr, double lr_min) {
  ForgetRequest request = wreckingGa(true);
  request.calibration->lr_min = lr_min;
  FullSetSearch search(request, lr, 1);
  search.run(0);
  for (const CalibrationTrial& t : search.report.trials) EXPECT_DOUBLE_EQ(t.lr, lr) << search.report.toJson();
  return search.report;
}

// ga on a sample of the training rows (every tenth: no class is forgotten), in batches of 32,
// calibrated as wreckingGa is.
ForgetRequest gaOnSampledRows() {
  ForgetRequest request = wreckingGa(true);
  const auto data = ml::loadDataset(request.dataset);
  request.forget = ForgetSetSpec{};
  for (int64_t row = 0; row < data->train.labels.numel(); row += 10) request.forget.ids.push_back(row);
  return request;
}

TEST(Calibration, StepsDownPastTheBudgetWhereTheChosenRateLostTheAccuracyARetrainKeeps) {
  // A subsample search chose 20 times ga's base rate and left no budget: its run on the full
  // sets drives retain and held-out accuracy far below the original's, which a retrain of a
  // tenth fewer rows keeps. Smaller rates run, a rung at a time, until one keeps them.
  FullSetSearch search(gaOnSampledRows(), 1e-2, 1);
  search.followSubsampleSearch({{1e-2, 1.0}});
  search.run(0);
  const CalibrationReport& report = search.report;

  std::vector<double> rates;
  for (const CalibrationTrial& t : report.trials)
    if (t.full_data && (rates.empty() || rates.back() != t.lr)) rates.push_back(t.lr);
  ASSERT_GE(rates.size(), 2u) << report.toJson();
  for (size_t i = 1; i < rates.size(); ++i) EXPECT_NEAR(rates[i], rates[i - 1] / kRateLadder, 1e-12) << report.toJson();
  EXPECT_NE(report.note.find("the best run lost retain and held-out accuracy a retrain keeps"), std::string::npos)
      << report.note;
  EXPECT_EQ(report.note.find("none kept them"), std::string::npos) << report.note;
  ASSERT_TRUE(report.result.has_value());
  EXPECT_DOUBLE_EQ(report.result->lr, rates.back()) << report.toJson();
  // The chosen rate's checkpoint had lost 20 points of retain accuracy more than the one kept.
  EXPECT_LT(report.trials.front().retain_acc + 20.0, report.result->retain_acc) << report.toJson();
  EXPECT_EQ(report.warning, "") << report.warning;
}

TEST(Calibration, WarnsWhereTheUsersRateLostTheAccuracyARetrainKeeps) {
  // With lr set there is no smaller rate to try: the result row says the model was damaged.
  // (One epoch: at 3e-3 the first epoch keeps the accuracy and the second loses 16 points.)
  ForgetRequest request = gaOnSampledRows();
  request.calibration->lr = false;
  request.calibration->max_epochs = 1;
  request.options.set("lr", 6e-3);
  const ForgetOutcome outcome = forget(request, testContext());
  const CalibrationReport& report = *outcome.calibration;
  EXPECT_NE(report.warning.find("retain and held-out accuracy fell to"), std::string::npos) << report.toJson();
  EXPECT_NE(report.summary(0.0).find("; warning: retain and held-out accuracy"), std::string::npos) << report.summary(0.0);

  // At a rate that barely moves the model, nothing to warn of.
  request.options.set("lr", 1e-7);
  EXPECT_EQ(forget(request, testContext()).calibration->warning, "");
}

TEST(Calibration, StepsPastTheBudgetOnTheFullSetsOnlyForHarmBeyondTheCriterionsNoise) {
  // At 1e-9 ga leaves the model as it was: its run scores as θ_o does, within the noise, so
  // no smaller rate runs past the budget (as the subsample search: the test above).
  const CalibrationReport report = fullSetSearchThatStaysAt(1e-9, 1e-15);
  EXPECT_EQ(report.note.find("past the budget"), std::string::npos) << report.note;
}

TEST(Calibration, SaysSoWhereARateDidHarmAndTheRangeHasNoSmallerOne) {
  // 20 times ga's base rate wrecks the model, and the range ends above a rung below it: the
  // safety steps have nowhere to go, and the note says so rather than "0 smaller rates run".
  const CalibrationReport report = fullSetSearchThatStaysAt(1e-2, 5e-3);
  EXPECT_NE(report.note.find("the range has no smaller rate"), std::string::npos) << report.note;
  EXPECT_EQ(report.note.find("past the budget"), std::string::npos) << report.note;
}

TEST(Calibration, SaysSoWhereEveryRunOnTheFullSetsDiverged) {
  // A range of rates that all blow ga's weights up: no model is kept, the error says why.
  ForgetRequest request = wreckingGa(true);
  request.calibration->lr_min = 100.0;
  request.calibration->lr_max = 1e4;
  FullSetSearch search(request, 1e3, 1);
  try {
    search.run(0);
    FAIL() << "expected an error; " << search.report.toJson();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("all diverged"), std::string::npos) << e.what();
  }
  for (const CalibrationTrial& t : search.report.trials) EXPECT_TRUE(std::isinf(t.score)) << search.report.toJson();
}

TEST(Calibration, LengthensTheBestRunWithTheBudgetTheRatesLeft) {
  // From a rate whose two-epoch run forgot too little, with a budget for two such runs and three
  // epochs more. The rung up is the top of the range and forgets more, and its run is still
  // forgetting when it ends, so what the rates left resumes it from its last checkpoint instead
  // of running a half-step.
  ForgetRequest request = wreckingGa(true);
  request.calibration->lr_max = 3e-4;
  FullSetSearch search(request, 1e-4, 2);
  search.run(7.0 * fullSetEpochRows(search.report, search.sets));
  const CalibrationReport& report = search.report;

  // The start rate, a rung up, then the rung up's epochs 3 to 5.
  const double up = 1e-4 * kRateLadder;
  std::vector<std::pair<double, int64_t>> runs;
  for (const CalibrationTrial& t : report.trials) runs.emplace_back(t.lr, t.epochs);
  const std::vector<std::pair<double, int64_t>> expected = {{1e-4, 1}, {1e-4, 2}, {up, 1}, {up, 2},
                                                             {up, 3},   {up, 4},   {up, 5}};
  ASSERT_EQ(runs.size(), expected.size()) << report.toJson();
  for (size_t i = 0; i < runs.size(); ++i) {
    EXPECT_NEAR(runs[i].first, expected[i].first, 1e-12) << i << ": " << report.toJson();
    EXPECT_EQ(runs[i].second, expected[i].second) << i << ": " << report.toJson();
  }
  EXPECT_NE(report.note.find("lengthened by 3"), std::string::npos) << report.note;
  EXPECT_LE(report.spent_rows, report.budget_rows + 1e-6);
  // Resumed, not restarted: a third epoch forgets more than the second (one epoch from θ_o
  // would forget less).
  EXPECT_LT(report.trials[4].forget_acc, report.trials[3].forget_acc) << report.toJson();
  ASSERT_TRUE(report.result.has_value());
  EXPECT_GT(report.result->epochs, 2) << report.toJson();
  EXPECT_EQ(search.request.options.integer("epochs"), report.result->epochs);
}

TEST(Calibration, GivesEpochsToARunThatForgotTooLittleAtTheTopOfTheRange) {
  // After a subsample search that chose the top of the range: the one-epoch run on the full
  // sets still predicts the class, and no larger rate exists, so the budget resumes that run
  // for more epochs instead of trying smaller rates (which forget less still).
  ForgetRequest request = wreckingGa(true);
  request.calibration->lr_max = 1e-4;
  FullSetSearch search(request, 1e-4, 1);
  search.followSubsampleSearch({{1e-4, 1.0}});
  search.run(4.0 * fullSetEpochRows(search.report, search.sets));
  const CalibrationReport& report = search.report;

  ASSERT_GE(report.trials.size(), 3u) << report.toJson();
  EXPECT_GT(report.trials[1].forget_acc, 1.0) << report.toJson();  // the first run forgot too little
  for (size_t i = 1; i < report.trials.size(); ++i) {
    EXPECT_TRUE(report.trials[i].full_data);
    EXPECT_NEAR(report.trials[i].lr, 1e-4, 1e-12) << i << ": " << report.toJson();  // no smaller rate
    EXPECT_EQ(report.trials[i].epochs, static_cast<int64_t>(i)) << i << ": " << report.toJson();
  }
  EXPECT_NE(report.note.find("lengthened"), std::string::npos) << report.note;
  EXPECT_LE(report.spent_rows, report.budget_rows + 1e-6);
  EXPECT_LT(report.trials.back().forget_acc, report.trials[1].forget_acc) << report.toJson();
  ASSERT_TRUE(report.result.has_value());
  EXPECT_EQ(search.request.options.integer("epochs"), report.result->epochs);
}

TEST(Calibration, TheFirstFullRunSetsTheDirectionAfterASubsampleSearch) {
  // The subsample scored the rung down best, but the first run on the full sets still predicts
  // the class: the next run goes a rung up, where more is forgotten.
  FullSetSearch search(wreckingGa(true), 1e-4, 1);
  search.followSubsampleSearch({{1e-4, 2.0}, {1e-4 * kRateLadder, 3.0}, {1e-4 / kRateLadder, 1.0}});
  search.run(3.0 * fullSetEpochRows(search.report, search.sets));
  const CalibrationReport& report = search.report;

  std::vector<const CalibrationTrial*> full_runs;
  for (const CalibrationTrial& t : report.trials)
    if (t.full_data) full_runs.push_back(&t);
  ASSERT_GE(full_runs.size(), 2u) << report.toJson();
  EXPECT_NEAR(full_runs[0]->lr, 1e-4, 1e-12) << report.toJson();
  EXPECT_GT(full_runs[0]->forget_acc, 1.0) << report.toJson();  // forgot too little
  EXPECT_NEAR(full_runs[1]->lr, 1e-4 * kRateLadder, 1e-12) << report.toJson();
}

TEST(Calibration, ScoresAModelWhoseOutputsOverflowAsDiverged) {
  // Weights scaled by 1e20 stay finite, but the activations they make overflow: the criterion
  // must not rank such a model (whose probabilities are NaN) among the candidates.
  const CriterionOnTheClass c;
  EXPECT_TRUE(std::isfinite(c.criterion.score(*c.model).score));
  {
    torch::NoGradGuard no_grad;
    for (auto& parameter : c.model->parameters()) parameter.mul_(1e20);
  }
  ASSERT_TRUE(finiteWeights(*c.model));
  EXPECT_TRUE(std::isinf(c.criterion.score(*c.model).score));
}

TEST(Calibration, TheSameStatementChoosesTheSame) {
  // Calibration counts its budget in rows, not seconds: machine load cannot change a choice.
  const ForgetOutcome first = forget(wreckingGa(true), testContext());
  const ForgetOutcome second = forget(wreckingGa(true), testContext());
  EXPECT_EQ(first.options.toJson(), second.options.toJson());
  EXPECT_EQ(first.weights, second.weights);
}

TEST(Calibration, ReportsItselfAsJson) {
  CalibrationReport report;
  report.chosen.set("lr", 0.001);
  report.trials.push_back({0.001, 2, 1.5, 90, 91, 88, 4});
  const std::string json = report.toJson();
  EXPECT_NE(json.find("\"chosen\":{\"lr\":0.001}"), std::string::npos) << json;
  EXPECT_NE(json.find("\"membership_gap\":4.0"), std::string::npos) << json;
}

// The learning curve of a cnn trained 8 epochs on 5,000 rows (measured on its calibration
// split); its retrain on half the rows reached 4.75 points less there.
const std::vector<double> kBriefCurve = {42.25, 72.0, 71.25, 81.0, 83.0, 84.25, 84.25, 85.0};

TEST(RetrainShortfall, IsWhatTheCurveLostOverTheStepsARetrainSkips) {
  // Half the rows: the steps of 4 epochs, where the curve stood at 81.0.
  EXPECT_NEAR(estimateRetrainShortfall(kBriefCurve, 0.5, 10), 4.0, 1e-9);
  // 90%: 7.2 epochs' steps, between 84.25 and 85.0.
  EXPECT_NEAR(estimateRetrainShortfall(kBriefCurve, 0.9, 10), 0.6, 1e-9);
  EXPECT_DOUBLE_EQ(estimateRetrainShortfall(kBriefCurve, 1.0, 10), 0.0);
  // Less than an epoch's steps: from chance level (10%) toward the first epoch's 42.25.
  EXPECT_NEAR(estimateRetrainShortfall(kBriefCurve, 0.05, 10), 85.0 - (10.0 + 0.4 * 32.25), 1e-9);
}

TEST(RetrainShortfall, ReadsTheCurveThroughItsRunningMaximum) {
  // The dip at epoch 3 (71.25 after 72.0) is noise, not a loss: 2.5 epochs' steps reached 72.0.
  EXPECT_NEAR(estimateRetrainShortfall(kBriefCurve, 2.5 / 8, 10), 85.0 - 72.0, 1e-9);
  // A model that stopped improving long before its last epoch loses nothing to half the steps.
  const std::vector<double> plateau = {80, 86, 87, 87, 86.5, 87, 86, 87};
  EXPECT_DOUBLE_EQ(estimateRetrainShortfall(plateau, 0.5, 10), 0.0);
  // No curve (an imported model): no shortfall is assumed.
  EXPECT_DOUBLE_EQ(estimateRetrainShortfall({}, 0.5, 10), 0.0);
}

TEST(RetrainShortfall, TravelsWithTheTrainingRun) {
  EXPECT_EQ(learningCurveFromJson(learningCurveJson(kBriefCurve)), kBriefCurve);
  EXPECT_EQ(learningCurveJson({}), "");
  EXPECT_TRUE(learningCurveFromJson("").empty());
  EXPECT_TRUE(learningCurveFromJson("{\"chosen\":{}}").empty());  // a forget run's report
}

}  // namespace
}  // namespace lethe::exec
