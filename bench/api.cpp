// bench/api: what embedding through the C API costs, and how fast a statement stops.
//
//   statements/s  SHOW METHODS on an open connection, every cell read as text: the C API
//                 (prepare / step / column_text / finalize, and lethe_exec with a callback)
//                 against the C++ API (Connection::query) on the same liblethe.so. Many short
//                 rounds alternate the APIs so drift in machine speed hits them alike; each
//                 figure is the median over rounds, and the C++ API's spread over rounds is
//                 the noise.
//   opens/s       lethe_open + lethe_close of a catalog file, against Database + Connection.
//   interrupt     time from lethe_interrupt (called from a timer thread) to lethe_step's return,
//                 during a FORGET on a cnn: in each phase of a SalUn FORGET (saliency, the
//                 unlearning epochs, evaluation) and of a retrain, several times each at
//                 different points of a batch. Median and max per phase, and how many
//                 statements the interrupt stopped (an operator without a cancel check runs
//                 on to the end, and the statement then commits).
//
//   api --statements 500 --rounds 21 --reps 5 --out bench/results/api.csv   (`--help`: every flag)
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>

#include <unistd.h>

#include "bench/bench_util.hpp"
#include "lethe/lethe.h"

using lethe::bench::fixed;
using lethe::bench::positive;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  int statements = 500;
  int rounds = 21;
  int opens = 50;
  int reps = 5;
  int64_t train = 2000;
  int64_t test = 500;
  int threads = 0;
  std::string catalog;
  std::string out = "bench/results/api.csv";
};

Options parse(int argc, char** argv) {
  Options o;
  lethe::bench::Flags app(
      "C API against C++ API: statements and opens per second, and interrupt latency during a FORGET on cnn.", "api");
  app.add_option("--statements", o.statements, "SHOW METHODS statements per API per round")->check(positive());
  app.add_option("--rounds", o.rounds, "alternating rounds (figures are medians over rounds)")->check(positive());
  app.add_option("--opens", o.opens, "open/close cycles per API per round")->check(positive());
  app.add_option("--reps", o.reps, "interrupts per phase")->check(positive());
  app.add_option("--train", o.train, "training rows of the cnn's Fashion-MNIST subset")->check(positive());
  app.add_option("--test", o.test, "test rows of the subset")->check(positive());
  app.add_option("--threads", o.threads, "torch threads (SET threads); 0 = one per core")->check(lethe::bench::nonNegative());
  app.add_option("--catalog", o.catalog, "catalog file kept for the next run (default: a temporary one)");
  app.add_option("--out,--csv", o.out, "CSV file the table is written to");
  app.parseOrExit(argc, argv);
  return o;
}

[[noreturn]] void die(lethe_db* db, const std::string& what) {
  std::cerr << what << ": " << lethe_errmsg(db) << "\n";
  std::exit(1);
}

double seconds(Clock::time_point from, Clock::time_point to) { return std::chrono::duration<double>(to - from).count(); }

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n == 0 ? 0.0 : n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// ---- statements per second -------------------------------------------------------------

// Each way runs the statement and reads every cell as text, touching its first byte (not its
// length: a C string's strlen would charge the C API for a scan the C++ API does not need).

size_t viaPrepare(lethe_db* db, const char* sql) {
  lethe_stmt* stmt = nullptr;
  if (lethe_prepare(db, sql, -1, &stmt, nullptr) != LETHE_OK) die(db, "prepare");
  size_t sum = 0;
  int rc;
  while ((rc = lethe_step(stmt)) == LETHE_ROW)
    for (int c = 0, n = lethe_column_count(stmt); c < n; ++c)
      if (const char* text = lethe_column_text(stmt, c)) sum += static_cast<unsigned char>(text[0]);
  if (rc != LETHE_DONE) die(db, "step");
  lethe_finalize(stmt);
  return sum;
}

int sumFirstBytes(void* arg, int ncol, char** values, char**) {
  for (int c = 0; c < ncol; ++c)
    if (values[c]) *static_cast<size_t*>(arg) += static_cast<unsigned char>(values[c][0]);
  return 0;
}

size_t viaExec(lethe_db* db, const char* sql) {
  size_t sum = 0;
  if (lethe_exec(db, sql, sumFirstBytes, &sum, nullptr) != LETHE_OK) die(db, "exec");
  return sum;
}

size_t viaCpp(lethe::Connection& con, const char* sql) {
  const lethe::Result r = lethe::bench::mustQuery(con, sql);
  size_t sum = 0;
  for (const auto& row : r.rows())
    for (const auto& cell : row)
      if (!cell.isNull()) sum += static_cast<unsigned char>(cell.isText() ? cell.text()[0] : cell.toString()[0]);
  return sum;
}

// Statements per second of `one` over n runs.
template <class F>
double rate(int n, F&& one) {
  size_t sink = 0;
  const auto start = Clock::now();
  for (int i = 0; i < n; ++i) sink += one();
  const double elapsed = seconds(start, Clock::now());
  if (sink == 0) std::cerr << "(no cells read)\n";
  return n / elapsed;
}

