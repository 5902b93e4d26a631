/*
 * probe_fmt.c - the formatting the probes' verdicts, words and JSON
 * share (probe_fmt.h).  Times are written with integer arithmetic, so no
 * locale changes them.  Pure C.
 */
#include <stdio.h>
#include <string.h>

#include "core/probe_fmt.h"

/* US microseconds as "0.4 ms" (below 10 ms) or "12 ms"; "?" unknown. */
const char *probe_ms_text(long long us, char *buf, size_t len)
{
	if (us < 0) {
		snprintf(buf, len, "?");
	} else if (us < 9950) {
		long long tenths = (us + 50) / 100;

		snprintf(buf, len, "%lld.%lld ms", tenths / 10, tenths % 10);
	} else {
		snprintf(buf, len, "%lld ms", (us + 500) / 1000);
	}
	return buf;
}

/* WAIT milliseconds in words, "1000 ms" or "3.0 s" from 1 s. */
const char *probe_wait_text(int ms, char *buf, size_t len)
{
	if (ms < 0)
		snprintf(buf, len, "the time allowed");
	else if (ms < 1000)
		snprintf(buf, len, "%d ms", ms);
	else
		snprintf(buf, len, "%d.%d s", ms / 1000, ms % 1000 / 100);
	return buf;
}

const char *probe_or_text(const char *s, const char *dflt)
{
	return s && s[0] ? s : dflt;
}

const struct plan_switch *probe_target_switch(const struct plan *p,
					       const struct probe_target *t,
					       size_t *index)
{
	if (!p || !t->network[0])
		return NULL;
	for (size_t i = 0; i < p->nswitches && i < PLAN_MAX_SWITCHES; i++)
		if (!strcmp(p->switches[i].name, t->network)) {
			if (index)
				*index = i;
			return &p->switches[i];
		}
	return NULL;
}

const char *probe_nic_name(const struct plan *p, const struct probe_target *t)
{
	if (p && t->nic < p->nnics && t->nic < PLAN_MAX_NICS &&
	    p->nics[t->nic].name[0])
		return p->nics[t->nic].name;
	return NULL;
}

/* "NIC eth0" or "the NIC" for messages. */
const char *probe_nic_label(const struct plan *p,
			     const struct probe_target *t, char *buf,
			     size_t len)
{
	const char *n = probe_nic_name(p, t);

	if (n)
		snprintf(buf, len, "NIC %s", n);
	else
		snprintf(buf, len, "the NIC");
	return buf;
}

/* Appends S to a ", "-separated list in BUF. */
void probe_list_add(char *buf, size_t len, const char *s)
{
	size_t l = strlen(buf);

	if (l >= len - 1)
		return;
	snprintf(buf + l, len - l, "%s%s", l ? ", " : "", s);
}

const char *probe_level_name(enum probe_level v)
{
	switch (v) {
	case PROBE_LEVEL_OK:
		return "ok";
	case PROBE_LEVEL_WARNING:
		return "warning";
	case PROBE_LEVEL_ERROR:
		return "error";
	case PROBE_LEVEL_NONE:
		break;
	}
	return NULL;
}
