/*
 * Lethe's C API, modelled on sqlite3.h: a catalog handle, statements prepared and stepped,
 * result codes, interrupt and progress. Usable from C99, and through it from Python
 * (ctypes), Go (cgo), Rust (FFI) and anything else that calls C.
 *
 *   lethe_db* db;
 *   if (lethe_open("catalog.db", &db) != LETHE_OK) { puts(lethe_errmsg(db)); lethe_close(db); }
 *   lethe_stmt* stmt;
 *   lethe_prepare(db, "SHOW MODELS;", -1, &stmt, NULL);
 *   while (lethe_step(stmt) == LETHE_ROW) puts(lethe_column_text(stmt, 0));
 *   lethe_finalize(stmt);
 *   lethe_close(db);
 *
 * Link with `pkg-config --cflags --libs lethe` (the library is liblethe.so).
 *
 * Rules (as in SQLite):
 * - No C++ exception crosses this API; every failure is a result code, and the connection's
 *   message (lethe_errmsg) says why. An allocation failure is LETHE_NOMEM.
 * - A handle is used by one thread at a time. lethe_interrupt() is the exception: it may be
 *   called from any thread, and from a signal handler, while a statement runs.
 * - NULL where a handle, text or out-pointer is needed is LETHE_MISUSE, never a crash. A
 *   statement already finalized, or a connection already closed, passed again is LETHE_MISUSE
 *   too: their memory is not freed but kept (marked dead by a magic number) for reuse by the
 *   next lethe_prepare / lethe_open, so the check reads valid memory. Once reused, the old
 *   pointer names the new handle (SQLite has the same limit). lethe_interrupt on a closed
 *   connection does nothing. A pointer that never came from this API is undefined behaviour.
 * - Text is UTF-8; a pointer returned by the API stays valid until the next call on the same
 *   handle (see each function).
 */
#ifndef LETHE_H
#define LETHE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define LETHE_API __attribute__((visibility("default")))
#else
#define LETHE_API
#endif

typedef struct lethe_db lethe_db;     /* an open catalog and its connection settings */
typedef struct lethe_stmt lethe_stmt; /* one prepared statement */

/* Result codes. Values are stable (part of the ABI). 0 is success; 100 and 101 are the two
 * successful outcomes of lethe_step. */
#define LETHE_OK 0           /* success */
#define LETHE_ERROR 1        /* a catalog failure with no finer code below */
#define LETHE_SYNTAX 2       /* the text does not parse */
#define LETHE_BINDER 3       /* a name, option or value does not resolve or is out of range */
#define LETHE_EXECUTION 4    /* an operator failed while running */
#define LETHE_BUSY 5         /* another process holds the catalog's write lock too long */
#define LETHE_INTERRUPTED 6  /* lethe_interrupt or a progress handler stopped the statement */
#define LETHE_NOMEM 7        /* an allocation failed */
#define LETHE_READONLY 8     /* a statement would write to a catalog opened read-only */
#define LETHE_IO 9           /* a file outside the catalog (dataset, script, export target) */
#define LETHE_CORRUPT 10     /* not a Lethe catalog, or its contents are damaged */
#define LETHE_CANTOPEN 11    /* the catalog cannot be opened (missing, newer schema, ...) */
#define LETHE_MISUSE 12      /* the API was called wrongly: NULL, finalized handle, bad flags */
#define LETHE_ABORT 13       /* a lethe_exec callback returned nonzero */
#define LETHE_ROW 100        /* lethe_step: a row is ready */
#define LETHE_DONE 101       /* lethe_step: the statement has finished */

/* lethe_open_v2 flags: exactly one of READONLY or READWRITE, CREATE only with READWRITE.
 * A file that does not exist is an error (LETHE_CANTOPEN) unless CREATE is given. */
#define LETHE_OPEN_READONLY 0x01
#define LETHE_OPEN_READWRITE 0x02
#define LETHE_OPEN_CREATE 0x04

/* Column types of a result cell. */
#define LETHE_INTEGER 1
#define LETHE_FLOAT 2
#define LETHE_TEXT 3
#define LETHE_NULL 5

/* The library's version, "MAJOR.MINOR.PATCH" (the project version it was built from). */
LETHE_API const char* lethe_libversion(void);

/* Opens (and creates) a catalog read-write: lethe_open_v2(path, db,
 * LETHE_OPEN_READWRITE | LETHE_OPEN_CREATE). ":memory:" is a private in-memory catalog.
 * As with sqlite3_open, *db is set even when opening fails (except on LETHE_MISUSE and
 * LETHE_NOMEM, where it is NULL): read lethe_errmsg(*db), then lethe_close(*db). */
LETHE_API int lethe_open(const char* path, lethe_db** db);
LETHE_API int lethe_open_v2(const char* path, lethe_db** db, int flags);

