/*
 * Computing the share table (see share.h). A reader (facts.c) turns stored
 * data into facts (local day, model, provider, value); facts are summed per
 * period and model/provider pair; each period is then ranked (press
 * method), labelled by group and turned into rows.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/log.h"
#include "core/num.h"
#include "core/strmap.h"
#include "core/tz.h"
#include "core/xalloc.h"
#include "mapping/refdata.h"
#include "reporter/views/display.h"
#include "reporter/views/facts.h"
#include "reporter/views/labels.h"
#include "reporter/views/pricing.h"
#include "reporter/views/share.h"
#include "reporter/views/share_acc.h"
#include "store/mapping_store.h"
#include "store/provsnap.h"

/* A table being built: the sums of its facts, and the scratch of the top N. */
struct builder {
	const struct share_query *q;
	struct share_table *t;
	struct share_acc acc;
	uint64_t *model_sums;           // scratch of the top N: per model, zero between uses
	size_t cap_model_sums;
};

/* The facts' sink: each fact into the sums. */
static void add_fact(void *ctx, int32_t day, uint32_t model, uint32_t provider, uint64_t value)
{
	share_acc_add(ctx, day, model, provider, value);
}

struct model_sum {
	uint32_t model;
	uint64_t value;
	const char *name;       // for the tie-break
};

/* Press-method order: largest first, ties by name. */
static int cmp_model_rank(const void *a, const void *b)
{
	const struct model_sum *x = a, *y = b;
	if (x->value != y->value)
		return x->value > y->value ? -1 : 1;
	return strcmp(x->name, y->name);
}

struct group_sum {
	const char *group;
	uint64_t value;
};

static int cmp_group(const void *a, const void *b)
{
	const struct group_sum *x = a, *y = b;
	if (x->value != y->value)
		return x->value > y->value ? -1 : 1;
	return strcmp(x->group, y->group);
}

/* Sums of a period per group: the list, and where each group is in it. */
struct group_list {
	struct group_sum *v;
	size_t n, cap;
	struct strmap index;    // group -> position in v
};

static void add_to_group(struct group_list *g, const char *group, uint64_t value)
{
	int64_t at;
	size_t len = strlen(group);
	if (strmap_get(&g->index, group, len, &at)) {
		g->v[at].value += value;        // bounded by the period's total
		return;
	}
	strmap_put(&g->index, group, len, (int64_t)g->n);
	xgrow(&g->v, &g->cap, g->n + 1, sizeof *g->v);
	g->v[g->n++] = (struct group_sum){group, value};
}

/* The heap of the top N so far: its root is the weakest of them. */
static bool weaker(const struct model_sum *x, const struct model_sum *y)
{
	return cmp_model_rank(x, y) > 0;
}

static void sift_down(struct model_sum *h, size_t n, size_t i)
{
	for (;;) {
		size_t w = i, l = 2 * i + 1, r = l + 1;
		if (l < n && weaker(&h[l], &h[w]))
			w = l;
		if (r < n && weaker(&h[r], &h[w]))
			w = r;
		if (w == i)
			return;
		struct model_sum t = h[i];
		h[i] = h[w];
		h[w] = t;
		i = w;
	}
}

/*
 * The models of a period inside the top N (by value, then name): a flag per
 * model. Linear in the period's pairs (a router log's clients choose how
 * many models there are): sums per model in the builder's scratch array,
 * then the N best kept in a heap.
 */
