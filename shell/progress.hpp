#pragma once
// The progress line the shell draws on a terminal: phase, bar, percent, ETA, detail.
// Torch- and terminal-free, so it is tested on its own.
#include <cstdint>
#include <string>

namespace lethe::shell {

// "train ████████░░░░░░░░░░░░  40%  ETA 0:12  epoch 2/8 loss 0.5312"
// The ETA is elapsed * (total - done) / done: `elapsed` is the time spent in this phase so
// far. Without a total (total <= 0) the line shows the elapsed time instead of a bar. The line
// is cut to `width` columns (0: no limit) so that it never wraps.
std::string formatProgressLine(const std::string& phase, int64_t done, int64_t total, double elapsed_seconds,
                               const std::string& detail, size_t width = 0);

// 0:07, 12:34, 1:02:03.
std::string formatDuration(double seconds);

// Follows the reports of one statement and times each phase. A phase starts when the
// operator name changes, when `done` goes back (the next epoch) or when the total changes.
// Reports come every few batches, so a phase's first report already has work behind it: its
// start is estimated from the rate between later reports.
class ProgressMeter {
 public:
  // Forget every phase (a new statement starts at `now`).
  void reset(double now_seconds);
  // The line for a report at time `now`.
  std::string update(const std::string& phase, int64_t done, int64_t total, const std::string& detail,
                     double now_seconds, size_t width = 0);
  // Elapsed time of the current phase as update() last estimated it.
  double phaseElapsed() const { return elapsed_; }

 private:
  std::string phase_;
  int64_t total_ = -1;
  int64_t last_done_ = -1;
  int64_t first_done_ = 0;   // `done` of the phase's first report
  double first_time_ = 0.0;  // when the phase's first report came
  double lead_ = 0.0;        // estimated time before the first report
  double last_event_ = 0.0;  // the previous report (or the statement's start)
  double elapsed_ = 0.0;
};

}  // namespace lethe::shell
