// The run log: runs recorded when their statement starts, ended when it fails or is cancelled,
// and reaped when the process that ran them died (docs/concurrency.md). Each write is a short
// transaction of its own, so the log never waits on, or is rolled back with, a statement's
// own transaction.
#include <signal.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>

#include "catalog/catalog.hpp"
#include "catalog/statement.hpp"
#include "common/error.hpp"

namespace lethe::catalog {

namespace {

std::string hostName() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "localhost";
  return name;
}

// When the process started, in clock ticks since boot (/proc/<pid>/stat, field 22): with the
// pid it names one process, even after the pid is reused. "" when unknown.
std::string startTicks(long pid) {
  std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  const size_t name_end = stat.rfind(')');  // the command name may hold spaces and ')'
  if (name_end == std::string::npos) return "";
  std::istringstream fields(stat.substr(name_end + 1));
  std::string field;
  for (int index = 3; index <= 22 && fields >> field; ++index)
    if (index == 22) return field;
  return "";
}

std::string thisProcess() {
  const long pid = static_cast<long>(getpid());
  return hostName() + ":" + std::to_string(pid) + ":" + startTicks(pid);
}

// Whether the owner "host:pid:ticks" is a process of this host that no longer runs. Owners of
// other hosts (a catalog on a shared disk) are never judged dead from here.
bool deadHere(const std::string& owner) {
  const size_t second = owner.rfind(':');
  const size_t first = second == std::string::npos || second == 0 ? std::string::npos : owner.rfind(':', second - 1);
  if (first == std::string::npos || owner.substr(0, first) != hostName()) return false;
  long pid = 0;
  try {
    pid = std::stol(owner.substr(first + 1, second - first - 1));
  } catch (const std::exception&) {
    return false;
  }
  if (pid <= 0) return false;
  if (kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) return true;
  const std::string ticks = owner.substr(second + 1);
  return !ticks.empty() && startTicks(pid) != ticks;  // the pid now names another process
}

}  // namespace

int64_t Catalog::beginRun(const std::string& kind, const std::string& statement, const std::string& started_at) {
  Transaction transaction(*this);
  Statement insert(db_,
                   "INSERT INTO runs (kind, statement, status, started_at, owner) VALUES (?1, ?2, 'running', "
                   "COALESCE(NULLIF(?3, ''), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), ?4)");
  insert.bind(1, kind).bind(2, statement).bind(3, started_at).bind(4, thisProcess()).run();
  const int64_t id = lastInsertId(db_);
  transaction.commit();
  return id;
}

void Catalog::endRun(int64_t run_id, const std::string& status, const std::string& error, double seconds) {
  Transaction transaction(*this);
  Statement update(db_, "UPDATE runs SET status = ?2, error = ?3, seconds = ?4 WHERE id = ?1 AND status = 'running'");
  update.bind(1, run_id).bind(2, status).bind(3, error).bind(4, seconds).run();
  transaction.commit();
}

void Catalog::discardStartedRun(int64_t run_id) {
  Transaction transaction(*this);
  Statement remove(db_, "DELETE FROM runs WHERE id = ?1 AND status = 'running'");
  remove.bind(1, run_id).run();
  transaction.commit();
}

int Catalog::reapAbandonedRuns() {
  std::vector<int64_t> abandoned;
  {
    Statement query(db_, "SELECT id, owner FROM runs WHERE status = 'running'");
    while (query.step())
      if (deadHere(query.text(1))) abandoned.push_back(query.int64(0));
  }
  if (abandoned.empty()) return 0;
  Transaction transaction(*this);
  for (int64_t id : abandoned) {
    Statement update(db_, "UPDATE runs SET status = 'failed', error = ?2 WHERE id = ?1 AND status = 'running'");
    update.bind(1, id).bind(2, std::string("the process running it ended before it finished (killed or crashed); "
                                           "nothing of it was stored")).run();
  }
  transaction.commit();
  return static_cast<int>(abandoned.size());
}

void Catalog::setBusyTimeout(int milliseconds) {
  busy_timeout_ms_ = milliseconds;
  checkSqlite(db_, sqlite3_busy_timeout(db_, milliseconds), "busy timeout");
}

}  // namespace lethe::catalog
