/*
 * probe_fmt.h - the little formatting that the probes' verdicts
 * (probe_verdict.c), words (probe_words.c) and JSON (probe_json.c) share:
 * times, the NIC and switch a target concerns, lists.  Internal to those
 * three.  Pure C.
 */
#ifndef EDGENET_PROBE_FMT_H
#define EDGENET_PROBE_FMT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/plan.h"
#include "core/probe_plan.h"
#include "core/probe_verdict.h"

#define PROBE_LIST_MAX 512

/* US microseconds as "0.4 ms" (below 10 ms) or "12 ms"; "?" unknown. */
const char *probe_ms_text(long long us, char *buf, size_t len);
/* MS milliseconds in words, "1000 ms" or "3.0 s" from 1 s. */
const char *probe_wait_text(int ms, char *buf, size_t len);
/* S, or DFLT when S is NULL or "". */
const char *probe_or_text(const char *s, const char *dflt);
/* The plan's switch of target T (and its index), or NULL. */
const struct plan_switch *probe_target_switch(const struct plan *p,
					      const struct probe_target *t,
					      size_t *index);
/* The name of T's NIC, or NULL. */
const char *probe_nic_name(const struct plan *p, const struct probe_target *t);
/* "NIC eth0" or "the NIC" for messages. */
const char *probe_nic_label(const struct plan *p,
			    const struct probe_target *t, char *buf,
			    size_t len);
/* Appends S to a ", "-separated list in BUF. */
void probe_list_add(char *buf, size_t len, const char *s);
/* "ok", "warning", "error"; NULL for PROBE_LEVEL_NONE. */
const char *probe_level_name(enum probe_level v);

#endif
