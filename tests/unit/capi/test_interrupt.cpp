// lethe_interrupt and the progress handler during a FORGET: the statement stops with
// LETHE_INTERRUPTED within a batch, writes nothing (same datasets, models, versions, forget
// sets), and the connection keeps working.
#include <signal.h>
#include <sys/time.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "capi_fixtures.hpp"

using namespace capi_test;

namespace {

// Long enough that it is always interrupted: 1000 epochs of retraining.
constexpr const char* kLongForget = "FORGET CLASS 'Sneaker' FROM clf USING retrain WITH (epochs = 1000);";

class CapiTrained : public ::testing::Test {
 protected:
  void SetUp() override {
    makeTrainedCatalog(dir_ / "c.db");
    ASSERT_EQ(lethe_open((dir_ / "c.db").c_str(), &db_), LETHE_OK) << lethe_errmsg(db_);
    ASSERT_TRUE(execOk(db_, "SET threads = 2;"));
    before_ = catalogState(db_);
  }
  void TearDown() override { EXPECT_EQ(lethe_close(db_), LETHE_OK); }

  // Nothing was written, and the connection still runs statements.
  void expectUnchangedAndUsable() {
    EXPECT_EQ(catalogState(db_), before_);
    EXPECT_EQ(rowsOf(db_, "SHOW VERSIONS OF clf;").size(), 1u);
    EXPECT_TRUE(execOk(db_, "SHOW MODELS; DESCRIBE MODEL clf;"));
  }

  TempDir dir_;
  lethe_db* db_ = nullptr;
  std::vector<std::string> before_;
};

struct Running {
  std::atomic<int> calls{0};
};

int countCalls(void* arg, const char*, int64_t, int64_t) {
  static_cast<Running*>(arg)->calls++;
  return 0;
}

using Clock = std::chrono::steady_clock;

}  // namespace

TEST_F(CapiTrained, InterruptFromAnotherThreadDuringForget) {
  Running running;
  ASSERT_EQ(lethe_progress_handler(db_, countCalls, &running), LETHE_OK);
  Clock::time_point interrupted_at;
  std::thread timer([&] {
    while (running.calls.load() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    interrupted_at = Clock::now();
    lethe_interrupt(db_);
  });
  lethe_stmt* stmt = nullptr;
  ASSERT_EQ(lethe_prepare(db_, kLongForget, -1, &stmt, nullptr), LETHE_OK) << lethe_errmsg(db_);
  const int rc = lethe_step(stmt);
  const auto returned_at = Clock::now();
  timer.join();
  EXPECT_EQ(rc, LETHE_INTERRUPTED) << lethe_errmsg(db_);
  EXPECT_EQ(lethe_errcode(db_), LETHE_INTERRUPTED);
  EXPECT_EQ(std::string(lethe_errmsg(db_)).rfind("Interrupted", 0), 0u) << lethe_errmsg(db_);
  // Within a batch; generous here (tests share the cores), bench/api measures it.
  EXPECT_LT(std::chrono::duration<double>(returned_at - interrupted_at).count(), 5.0);
  EXPECT_EQ(lethe_step(stmt), LETHE_INTERRUPTED);  // the outcome stays until reset
  lethe_finalize(stmt);
  ASSERT_EQ(lethe_progress_handler(db_, nullptr, nullptr), LETHE_OK);
  expectUnchangedAndUsable();
}

TEST_F(CapiTrained, InterruptWithNothingRunningDoesNotCancelTheNextStatement) {
  lethe_interrupt(db_);
  EXPECT_TRUE(execOk(db_, "SHOW MODELS;"));
  // Training checks the flag every batch: a flag left set would stop it.
  EXPECT_TRUE(execOk(db_, "CREATE MODEL clf2 ARCH mlp ON small WITH (epochs = 1, seed = 1);"));
}

namespace {

struct Seen {
  std::vector<std::string> phases;
  bool done_within_total = true;
  int stop_at = -1;  // the call on which to return nonzero
};

int record(void* arg, const char* phase, int64_t done, int64_t total) {
  auto* seen = static_cast<Seen*>(arg);
  seen->phases.push_back(phase ? phase : "(null)");
  if (done < 0 || (total > 0 && done > total)) seen->done_within_total = false;
  return seen->stop_at >= 0 && static_cast<int>(seen->phases.size()) > seen->stop_at;
}

}  // namespace

TEST_F(CapiTrained, ProgressHandlerSeesPhasesOfAForget) {
  Seen seen;
  ASSERT_EQ(lethe_progress_handler(db_, record, &seen), LETHE_OK);
  ASSERT_TRUE(execOk(db_, "FORGET CLASS 'Sneaker' FROM clf USING salun WITH (epochs = 1, lr = 0.01) EVALUATE ua, ta;"));
  ASSERT_FALSE(seen.phases.empty());
  EXPECT_TRUE(seen.done_within_total);
  bool saliency = false;
  for (const auto& phase : seen.phases) {
    EXPECT_FALSE(phase.empty());
    saliency = saliency || phase == "saliency";
  }
  EXPECT_TRUE(saliency) << "phases seen: " << seen.phases.front() << " ... " << seen.phases.back();
  EXPECT_EQ(rowsOf(db_, "SHOW VERSIONS OF clf;").size(), 2u);
}

TEST_F(CapiTrained, NonzeroFromTheProgressHandlerInterrupts) {
  Seen seen;
  seen.stop_at = 3;
  ASSERT_EQ(lethe_progress_handler(db_, record, &seen), LETHE_OK);
  EXPECT_EQ(lethe_exec(db_, kLongForget, nullptr, nullptr, nullptr), LETHE_INTERRUPTED) << lethe_errmsg(db_);
  EXPECT_LE(seen.phases.size(), 6u);  // stopped at the next batch
  ASSERT_EQ(lethe_progress_handler(db_, nullptr, nullptr), LETHE_OK);
  expectUnchangedAndUsable();
}

namespace {

lethe_db* g_signalled_db = nullptr;
void onAlarm(int) { lethe_interrupt(g_signalled_db); }  // what a host's SIGINT handler does

}  // namespace

TEST_F(CapiTrained, InterruptFromASignalHandler) {
  g_signalled_db = db_;
  struct sigaction action {};
  action.sa_handler = onAlarm;
  action.sa_flags = SA_RESTART;
  sigemptyset(&action.sa_mask);
  struct sigaction previous {};
  ASSERT_EQ(sigaction(SIGALRM, &action, &previous), 0);
  itimerval timer{};
  timer.it_value.tv_usec = 300 * 1000;
  ASSERT_EQ(setitimer(ITIMER_REAL, &timer, nullptr), 0);
  EXPECT_EQ(lethe_exec(db_, kLongForget, nullptr, nullptr, nullptr), LETHE_INTERRUPTED) << lethe_errmsg(db_);
  sigaction(SIGALRM, &previous, nullptr);
  expectUnchangedAndUsable();
}
