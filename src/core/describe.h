/*
 * describe.h - a plan in plain words: what applying it will create or
 * change, one sentence per line, for the wizard's review and for any
 * other front end.  Pure C: reads the plan (and, when given, the host's
 * libvirt networks, to tell "use the existing network" from "create").
 */
#ifndef EDGENET_DESCRIBE_H
#define EDGENET_DESCRIBE_H

#include <stddef.h>

#include "host.h"
#include "plan.h"

/* Receives one line (NUL-terminated, no newline; "" separates parts). */
typedef void (*describe_emit_fn)(void *ctx, const char *line);

/* Describes P line by line through EMIT.  NETS may be NULL (unknown
 * host).  Returns the number of lines emitted. */
size_t plan_describe(const struct plan *p, const struct host_net_list *nets,
		     describe_emit_fn emit, void *ctx);

#endif
