/*
 * A data-governance tool in C on Lethe's C API (lethe.h), linked against liblethe:
 *
 *   cc governance_tool.c $(pkg-config --cflags --libs lethe) -lpthread -o governance_tool
 *   ./governance_tool governance.db
 *
 * It trains a small model, forgets a class with a progress bar drawn from the progress
 * handler, reads the result with prepare/step, then starts a second, long FORGET and cancels
 * it from a timer thread with lethe_interrupt: no new model version, and the connection goes
 * on working. `make test` runs it (ctest examples_governance_tool_c). Exit status 0 on success.
 */
#define _POSIX_C_SOURCE 200809L
#include <lethe/lethe.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int fail(lethe_db* db, const char* what) {
  fprintf(stderr, "%s: %s (%s)\n", what, lethe_errmsg(db), lethe_errstr(lethe_errcode(db)));
  lethe_close(db);
  return 1;
}

static double now_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ---- progress bar -------------------------------------------------------------------- */

struct bar {
  int tty;             /* redraw one line in place; otherwise print a line per tenth */
  char phase[32];
  int last_tenth;
  atomic_int calls;    /* the timer thread waits for the statement to be running */
};

static int draw_progress(void* arg, const char* phase, int64_t done, int64_t total) {
  struct bar* bar = arg;
  atomic_fetch_add(&bar->calls, 1);
  if (total <= 0) return 0; /* a phase of unknown length: nothing to draw */
  const int width = 30, filled = (int)(width * done / total), tenth = (int)(10 * done / total);
  if (strncmp(bar->phase, phase, sizeof bar->phase - 1) != 0) {
    snprintf(bar->phase, sizeof bar->phase, "%s", phase);
    bar->last_tenth = -1;
  }
  if (!bar->tty && tenth == bar->last_tenth) return 0;
  bar->last_tenth = tenth;
  printf("%s%-10s [%.*s%*s] %3d%% (%lld/%lld)%s", bar->tty ? "\r" : "  ", phase, filled,
         "##############################", width - filled, "", (int)(100 * done / total), (long long)done,
         (long long)total, bar->tty ? "" : "\n");
  fflush(stdout);
  return 0; /* nonzero would interrupt the statement */
}

/* ---- the timer thread that cancels ------------------------------------------------------ */

struct timer {
  lethe_db* db;
  struct bar* bar;
  double delay_s;
  double fired_at;
};

static void* cancel_later(void* arg) {
  struct timer* timer = arg;
  const struct timespec tick = {0, 1000000};
  while (atomic_load(&timer->bar->calls) == 0) nanosleep(&tick, NULL); /* wait until it runs */
  const struct timespec delay = {0, (long)(timer->delay_s * 1e9)};
  nanosleep(&delay, NULL);
  timer->fired_at = now_seconds();
  lethe_interrupt(timer->db); /* safe from any thread */
  return NULL;
}

/* ---- reading results ------------------------------------------------------------------- */

/* Runs one statement with prepare/step and prints every row as "name = value". Returns the
 * final code (LETHE_DONE on success). */
static int print_rows(lethe_db* db, const char* sql, int* rows) {
  lethe_stmt* stmt = NULL;
  int rc = lethe_prepare(db, sql, -1, &stmt, NULL);
  if (rc != LETHE_OK) return rc;
  *rows = 0;
  while ((rc = lethe_step(stmt)) == LETHE_ROW) {
    ++*rows;
    for (int c = 0; c < lethe_column_count(stmt); ++c) {
      const char* value = lethe_column_text(stmt, c);
      if (lethe_column_type(stmt, c) == LETHE_FLOAT)
        printf("  %-12s %.2f\n", lethe_column_name(stmt, c), lethe_column_double(stmt, c));
      else
        printf("  %-12s %s\n", lethe_column_name(stmt, c), value ? value : "NULL");
    }
  }
  lethe_finalize(stmt);
  return rc;
}

static int count_rows(void* arg, int ncol, char** values, char** names) {
  (void)ncol, (void)values, (void)names;
  ++*(int*)arg;
  return 0;
}

static int version_count(lethe_db* db) {
  int rows = 0;
  return lethe_exec(db, "SHOW VERSIONS OF clf;", count_rows, &rows, NULL) == LETHE_OK ? rows : -1;
}

int main(int argc, char** argv) {
  const char* path = argc > 1 ? argv[1] : "governance.db";
  printf("liblethe %s, catalog %s\n", lethe_libversion(), path);
  lethe_db* db = NULL;
  if (lethe_open(path, &db) != LETHE_OK) return fail(db, "open");

  /* A small Fashion-MNIST subset and a tiny model: a few seconds on a laptop CPU. Dropped
   * first, so the tool can run again on the same catalog. */
  char* error = NULL;
  if (lethe_exec(db,
                 "DROP MODEL clf IF EXISTS; DROP DATASET small IF EXISTS; DROP DATASET fm IF EXISTS;"
                 "CREATE DATASET fm FROM BUILTIN 'fashion-mnist';"
                 "CREATE DATASET small AS SUBSET OF fm WITH (train = 1000, test = 200, seed = 1);"
                 "CREATE MODEL clf ARCH mlp ON small WITH (epochs = 2, lr = 0.05, batch_size = 64, seed = 1);",
                 NULL, NULL, &error) != LETHE_OK) {
    fprintf(stderr, "setup: %s\n", error);
    lethe_free(error);
    return fail(db, "setup");
  }

  struct bar bar = {isatty(STDOUT_FILENO), "", -1, 0};
  lethe_progress_handler(db, draw_progress, &bar);

  /* 1. A FORGET with a progress bar; its result row read with prepare/step. */
  printf("Forgetting class 'Sneaker' with SalUn:\n");
  int rows = 0;
  int rc = print_rows(db,
                      "FORGET CLASS 'Sneaker' FROM clf USING salun THRESHOLD 0.5 WITH (epochs = 2, lr = 0.01) "
                      "EVALUATE ua, ra, ta;",
                      &rows);
  if (bar.tty) printf("\n");
  if (rc != LETHE_DONE || rows != 1) return fail(db, "forget");
  const int versions = version_count(db);
  printf("model clf has %d versions\n", versions);

  /* 2. A long FORGET (1000 epochs of retraining), cancelled from a timer thread. */
  printf("Starting a long retrain and cancelling it after 0.5 s of work:\n");
  atomic_store(&bar.calls, 0);
  struct timer timer = {db, &bar, 0.5, 0.0};
  pthread_t thread;
  if (pthread_create(&thread, NULL, cancel_later, &timer) != 0) return fail(db, "pthread_create");
  rc = lethe_exec(db, "FORGET CLASS 'Sneaker' FROM clf USING retrain WITH (epochs = 1000);", NULL, NULL, NULL);
  const double returned_at = now_seconds();
  pthread_join(thread, NULL);
  if (bar.tty) printf("\n");
  if (rc != LETHE_INTERRUPTED) return fail(db, "the cancelled FORGET did not return LETHE_INTERRUPTED");
  printf("cancelled: %s, %.3f s after lethe_interrupt\n", lethe_errmsg(db), returned_at - timer.fired_at);

  /* 3. Nothing was written, and the connection still works. */
  if (version_count(db) != versions) return fail(db, "the cancelled FORGET wrote a version");
  if (print_rows(db, "DESCRIBE MODEL clf;", &rows) != LETHE_DONE) return fail(db, "describe after cancel");
  printf("still %d versions; the connection still works\n", versions);
  return lethe_close(db) == LETHE_OK ? 0 : 1;
}