// A rate's table row: median, min, max over rounds, and the difference from the C++ API's
// median next to the C++ API's own spread over rounds (the noise).
std::vector<std::string> rateRow(const std::string& measure, const std::string& api, const std::vector<double>& v,
                                 const std::vector<double>& cpp, const std::string& unit) {
  const double m = median(v), base = median(cpp);
  const auto [low, high] = std::minmax_element(v.begin(), v.end());
  const auto [cpp_low, cpp_high] = std::minmax_element(cpp.begin(), cpp.end());
  std::string note = &v == &cpp ? "spread " + fixed(100.0 * (*cpp_high - *cpp_low) / base, 1) + "% (the noise)"
                                : fixed(100.0 * (m / base - 1.0), 1) + "% vs C++";
  return {measure, api, fixed(m, 0), fixed(*low, 0), fixed(*high, 0), unit, note};
}

// ---- interrupt latency -------------------------------------------------------------------

struct Watch {
  std::string target;              // the phase to interrupt in
  std::atomic<bool> in_target{false};
  std::atomic<int64_t> batches{0};
  Clock::time_point first, last;   // progress calls in the target phase (batch time)
  int64_t target_calls = 0;
};

int watchProgress(void* arg, const char* phase, int64_t, int64_t) {
  auto* w = static_cast<Watch*>(arg);
  if (w->target == phase) {
    const auto now = Clock::now();
    if (w->target_calls++ == 0) w->first = now;
    w->last = now;
    w->in_target = true;
  }
  return 0;
}

struct Latency {
  std::vector<double> seconds;        // lethe_interrupt -> lethe_step's return
  std::vector<double> batch_seconds;  // mean time between progress reports in the phase (20 batches)
  int cancelled = 0;                  // returned LETHE_INTERRUPTED
  int completed = 0;                  // interrupted, yet finished (and committed): no check came
  int missed = 0;                     // the statement ended before the interrupt was sent
};

// One FORGET interrupted `delay` after it entered `phase`.
void interruptOnce(lethe_db* db, const std::string& sql, const std::string& phase, double delay, Latency& out) {
  Watch watch;
  watch.target = phase;
  lethe_progress_handler(db, watchProgress, &watch);
  std::atomic<bool> returned{false};
  Clock::time_point fired_at;
  std::atomic<bool> fired{false};
  std::thread timer([&] {
    while (!watch.in_target && !returned) std::this_thread::sleep_for(std::chrono::microseconds(200));
    if (returned) return;
    std::this_thread::sleep_for(std::chrono::duration<double>(delay));
    if (returned) return;
    fired_at = Clock::now();
    fired = true;
    lethe_interrupt(db);
  });
  lethe_stmt* stmt = nullptr;
  if (lethe_prepare(db, sql.c_str(), -1, &stmt, nullptr) != LETHE_OK) die(db, "prepare " + sql);
  const int rc = lethe_step(stmt);
  const auto returned_at = Clock::now();
  returned = true;
  timer.join();
  lethe_finalize(stmt);
  lethe_progress_handler(db, nullptr, nullptr);
  if (rc != LETHE_INTERRUPTED && rc != LETHE_ROW && rc != LETHE_DONE)
    die(db, "interrupted FORGET returned " + std::string(lethe_errstr(rc)));
  if (!fired) {
    out.missed++;
  } else {
    out.seconds.push_back(seconds(fired_at, returned_at));
    (rc == LETHE_INTERRUPTED ? out.cancelled : out.completed)++;
  }
  if (watch.target_calls > 1)
    out.batch_seconds.push_back(seconds(watch.first, watch.last) / double(watch.target_calls - 1));
}