static bool *top_models(struct builder *b, const struct share_period_acc *acc,
                        const struct dims *dims, unsigned top)
{
	bool *inside = xcalloc(dims->n_models + 1, sizeof *inside);
	if (b->cap_model_sums < dims->n_models + 1) {
		free(b->model_sums);
		b->cap_model_sums = dims->n_models + 1;
		b->model_sums = xcalloc(b->cap_model_sums, sizeof *b->model_sums);
	}
	uint64_t *sum = b->model_sums;          // all zero between calls
	uint32_t *touched = xmalloc((acc->n + 1) * sizeof *touched);
	size_t n = 0;
	for (size_t i = 0; i < acc->cap; i++) {
		const struct share_pair_sum *p = &acc->pairs[i];
		if (p->key == UINT64_MAX)
			continue;
		uint32_t model = (uint32_t)(p->key >> 32);
		if (strcmp(dims->models[model], REFDATA_OTHER_MODEL) == 0)
			continue;   // the long tail is never one of the top N
		if (!sum[model] && !inside[model]) {
			touched[n++] = model;
			inside[model] = true;   // "listed"; reset below
		}
		sum[model] += p->value;
	}
	struct model_sum *heap = xmalloc(((size_t)top + 1) * sizeof *heap);
	size_t h = 0;
	for (size_t k = 0; k < n; k++) {
		uint32_t m = touched[k];
		struct model_sum x = {m, sum[m], dims->models[m]};
		sum[m] = 0;
		inside[m] = false;
		if (h < top) {
			heap[h++] = x;
			if (h == top) {
				for (size_t i = h / 2; i-- > 0;)
					sift_down(heap, h, i);
			}
		} else if (weaker(&heap[0], &x)) {
			heap[0] = x;
			sift_down(heap, h, 0);
		}
	}
	for (size_t k = 0; k < h; k++)
		inside[heap[k].model] = true;
	free(heap);
	free(touched);
	return inside;
}

static void close_period(struct builder *b, struct share_period_acc *acc, struct labeler *lab,
                         const char *outside, size_t *cap_rows, size_t *cap_missing,
                         size_t *cap_partial)
{
	struct share_table *t = b->t;
	bool *inside = b->q->top ? top_models(b, acc, lab->dims, b->q->top) : NULL;
	struct group_list groups = {0};
	for (size_t i = 0; i < acc->cap; i++) {
		const struct share_pair_sum *p = &acc->pairs[i];
		if (p->key == UINT64_MAX)
			continue;
		uint32_t model = (uint32_t)(p->key >> 32), provider = (uint32_t)p->key;
		const char *group = inside && !inside[model] ? outside
		                                             : labeler_group(lab, model, provider);
		if (!share_group_kept(b->q->groups, group))
			group = SHARE_GROUP_REST;
		add_to_group(&groups, group, p->value);
	}
	free(inside);
	xqsort(groups.v, groups.n, sizeof *groups.v, cmp_group);
	// Days: the final, full days with data; live and truncated days are not.
	int days = 0;
	for (int32_t d = acc->p.start; d <= acc->p.end; d++) {
		days += share_acc_has_day(acc, d) &&
		        !share_day_listed(t->provisional_days, t->n_provisional, d) &&
		        !share_day_listed(t->incomplete_days, t->n_incomplete, d);
	}
	for (size_t i = 0; i < groups.n; i++) {
		xgrow(&t->rows, cap_rows, t->n_rows + 1, sizeof *t->rows);
		t->rows[t->n_rows++] = (struct share_row){
			.period = acc->p,
			.days = days,
			.group = xstrdup(groups.v[i].group),
			.name = b->q->names ? xstrdup(display_name(b->q->by, groups.v[i].group,
			                                           lab->rd)) : NULL,
			.value = groups.v[i].value,
			.share_e4 = num_share_e4(groups.v[i].value, acc->total),
		};
	}
	free(groups.v);
	strmap_finish(&groups.index);
	// Days of the period inside --from/--to that have no data.
	bool partial = days < period_length(&acc->p);
	for (int32_t d = acc->p.start; d <= acc->p.end; d++) {
		if (share_acc_has_day(acc, d))
			continue;
		partial = true;
		if (d < b->q->from || d > b->q->to)
			continue;
		xgrow(&t->missing_days, cap_missing, t->n_missing + 1, sizeof *t->missing_days);
		t->missing_days[t->n_missing++] = d;
	}
	if (partial) {
		xgrow(&t->partial_periods, cap_partial, t->n_partial + 1, sizeof *t->partial_periods);
		t->partial_periods[t->n_partial++] = xstrdup(acc->p.label);
	}
	t->n_days += (size_t)share_acc_day_count(acc);
}

