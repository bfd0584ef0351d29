/*
 * A share against a chosen base period (see change_base.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/cli.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/num.h"
#include "core/strmap.h"
#include "core/xalloc.h"
#include "reporter/publish/output.h"
#include "reporter/views/change.h"
#include "reporter/views/change_base.h"
#include "reporter/views/share.h"

struct compared {
	const char *group, *name;       // name: --labels names, else NULL
	uint64_t base_value, now_value; // of the measure
	uint64_t base_share_e4, now_share_e4;   // 0.0001 %
	int64_t change_e4;              // now - base, 0.0001 percentage points
	bool pct_known;                 // the base value is not 0
	int64_t pct_e4;                 // the measure's change, 0.0001 %
};

int change_base_plan(struct change_base *b, const struct share_table *t, const char *base_label,
                     const char *cmd)
{
	b->t = t;
	if (!t->n_rows) {
		cli_usage_error(cmd, "no data in the range: nothing to compare");
		return -1;
	}
	// The compared period: with --to the last in range, else the last full one.
	const struct share_row *now = NULL;
	for (size_t i = t->n_rows; i-- > 0;) {
		const struct share_row *r = &t->rows[i];
		if (t->query.to != INT32_MAX || r->days == period_length(&r->period)) {
			now = r;
			break;
		}
	}
	if (!now) {
		cli_usage_error(cmd, "no full %s in the range to compare with (give --to)",
		                period_kind_name(t->query.period));
		return -1;
	}
	b->now = now->period;
	if (!base_label) {
		period_of(t->query.period, b->now.start - 1, &b->base);
	} else if (!period_parse_label(t->query.period, base_label, &b->base)) {
		cli_usage_error(cmd, "--base '%s' is not a %s of the report (--period %s: e.g. %s)",
		                base_label, period_kind_name(t->query.period),
		                period_kind_name(t->query.period), b->now.label);
		return -1;
	}
	if (b->base.start >= b->now.start) {
		cli_usage_error(cmd, "--base %s is not before the compared period %s", b->base.label,
		                b->now.label);
		return -1;
	}
	bool has = false;
	for (size_t i = 0; i < t->n_rows && !has; i++)
		has = t->rows[i].period.start == b->base.start;
	if (!has) {
		cli_usage_error(cmd, "the base period %s has no data in the range (see --from)",
		                b->base.label);
		return -1;
	}
	return 0;
}

/* The group's entry, added on first sight (seen: group -> index). */
static struct compared *entry(struct compared **v, size_t *n, size_t *cap, struct strmap *seen,
                              const char *group, const char *name)
{
	int64_t k;
	if (strmap_get(seen, group, strlen(group), &k))
		return &(*v)[k];
	strmap_put(seen, group, strlen(group), (int64_t)*n);
	xgrow(v, cap, *n + 1, sizeof **v);
	(*v)[*n] = (struct compared){.group = group, .name = name};
	return &(*v)[(*n)++];
}

/* Gainers first: the largest change, then by group. */
static int by_change(const void *a, const void *b)
{
	const struct compared *x = a, *y = b;
	if (x->change_e4 != y->change_e4)
		return x->change_e4 > y->change_e4 ? -1 : 1;
	return strcmp(x->group, y->group);
}

/* The groups of either period, by change; with gainers or losers only those. */
static struct compared *compare(const struct change_base *b, size_t *n)
{
	struct compared *v = NULL;
	size_t cap = 0;
	*n = 0;
	const struct share_table *t = b->t;
	struct strmap seen = {0};
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct share_row *r = &t->rows[i];
		bool base = r->period.start == b->base.start, now = r->period.start == b->now.start;
		if (!base && !now)
			continue;
		struct compared *c = entry(&v, n, &cap, &seen, r->group, r->name);
		if (base) {
			c->base_value = r->value;
			c->base_share_e4 = r->share_e4;
		} else {
			c->now_value = r->value;
			c->now_share_e4 = r->share_e4;
		}
	}
	strmap_finish(&seen);
	for (size_t i = 0; i < *n; i++) {
		v[i].change_e4 = (int64_t)v[i].now_share_e4 - (int64_t)v[i].base_share_e4;
		v[i].pct_known = v[i].base_value > 0;
		if (v[i].pct_known)
			v[i].pct_e4 = change_percent_e4(v[i].now_value, v[i].base_value);
	}
	if (*n)
		xqsort(v, *n, sizeof *v, by_change);
	if (!b->gainers && !b->losers)
		return v;
	// The N largest gains (above 0), then the N largest losses (below 0), most first.
	struct compared *kept = xcalloc(*n ? *n : 1, sizeof *kept);
	size_t k = 0;
	for (size_t i = 0; i < *n && k < b->gainers && v[i].change_e4 > 0; i++)
		kept[k++] = v[i];
	for (size_t i = *n, l = 0; i-- > 0 && l < b->losers && v[i].change_e4 < 0; l++)
		kept[k++] = v[i];
	free(v);
	*n = k;
	return kept;
}

