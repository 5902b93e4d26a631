/*
 * fuzz_main.c - a plain main() for the libFuzzer harnesses in this
 * directory, so `make check` builds each harness and runs it over its
 * committed corpus without clang or libFuzzer.
 *
 * Arguments: files or directories of inputs; none means the corpus
 * $top_srcdir/tests/fuzz/corpus/FUZZ_CORPUS (FUZZ_CORPUS is given when
 * compiling).  Reads the inputs, touches nothing else.  Exit 0 when every
 * input ran (a crash is the failure), 1 when the corpus could not be read
 * or was empty.
 *
 * Built with ./configure --enable-fuzzing (EDGENET_LIBFUZZER), libFuzzer's
 * own main runs the harness; this file then only turns a run with no
 * argument into one pass over the committed corpus (see the end).
 */
#include "config.h"

#ifndef EDGENET_LIBFUZZER

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef FUZZ_CORPUS
#error "compile with -DFUZZ_CORPUS='\"name\"'"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f) {
		perror(path);
		return -1;
	}
	for (;;) {
		if (len == cap) {
			unsigned char *nb;

			cap = cap ? cap * 2 : 4096;
			nb = realloc(buf, cap);
			if (!nb) {
				fclose(f);
				free(buf);
				return -1;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, f);
		if (n == 0)
			break;
		len += n;
	}
	fclose(f);
	/* An exact-size copy, so a read past the input is caught by ASan. */
	{
		unsigned char *exact = malloc(len ? len : 1);

		if (!exact) {
			free(buf);
			return -1;
		}
		memcpy(exact, buf, len);
		free(buf);
		LLVMFuzzerTestOneInput(exact, len);
		free(exact);
	}
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every regular file of DIR, in name order; the count, or -1. */
static int run_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int count = 0;

	if (!d) {
		perror(dir);
		return -1;
	}
	while ((e = readdir(d))) {
		char *p;

		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **nn;

			cap = cap ? cap * 2 : 64;
			nn = realloc(names, cap * sizeof(*nn));
			if (!nn)
				break;
			names = nn;
		}
		if (asprintf(&p, "%s/%s", dir, e->d_name) < 0)
			break;
		names[n++] = p;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp);
	for (size_t i = 0; i < n; i++) {
		struct stat st;

		if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
			if (run_file(names[i]) < 0)
				count = -1;
			else if (count >= 0)
				count++;
		}
		free(names[i]);
	}
	free(names);
	return count;
}

int main(int argc, char **argv)
{
	const char *top = getenv("top_srcdir");
	char *dflt = NULL;
	int total = 0;

	if (argc < 2) {
		if (asprintf(&dflt, "%s/tests/fuzz/corpus/%s", top ? top : ".",
			     FUZZ_CORPUS) < 0)
			return 1;
	}
	for (int i = argc < 2 ? 0 : 1; i < (argc < 2 ? 1 : argc); i++) {
		const char *p = argc < 2 ? dflt : argv[i];
		struct stat st;
		int n;

		if (stat(p, &st) < 0) {
			perror(p);
			free(dflt);
			return 1;
		}
		n = S_ISDIR(st.st_mode) ? run_dir(p) : run_file(p) == 0 ? 1 : -1;
		if (n < 0) {
			free(dflt);
			return 1;
		}
		printf("# %s: %d inputs\n", p, n);
		total += n;
	}
	free(dflt);
	if (total == 0) {
		printf("no inputs\n");
		return 1;
	}
	printf("ok - %d inputs ran through the harness\n", total);
	return 0;
}
#else
/*
 * libFuzzer provides main().  Run with no argument (as `make check`
 * runs every test in a --enable-fuzzing build) it would fuzz for ever:
 * then it is given "-runs=0" and the committed corpus instead, which it
 * runs once, as the plain main() above does.
 */
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static char runs[] = "-runs=0", corpus[4096];
	static char *args[4];
	const char *top = getenv("top_srcdir");

	if (*argc > 1)
		return 0;
	snprintf(corpus, sizeof(corpus), "%s/tests/fuzz/corpus/%s",
		 top ? top : ".", FUZZ_CORPUS);
	args[0] = (*argv)[0];
	args[1] = runs;
	args[2] = corpus;
	args[3] = NULL;
	*argc = 3;
	*argv = args;
	return 0;
}
#endif
