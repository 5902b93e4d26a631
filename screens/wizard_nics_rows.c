/*
 * wizard_nics_rows.c - the rows of the wizard's NICs step (see
 * wizard_nics.c): one per NIC (its switch, address and metric, marked
 * when a finding stands on it), and the findings listed under them
 * (what plan_validate says about default routes, then about the
 * selected NIC and its switch, by their fields' labels).  Reads the
 * working plan and its diagnostics; writes only the step's widgets.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/describe.h"
#include "screens/wizard_nics.h"
#include "tui/widget.h"
#include "ui/app.h"
#include "ui/wizard.h"

/* Route findings: diagnostics about the NIC set and its priorities. */
static bool route_path(const char *path)
{
	const char *dot;

	if (strcmp(path, WP_NICS) == 0)
		return true;
	if (strncmp(path, "nics[", 5) != 0 || !(dot = strchr(path, '.')))
		return false;
	return strcmp(dot, ".metric") == 0 || strcmp(dot, ".primary") == 0 ||
	       strcmp(dot, ".offline") == 0;
}

/* A diagnostic about NIC I itself (not its route) or about the switch
 * it is on, whose row carries the '!' mark: it is shown in words while
 * the NIC is selected. */
static bool nic_path(const struct app *a, const char *path, size_t i)
{
	char pre[DIAG_PATH_MAX];
	size_t n;

	n = (size_t)snprintf(pre, sizeof(pre), WP_NIC, i);
	if (strncmp(path, pre, n) == 0 &&
	    (path[n] == '\0' || path[n] == '.') && !route_path(path))
		return true;
	for (size_t k = 0; i < a->work.nnics && k < a->work.nswitches; k++) {
		if (strcmp(a->work.switches[k].name,
			   a->work.nics[i].switch_name) != 0)
			continue;
		n = (size_t)snprintf(pre, sizeof(pre), "switches[%zu].", k);
		return strncmp(path, pre, n) == 0;
	}
	return false;
}

void wizard_nics_rows(struct screen *s)
{
	struct nics *p = s->priv;
	struct app *a = s->app;
	char buf[WIDGET_ROW_LEN], path[DIAG_PATH_MAX], addr[64], metric[48];
	char mfull[48], full[WIDGET_ROW_LEN + 64];

	widget_clear_rows(&p->list);
	for (size_t i = 0; i < a->work.nnics; i++) {
		const struct plan_nic *n = &a->work.nics[i];
		const struct plan_switch *sw = plan_find_switch(&a->work,
								n->switch_name);
		const struct diag *d;
		char swtext[PLAN_NAME_MAX + 16], c1[48], c2[96], c3[48];

		snprintf(path, sizeof(path), WP_NIC, i);
		d = diag_find_under(&a->diags, path);
		for (size_t j = 0; j < a->diags.count; j++) {
			const struct diag *x = &a->diags.items[j];

			if (x->severity == DIAG_ERROR &&
			    ((d && strncmp(x->path, path, strlen(path)) == 0) ||
			     (nic_path(a, x->path, i) &&
			      strncmp(x->path, "switches[", 9) == 0)))
				d = x;
		}
		if (n->mode == IP_STATIC && n->has_prefix)
			snprintf(addr, sizeof(addr), "%s/%d", n->address,
				 n->prefix);
		else if (n->mode == IP_STATIC)
			snprintf(addr, sizeof(addr), "%s/?", n->address);
		else
			ui_copy(addr, sizeof(addr),
				n->mode == IP_DHCP ? "dhcp" : "-");
		snprintf(swtext, sizeof(swtext), "%s (%s)", n->switch_name,
			 sw && plan_switch_type_name(sw->type) ?
			 plan_switch_type_name(sw->type) : "?");
		/* the metric in effect, or what was typed when that is not
		 * a number (the row is marked); a cell too narrow ends in an
		 * ellipsis; the selected row is shown whole under the list */
		if (i < PLAN_MAX_NICS && p->metric_bad[i][0]) {
			snprintf(mfull, sizeof(mfull), "\"%s\" (not a number)",
				 p->metric_bad[i]);
			if (ui_width(p->metric_bad[i]) > 6)
				ui_cell(metric, sizeof(metric),
					p->metric_bad[i], 6);
			else
				snprintf(metric, sizeof(metric), "%6s",
					 p->metric_bad[i]);
		} else {
			snprintf(mfull, sizeof(mfull), "%lld",
				 plan_nic_metric(&a->work, i));
			snprintf(metric, sizeof(metric), "%6s", mfull);
		}
		snprintf(buf, sizeof(buf), "%c%zu %s %s %-17s %s %s %s",
			 d && d->severity == DIAG_ERROR ? '!' : ' ', i + 1,
			 ui_cell(c1, sizeof(c1), n->name, 6),
			 ui_cell(c2, sizeof(c2), swtext, 18),
			 n->mac[0] ? n->mac : "(generated)",
			 ui_cell(c3, sizeof(c3), addr, 15), metric,
			 n->offline ? "offline" : n->primary ? "primary" : "");
		widget_add_row(&p->list, buf, d && d->severity == DIAG_ERROR);
		snprintf(full, sizeof(full), "NIC %.40s on switch %.60s, "
			 "%.20s, metric %s%s", n->name, swtext, addr, mfull,
			 n->offline ? ", offline" : n->primary ? ", primary" :
			 "");
		widget_set_row_full(&p->list, p->list.nrows - 1, full);
	}
}

void wizard_nics_findings(struct screen *s)
{
	struct nics *p = s->priv;
	struct app *a = s->app;
	char buf[WIDGET_ROW_LEN * 4], field[DIAG_PATH_MAX + PLAN_NAME_MAX];
	int width = p->wrap_w > 20 ? p->wrap_w : 72;
	size_t sel = (size_t)(p->list.sel < 0 ? 0 : p->list.sel);
	bool has_sel = sel < a->work.nnics;

	widget_clear_rows(&p->findings);
	if (has_sel)
		snprintf(p->findings.header, sizeof(p->findings.header),
			 "Default routes, and NIC %.*s", PLAN_NAME_MAX,
			 a->work.nics[sel].name);
	else
		snprintf(p->findings.header, sizeof(p->findings.header),
			 "Default routes");
	p->route_error = false;
	for (size_t j = 0; j < a->diags.count; j++) {
		const struct diag *d = &a->diags.items[j];
		bool route = route_path(d->path);
		int n;

		if (!route && !(has_sel && nic_path(a, d->path, sel)))
			continue;
		if (route && d->severity == DIAG_ERROR)
			p->route_error = true;
		snprintf(buf, sizeof(buf), "%s %s: %s",
			 d->severity == DIAG_ERROR ? "error" : "warning",
			 plan_field_label(&a->work, d->path, field,
					  sizeof(field)),
			 d->message ? d->message : "");
		/* wrapped into rows */
		n = (int)strlen(buf);
		for (int off = 0; off < n;) {
			int take = n - off < width ? n - off : width;

			if (off + take < n)
				while (take > 10 && buf[off + take] != ' ')
					take--;
			{
				char row[WIDGET_ROW_LEN];

				snprintf(row, sizeof(row), "%s%.*s",
					 off ? "  " : "", take, buf + off);
				widget_add_row(&p->findings, row,
					       d->severity == DIAG_ERROR);
			}
			off += take;
			while (buf[off] == ' ')
				off++;
		}
	}
	if (p->findings.nrows == 0)
		widget_add_row(&p->findings, "Route priorities are fine: one "
			       "NIC wins the default route, no ties.", false);
	p->findings.height = p->findings.nrows < 6 ? p->findings.nrows : 6;
}
