/*
 * diag_out.c - the one way the command line prints diagnostics as text:
 * "FILE:LINE: FIELD: SEVERITY: MESSAGE", one a line (see cli.h).
 * Touches only the stream it is given.
 */
#include "config.h"

#include <stdio.h>

#include "cli/cli.h"

void cli_print_diags(FILE *out, const char *file, const struct diag_list *d,
		     int only)
{
	for (size_t i = 0; i < d->count; i++) {
		const struct diag *x = &d->items[i];

		if (only >= 0 && x->severity != (enum diag_severity)only)
			continue;
		if (x->line > 0)
			fprintf(out, "%s:%d: ", file, x->line);
		else
			fprintf(out, "%s: ", file);
		fprintf(out, "%s: %s: %s\n", x->path[0] ? x->path : "(plan)",
			diag_severity_name(x->severity), x->message);
	}
}