void setUpCatalog(lethe_db* db, const Options& o) {
  int models = 0;
  lethe_exec(
      db, "SHOW MODELS;", [](void* arg, int, char**, char**) { return ++*static_cast<int*>(arg), 0; }, &models,
      nullptr);
  if (models > 0) return;
  const std::string sql =
      "CREATE DATASET fm FROM BUILTIN 'fashion-mnist';"
      "CREATE DATASET small AS SUBSET OF fm WITH (train = " + std::to_string(o.train) +
      ", test = " + std::to_string(o.test) + ", seed = 1);"
      "CREATE MODEL clf ARCH cnn ON small WITH (epochs = 2, lr = 0.05, batch_size = 128, seed = 1);";
  std::cout << "training the cnn (" << o.train << " rows, 2 epochs)...\n";
  if (lethe_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != LETHE_OK) die(db, "set-up");
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  namespace fs = std::filesystem;
  const bool temporary = o.catalog.empty();
  const std::string path =
      temporary ? (fs::temp_directory_path() / ("lethe_bench_api_" + std::to_string(::getpid()) + ".db")).string()
                : o.catalog;
  std::cout << "liblethe " << lethe_libversion() << ", catalog " << path << "\n";

  lethe_db* db = nullptr;
  if (lethe_open(path.c_str(), &db) != LETHE_OK) die(db, "open");
  const std::string threads = "SET threads = " + std::to_string(o.threads) + ";";
  if (lethe_exec(db, threads.c_str(), nullptr, nullptr, nullptr) != LETHE_OK) die(db, "SET threads");
  setUpCatalog(db, o);

  lethe::bench::Table table;
  table.columns = {"measure", "api", "median", "min", "max", "unit", "note"};

  // Statements per second, rounds alternating the APIs: a statement answered from memory (the
  // method registry: the API's share is largest there) and one that reads the catalog.
  for (const char* sql : {"SHOW METHODS;", "DESCRIBE MODEL clf;"}) {
    lethe::Database database(path);
    lethe::Connection con(database);
    for (int i = 0; i < 50; ++i) viaCpp(con, sql), viaPrepare(db, sql), viaExec(db, sql);  // warm-up
    std::vector<double> cpp, prepared, exec;
    for (int round = 0; round < o.rounds; ++round) {
      cpp.push_back(rate(o.statements, [&] { return viaCpp(con, sql); }));
      prepared.push_back(rate(o.statements, [&] { return viaPrepare(db, sql); }));
      exec.push_back(rate(o.statements, [&] { return viaExec(db, sql); }));
    }
    const std::string measure = std::string(sql).substr(0, std::strlen(sql) - 1);
    auto row = [&](const std::string& api, const std::vector<double>& v) {
      table.rows.push_back(rateRow(measure, api, v, cpp, "statements/s"));
    };
    row("C++ query", cpp);
    row("C prepare/step", prepared);
    row("C exec", exec);
  }

  // Opens per second of the catalog file.
  {
    std::vector<double> cpp, c;
    for (int round = 0; round < o.rounds; ++round) {
      cpp.push_back(rate(o.opens, [&] {
        lethe::Database database(path);
        lethe::Connection con(database);
        return size_t(database.ok());
      }));
      c.push_back(rate(o.opens, [&] {
        lethe_db* other = nullptr;
        const int rc = lethe_open(path.c_str(), &other);
        lethe_close(other);
        return size_t(rc == LETHE_OK);
      }));
    }
    auto row = [&](const std::string& api, const std::vector<double>& v) {
      table.rows.push_back(rateRow("open + close", api, v, cpp, "opens/s"));
    };
    row("C++ Database", cpp);
    row("C lethe_open", c);
  }

  // Interrupt latency, per phase; the delays spread the interrupts over a batch.
  struct Case {
    std::string label, phase, sql;
  };
  const std::string salun =
      "FORGET CLASS 'Sneaker' FROM clf USING salun THRESHOLD 0.5 WITH (epochs = 20, lr = 0.01) "
      "EVALUATE ua, ra, ta, mia;";
  const std::vector<Case> cases = {
      {"salun: saliency", "saliency", salun},
      {"salun: unlearning", "salun", salun},
      {"salun: evaluate (ua, ra, ta, mia)", "evaluate",
       "FORGET CLASS 'Sneaker' FROM clf USING salun THRESHOLD 0.5 WITH (epochs = 1, lr = 0.01) "
       "EVALUATE ua, ra, ta, mia;"},
      {"retrain (training epochs)", "train", "FORGET CLASS 'Sneaker' FROM clf USING retrain WITH (epochs = 100);"},
  };
  for (const auto& c : cases) {
    Latency latency;
    for (int rep = 0; rep < o.reps; ++rep) {
      const double delay = c.phase == "evaluate" || c.phase == "saliency" ? 0.0 : 0.05 + 0.037 * rep;
      interruptOnce(db, c.sql, c.phase, delay, latency);
    }
    const std::string batch =
        latency.batch_seconds.empty() ? "" : fixed(1000.0 * median(latency.batch_seconds), 1) + " ms between reports; ";
    const std::string outcome = std::to_string(latency.cancelled) + " cancelled" +
                                (latency.completed ? "; " + std::to_string(latency.completed) + " finished anyway" : "") +
                                (latency.missed ? "; " + std::to_string(latency.missed) + " ended first" : "");
    if (latency.seconds.empty()) {
      table.rows.push_back({"interrupt " + c.label, "C lethe_interrupt", "-", "-", "-", "s", outcome});
      continue;
    }
    const auto [low, high] = std::minmax_element(latency.seconds.begin(), latency.seconds.end());
    table.rows.push_back({"interrupt " + c.label, "C lethe_interrupt", fixed(median(latency.seconds), 3), fixed(*low, 3),
                          fixed(*high, 3), "s", batch + outcome});
  }
  lethe_close(db);

  table.print(std::cout);
  table.writeCsv(o.out);
  std::cout << "written to " << o.out << "\n";
  if (temporary)
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
  return 0;
}
