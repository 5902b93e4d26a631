/*
 * wizard_nics.h - what the files of the wizard's NICs step share and
 * nobody else: its state (struct nics) and the list's rows and findings
 * (wizard_nics_rows.c), for wizard_nics.c.  Screens layer.
 */
#ifndef EDGENET_SCREENS_WIZARD_NICS_H
#define EDGENET_SCREENS_WIZARD_NICS_H

#include <stdbool.h>

#include "core/plan.h"
#include "tui/widget.h"
#include "ui/app.h"

enum { NI_LIST = 1, NI_METRIC, NI_OFFLINE, NI_ADD, NI_EDIT, NI_REMOVE };

struct nics {
	struct form form;
	struct widget list, state_note, findings, metric, offline, add, edit,
		      remove, back, next;
	char metric_label[48];
	char offline_label[48];
	bool route_error;	/* an error about routes stands */
	int wrap_w;		/* columns for the findings */
	/* per NIC, a metric typed that is not a number ("" when none):
	 * kept as typed (shown again when that NIC is selected) until it
	 * is fixed or the NIC list changes */
	char metric_bad[PLAN_MAX_NICS][16];
};

/* The NIC list's rows from the working plan, each flagged when a
 * finding stands on it. */
void wizard_nics_rows(struct screen *s);
/* The findings under the list: the route findings, then the selected
 * NIC's (and its switch's), by their fields' labels. */
void wizard_nics_findings(struct screen *s);

#endif
