/* Built by the capi_install_pkgconfig test against the installed liblethe only. */
#include <lethe/lethe.h>
#include <stdio.h>
#include <string.h>

static int count_rows(void* arg, int ncol, char** values, char** names) {
  (void)ncol;
  (void)values;
  (void)names;
  ++*(int*)arg;
  return 0;
}

int main(void) {
  lethe_db* db = NULL;
  int rows = 0;
  char* error = NULL;
  if (lethe_open(":memory:", &db) != LETHE_OK) {
    fprintf(stderr, "open: %s\n", lethe_errmsg(db));
    return 1;
  }
  if (lethe_exec(db, "SHOW ARCHS;", count_rows, &rows, &error) != LETHE_OK || rows == 0) {
    fprintf(stderr, "exec: %s\n", error ? error : "no rows");
    lethe_free(error);
    return 1;
  }
  printf("liblethe %s: SHOW ARCHS gave %d rows\n", lethe_libversion(), rows);
  return lethe_close(db) == LETHE_OK && strlen(lethe_libversion()) > 0 ? 0 : 1;
}