static void build_rows(struct builder *b, struct labeler *lab)
{
	char outside[32];
	snprintf(outside, sizeof outside, SHARE_OUTSIDE_PREFIX "%u", b->q->top);
	size_t cap_rows = 0, cap_missing = 0, cap_partial = 0;
	for (size_t i = 0; i < b->acc.n_periods; i++)
		close_period(b, &b->acc.periods[i], lab, outside, &cap_rows, &cap_missing,
		             &cap_partial);
}

static void builder_finish(struct builder *b)
{
	free(b->model_sums);
	share_acc_finish(&b->acc);
}

int share_compute(struct store *st, const struct share_query *q, struct share_table *out)
{
	*out = (struct share_table){.query = *q, .as_of_min = INT64_MAX, .as_of_max = INT64_MIN};
	out->rankings = strcmp(q->source, SHARE_SOURCE_RANKINGS) == 0;
	bool repriced = out->rankings && q->measure == MEASURE_COST && q->prices != PRICES_NONE;
	if (out->rankings && (share_by_needs_provider(q->by) ||
	                      (q->measure != MEASURE_TOKENS && !repriced))) {
		log_error("rankings count tokens per model only: --by %s and --measure %s need router "
		          "logs (--source)%s", share_by_name(q->by), share_measure_name(q->measure),
		          q->measure == MEASURE_COST ? ", or --prices DATE to reprice the tokens" : "");
		return -2;
	}
	if (q->prices != PRICES_NONE && !repriced) {
		log_error("--prices reprices rankings with --measure cost; router logs keep the cost "
		          "they were charged");
		return -2;
	}
	if (q->tz && !tz_select(q->tz)) {
		log_error("--tz %s: no such time zone (names are like Europe/Berlin or "
		          "Asia/Shanghai)", q->tz);
		return -2;
	}
	struct refdata rd;
	if (mapping_store_load(&rd, st, q->mapping) != 0)
		return -1;
	rd.known_at = q->known_at;
	struct provsnap ps = {0};
	if (share_by_needs_provider(q->by) && provsnap_load(&ps, st) != 0) {
		refdata_finish(&rd);
		return -1;
	}
	memcpy(out->mapping_version, rd.version, sizeof out->mapping_version);
	memcpy(out->mapping_sha256, rd.sha256, sizeof out->mapping_sha256);
	out->mapping_origin = xstrdup(rd.origin);
	snprintf(out->provider_snapshot, sizeof out->provider_snapshot, "%s", ps.taken_on);
	struct builder b = {.q = &out->query, .t = out, .acc = {.q = &out->query}};
	struct facts_sink sink = {add_fact, &b.acc};
	struct dims dims = {0};
	int err;
	if (out->rankings) {
		out->source_label = xstrdup(SHARE_SOURCE_RANKINGS);
		struct pricing pricing = {0};
		err = repriced ? pricing_load(&pricing, st) : 0;
		if (!err && repriced && q->prices != PRICES_EACH_DAY) {
			const struct price_sheet *s = pricing_sheet_at(&pricing, q->prices);
			if (!s) {
				char d[DATE_LEN + 1];
				date_format(q->prices, d);
				log_error("--prices %s: no price snapshot on or before that day (tokenshare "
				          "prices list; load one with prices load or poll models)", d);
				err = -2;
			} else {
				memcpy(out->price_sheet, s->taken_on, sizeof out->price_sheet);
			}
		}
		if (!err)
			err = facts_rankings(st, b.q, out, &dims, repriced ? &pricing : NULL, &sink);
		pricing_finish(&pricing);
	} else {
		err = facts_logs(st, b.q, out, &dims, &sink);
	}
	if (!err && b.acc.overflow) {
		log_error("a period's total does not fit in 64 bits");
		err = -1;
	}
	if (!err) {
		struct labeler lab;
		labeler_init(&lab, q->by, &rd, share_by_needs_provider(q->by) ? &ps : NULL, &dims);
		build_rows(&b, &lab);
		labeler_finish(&lab);
	}
	builder_finish(&b);
	dims_finish(&dims);
	provsnap_finish(&ps);
	refdata_finish(&rd);
	if (err)
		share_table_finish(out);
	return err;
}
