/*
 * golden_lib.h - what the console's screen tests share: curses opened
 * off-screen (newterm on /dev/null, monochrome, ASCII lines), a frame
 * drawn by the app read back as text, and its comparison with committed
 * golden text tests/golden/NAME.txt.
 *
 * EDGENET_REGEN_GOLDEN=1 rewrites the golden files instead of comparing
 * (review with `git diff tests/golden`); a mismatch leaves NAME.actual in
 * the build directory and prints both versions in the test log.
 * Used by test_screens.c and test_apply_screens.c (cmocka tests).
 */
#ifndef EDGENET_TESTS_GOLDEN_LIB_H
#define EDGENET_TESTS_GOLDEN_LIB_H

#include "core/policy.h"
#include "ui/app.h"

/* $top_srcdir, or "." */
const char *golden_srcdir(void);

/* Loads policy.cfg from $EDGENET_DATADIR or the source tree's data/. */
int golden_policy_load(struct policy *pol);

/* Curses on /dev/null at ROWS x COLS; golden_close undoes it. */
int golden_open(int rows, int cols);
void golden_close(void);

/* A's whole frame at ROWS x COLS as text, one line per row, trailing
 * blanks cut (malloc'ed). */
char *golden_frame(struct app *a, int rows, int cols);

/* Writes TEXT to PATH (fails the test when it cannot). */
void golden_write_file(const char *path, const char *text);

/* Compares A's frame at ROWS x COLS with tests/golden/NAME.txt. */
void golden_check(struct app *a, const char *name, int rows, int cols);

/* Every blank-separated word of WANT is in FRAME, in order (its lines
 * joined): WANT is shown whole, not cut.  Fails the test otherwise. */
void golden_assert_whole(const char *frame, const char *want);

/* Scans the golden screens (tests/golden, NAME.txt) drawn at 80x24 for text cut at the right
 * edge (a letter or digit in the last column) and for an ellipsis
 * (shortened text) outside the header whose value the screen does not
 * also show whole; returns the number of findings (printed).  ALLOW:
 * "NAME.txt:LINE" entries left out (a list row shortened because it is
 * not the selected one), NULL-terminated. */
int golden_scan_cuts(const char *const *allow);

#endif
