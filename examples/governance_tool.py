"""governance_tool.c in Python through ctypes: a FORGET with a progress bar, its result read with
prepare/step, then a long FORGET cancelled from a timer thread. `make test` runs it:
python3 governance_tool.py path/to/liblethe.so CATALOG"""
import ctypes as C, sys, threading

lib = C.CDLL(sys.argv[1])  # handles stay c_void_p objects, so no argtypes are needed
lib.lethe_errmsg.restype = lib.lethe_column_name.restype = lib.lethe_column_text.restype = C.c_char_p
ROW, DONE, INTERRUPTED = 100, 101, 6
db = C.c_void_p()
assert lib.lethe_open(sys.argv[2].encode(), C.byref(db)) == 0, lib.lethe_errmsg(db)

def run(sql):  # -> (final code, rows as {column: text})
    stmt, rows = C.c_void_p(), []
    assert lib.lethe_prepare(db, sql.encode(), -1, C.byref(stmt), None) == 0, lib.lethe_errmsg(db)
    while (rc := lib.lethe_step(stmt)) == ROW:
        rows.append({lib.lethe_column_name(stmt, c).decode(): (lib.lethe_column_text(stmt, c) or b"NULL").decode()
                     for c in range(lib.lethe_column_count(stmt))})
    lib.lethe_finalize(stmt)
    return rc, rows

for sql in ("DROP MODEL clf IF EXISTS; DROP DATASET small IF EXISTS; DROP DATASET fm IF EXISTS;"
            "CREATE DATASET fm FROM BUILTIN 'fashion-mnist';"
            "CREATE DATASET small AS SUBSET OF fm WITH (train = 1000, test = 200, seed = 1);"
            "CREATE MODEL clf ARCH mlp ON small WITH (epochs = 2, lr = 0.05, batch_size = 64, seed = 1);").split(";")[:-1]:
    assert run(sql)[0] == DONE, lib.lethe_errmsg(db)
running, tty, last = threading.Event(), sys.stdout.isatty(), [None]
def progress(arg, phase, done, total):  # a progress bar: redrawn in place on a terminal, else a line per phase
    running.set()
    if total > 0 and (tty or phase != last[0]):
        print("\r" * tty + f"  {phase.decode():10} [{'#' * (20 * done // total):20}] {done}/{total}", end="\n" * (not tty), flush=True)
    last[0] = phase
    return 0  # nonzero would interrupt
callback = C.CFUNCTYPE(C.c_int, C.c_void_p, C.c_char_p, C.c_int64, C.c_int64)(progress)  # must outlive its use
lib.lethe_progress_handler(db, callback, None)
rc, rows = run("FORGET CLASS 'Sneaker' FROM clf USING salun WITH (epochs = 2, lr = 0.01) EVALUATE ua, ra, ta")
assert rc == DONE and len(rows) == 1, lib.lethe_errmsg(db)
print("\n" * tty + "forgot Sneaker:", {k: v for k, v in rows[0].items() if k in ("ua", "ra", "ta")})
versions = len(run("SHOW VERSIONS OF clf")[1])
running.clear()  # the timer interrupts 0.5 s after the long FORGET starts reporting progress
threading.Thread(target=lambda: (running.wait(), threading.Event().wait(0.5), lib.lethe_interrupt(db))).start()
rc, _ = run("FORGET CLASS 'Sneaker' FROM clf USING retrain WITH (epochs = 1000)")
assert rc == INTERRUPTED, (rc, lib.lethe_errmsg(db))
print("\n" * tty + f"cancelled: {lib.lethe_errmsg(db).decode()}")
assert len(run("SHOW VERSIONS OF clf")[1]) == versions and run("SHOW MODELS")[0] == DONE
print(f"still {versions} versions of clf; the connection works")
lib.lethe_close(db)