/* Closes the catalog and finalizes every statement of it still open (those handles become
 * invalid). lethe_close(NULL) is a harmless no-op. Do not close while another thread runs a
 * statement on it. */
LETHE_API int lethe_close(lethe_db* db);

/* Called once per result row by lethe_exec: the cells as text (NULL for a NULL cell) and the
 * column names. A nonzero return stops lethe_exec with LETHE_ABORT. */
typedef int (*lethe_callback)(void* arg, int ncol, char** values, char** names);

/* Runs every statement of `sql` in turn, stopping at the first failure (statements before it
 * stay done). On failure, when errmsg is not NULL, *errmsg is a copy of the message to be
 * released with lethe_free(); on success *errmsg is set to NULL. */
LETHE_API int lethe_exec(lethe_db* db, const char* sql, lethe_callback callback, void* arg, char** errmsg);

/* Releases memory the API handed out (lethe_exec's errmsg). NULL is ignored. */
LETHE_API void lethe_free(void* p);

/* Parses the first statement of sql (nbyte < 0: up to the NUL; otherwise at most nbyte
 * bytes). The final ';' may be left out. *stmt is NULL when the text holds no statement
 * (only whitespace and comments). When tail is not NULL, *tail points just past the
 * statement's ';', where the next lethe_prepare may start. Nothing runs until lethe_step. */
LETHE_API int lethe_prepare(lethe_db* db, const char* sql, int nbyte, lethe_stmt** stmt, const char** tail);

/* The first step runs the statement (a FORGET computes here, for as long as it takes) and
 * returns LETHE_ROW for the first row, LETHE_DONE when there is none, or an error code. Later
 * steps move through the rows. After LETHE_DONE or an error, lethe_step returns the same code
 * again until lethe_reset: a statement never runs twice by accident. */
LETHE_API int lethe_step(lethe_stmt* stmt);

/* Forgets the result; the next lethe_step runs the statement again. */
LETHE_API int lethe_reset(lethe_stmt* stmt);

/* Releases the statement. lethe_finalize(NULL) is a harmless no-op; a handle already
 * finalized is LETHE_MISUSE. */
LETHE_API int lethe_finalize(lethe_stmt* stmt);

/* The result's shape, known once the statement has run (after the first lethe_step; 0 and
 * NULL before). Names stay valid until lethe_reset or lethe_finalize. */
LETHE_API int lethe_column_count(lethe_stmt* stmt);
LETHE_API const char* lethe_column_name(lethe_stmt* stmt, int column);

/* The current row's cells (after lethe_step returned LETHE_ROW). Conversions follow SQLite:
 * text of a number is its decimal form (reals at full, round-trip precision), a number of a
 * text is its leading numeric prefix (0 when none), NULL reads as 0 or NULL text. Text stays
 * valid until the next lethe_step, lethe_reset or lethe_finalize. Out of range, or no row:
 * LETHE_NULL / 0 / NULL. */
LETHE_API int lethe_column_type(lethe_stmt* stmt, int column);
LETHE_API const char* lethe_column_text(lethe_stmt* stmt, int column);
LETHE_API double lethe_column_double(lethe_stmt* stmt, int column);
LETHE_API int64_t lethe_column_int64(lethe_stmt* stmt, int column);

/* The connection's last failure: its code and message ("Binder Error: unknown model 'm'
 * ..."); LETHE_OK and "not an error" after a call that succeeded. The message stays valid
 * until the next call on the connection. A NULL or closed db gives LETHE_MISUSE and a
 * message saying so. */
LETHE_API int lethe_errcode(lethe_db* db);
LETHE_API const char* lethe_errmsg(lethe_db* db);
/* The English description of a code (a static string). */
LETHE_API const char* lethe_errstr(int code);

/* Asks the statement running on db to stop at its next batch; it then returns
 * LETHE_INTERRUPTED, writes nothing to the catalog, and db stays usable. Safe from any thread
 * and from a signal handler (it only sets an atomic flag). With no statement running it has
 * no effect: each statement starts with the flag cleared. */
LETHE_API void lethe_interrupt(lethe_db* db);

/* Progress of long operators (training, saliency, unlearning, evaluation): phase is the
 * operator ("train", "saliency", "salun", "evaluate", ...), done of total batches (total is 0
 * when unknown). Called on the thread running the statement; a nonzero return interrupts it,
 * as lethe_interrupt does. callback NULL removes the handler. */
typedef int (*lethe_progress_callback)(void* arg, const char* phase, int64_t done, int64_t total);
LETHE_API int lethe_progress_handler(lethe_db* db, lethe_progress_callback callback, void* arg);

#ifdef __cplusplus
}
#endif

#endif /* LETHE_H */