static int write_csv(const struct change_base *b, const struct compared *c, size_t n, FILE *fp)
{
	const struct share_table *t = b->t;
	const char *col = share_measure_column(t->query.measure);
	char bs[DATE_LEN + 1], ns[DATE_LEN + 1];
	date_format(b->base.start, bs);
	date_format(b->now.start, ns);
	fprintf(fp, "group,%sbase_period,base_start,base_%s,base_share,period,start,%s,share,"
	        "share_change_pp,%s_change_pct\n", t->query.names ? "name," : "", col, col, col);
	for (size_t i = 0; i < n; i++) {
		char base_share[24], share[24], pp[32], pct[32];
		num_format_e4(c[i].base_share_e4, base_share);
		num_format_e4(c[i].now_share_e4, share);
		change_format_e4(true, c[i].change_e4, pp);
		change_format_e4(c[i].pct_known, c[i].pct_e4, pct);
		csv_write_text(fp, c[i].group);       // a log's model name may hold a comma
		if (t->query.names) {
			fputc(',', fp);
			csv_write_text(fp, c[i].name ? c[i].name : c[i].group);
		}
		fprintf(fp, ",%s,%s,%llu,%s,%s,%s,%llu,%s,%s,%s\n", b->base.label, bs,
		        (unsigned long long)c[i].base_value, base_share, b->now.label, ns,
		        (unsigned long long)c[i].now_value, share, pp, pct);
	}
	return ferror(fp) ? -1 : 0;
}

static json_t *period_json(const struct period *p)
{
	char start[DATE_LEN + 1], end[DATE_LEN + 1];
	date_format(p->start, start);
	date_format(p->end, end);
	return json_pack("{s:s, s:s, s:s}", "period", p->label, "start", start, "end", end);
}

static int write_json(const struct change_base *b, const struct compared *c, size_t n, FILE *fp)
{
	const struct share_table *t = b->t;
	const char *col = share_measure_column(t->query.measure);
	json_t *meta = share_json_meta(t);
	json_object_set_new(meta, "format", json_string("tokenshare-change-base"));
	json_object_set_new(meta, "base", period_json(&b->base));
	json_object_set_new(meta, "compared", period_json(&b->now));
	json_object_set_new(meta, "gainers", b->gainers ? json_integer(b->gainers) : json_null());
	json_object_set_new(meta, "losers", b->losers ? json_integer(b->losers) : json_null());
	json_object_set_new(meta, "change_rule", json_string(
		"share_change_pp: the share in the compared period minus the share in the base period "
		"(percentage points; a group absent from a period with data had 0); *_change_pct: "
		"the measure's change in percent; gainers: changes above 0, largest first; losers: "
		"below 0, largest loss first"));
	json_t *rows = json_array();
	for (size_t i = 0; i < n; i++) {
		char key[64];
		json_t *o = json_pack("{s:s}", "group", c[i].group);
		if (t->query.names)
			json_object_set_new(o, "name", json_string(c[i].name ? c[i].name : c[i].group));
		snprintf(key, sizeof key, "base_%s", col);
		json_object_set_new(o, key, json_integer((json_int_t)c[i].base_value));
		json_object_set_new(o, "base_share", json_real((double)c[i].base_share_e4 / 1e4));
		json_object_set_new(o, col, json_integer((json_int_t)c[i].now_value));
		json_object_set_new(o, "share", json_real((double)c[i].now_share_e4 / 1e4));
		json_object_set_new(o, "share_change_pp", json_real((double)c[i].change_e4 / 1e4));
		snprintf(key, sizeof key, "%s_change_pct", col);
		json_object_set_new(o, key, c[i].pct_known ? json_real((double)c[i].pct_e4 / 1e4)
		                                           : json_null());
		json_array_append_new(rows, o);
	}
	json_t *root = json_pack("{s:o, s:o}", "meta", meta, "rows", rows);
	int err = json_dumpf(root, fp, JSON_INDENT(2) | JSON_REAL_PRECISION(7));
	json_decref(root);
	fputc('\n', fp);
	return err || ferror(fp) ? -1 : 0;
}

int change_base_write(const void *job, FILE *fp)
{
	const struct change_base *b = job;
	size_t n;
	struct compared *c = compare(b, &n);
	int rc = b->json ? write_json(b, c, n, fp) : write_csv(b, c, n, fp);
	free(c);
	return rc;
}
