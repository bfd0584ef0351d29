/*
 * Price sheets for the dollar view (see pricing.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/xalloc.h"
#include "reporter/views/pricing.h"
#include "store/pricing_read.h"

__extension__ typedef unsigned __int128 u128;

bool pricing_parse_usd(const char *s, uint64_t *pico)
{
	uint64_t whole = 0, frac = 0;
	int digits = 0;
	const char *p = s;
	if (!*p)
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (whole > 1000000)
			return false;           // no price is a million dollars a token
		whole = whole * 10 + (uint64_t)(*p - '0');
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++) {
			if (digits < 12) {
				frac = frac * 10 + (uint64_t)(*p - '0');
				digits++;
			}
		}
	}
	if (*p || p == s)
		return false;
	for (; digits < 12; digits++)
		frac *= 10;
	*pico = whole * 1000000000000ull + frac;
	return true;
}

/* One sheet being read: its prices go in one by one. */
struct price_sheet_load {
	struct price_sheet *s;
	size_t cap;
};

static int add_price(void *ctx, const struct pricing_read_price *row)
{
	struct price_sheet_load *l = ctx;
	struct price_sheet *s = l->s;
	const char *model = row->model, *slug = row->canonical_slug;
	uint64_t prompt, completion;
	if (!pricing_parse_usd(row->prompt, &prompt) ||
	    !pricing_parse_usd(row->completion, &completion))
		return 0;       // "-1" (variable pricing), "": unpriced
	xgrow(&s->blend, &l->cap, s->n + 1, sizeof *s->blend);
	s->paid = xrealloc(s->paid, l->cap * sizeof *s->paid);
	size_t i = s->n++;
	s->blend[i] = PRICING_BLEND_PROMPT * prompt + completion;
	s->paid[i] = !strchr(model, ':');
	strmap_put(&s->by_id, model, strlen(model), (int64_t)i);
	int64_t old;
	// Paid and :free ids share a canonical slug; the slug means the paid one.
	if (*slug && (!strmap_get(&s->by_slug, slug, strlen(slug), &old) ||
	              (!s->paid[old] && s->paid[i])))
		strmap_put(&s->by_slug, slug, strlen(slug), (int64_t)i);
	return 0;
}

struct pricing_loader {
	struct pricing *p;
	struct store *st;
	size_t cap;
};

static int add_sheet(void *ctx, const struct pricing_read_snapshot *snap)
{
	struct pricing_loader *l = ctx;
	struct pricing *p = l->p;
	xgrow(&p->sheets, &l->cap, p->n + 1, sizeof *p->sheets);
	struct price_sheet *s = &p->sheets[p->n++];
	*s = (struct price_sheet){0};
	const char *day = snap->taken_on;
	snprintf(s->taken_on, sizeof s->taken_on, "%s", day);
	if (!date_parse(day, strlen(day), &s->day))
		return -1;
	struct price_sheet_load sl = {.s = s};
	return pricing_read_prices(l->st, snap->id, add_price, &sl);
}

int pricing_load(struct pricing *p, struct store *st)
{
	*p = (struct pricing){0};
	struct pricing_loader l = {.p = p, .st = st};
	int err = pricing_read_snapshots(st, add_sheet, &l);
	if (err)
		pricing_finish(p);
	return err;
}

void pricing_finish(struct pricing *p)
{
	for (size_t i = 0; i < p->n; i++) {
		strmap_finish(&p->sheets[i].by_id);
		strmap_finish(&p->sheets[i].by_slug);
		free(p->sheets[i].blend);
		free(p->sheets[i].paid);
	}
	free(p->sheets);
	*p = (struct pricing){0};
}

const struct price_sheet *pricing_sheet_at(const struct pricing *p, int32_t day)
{
	const struct price_sheet *found = NULL;
	for (size_t i = 0; i < p->n && p->sheets[i].day <= day; i++)
		found = &p->sheets[i];
	return found;
}

static bool lookup(const struct price_sheet *s, const char *name, size_t len, int64_t *i)
{
	return strmap_get(&s->by_slug, name, len, i) || strmap_get(&s->by_id, name, len, i);
}

bool pricing_cost(const struct price_sheet *s, const char *model, uint64_t tokens,
                  uint64_t *micro_usd)
{
	if (model[0] == '~')
		model++;
	const char *colon = strchr(model, ':');
	int64_t i;
	if (colon && strcmp(colon, ":free") == 0) {
		*micro_usd = 0;         // free variants are free
		return true;
	}
	if (!lookup(s, model, strlen(model), &i) &&
	    !(colon && lookup(s, model, (size_t)(colon - model), &i)))
		return false;
	// tokens * blend / (PRICING_BLEND_PROMPT + 1) pico-USD, in micro-USD.
	u128 pico4 = (u128)tokens * s->blend[i];
	u128 den = (u128)(PRICING_BLEND_PROMPT + 1) * 1000000u;
	*micro_usd = (uint64_t)((pico4 + den / 2) / den);
	return true;
}
