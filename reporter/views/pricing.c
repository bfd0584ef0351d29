/*
 * Price sheets for the dollar view (see pricing.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "store/store.h"
#include "core/xalloc.h"
#include "reporter/views/pricing.h"

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

static int load_sheet(struct store *st, int64_t id, struct price_sheet *s)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT model, canonical_slug, prompt, completion "
	                                "FROM model_price WHERE snapshot_id = ?1 ORDER BY model");
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *model = store_column_text(q, 0), *slug = store_column_text(q, 1);
		uint64_t prompt, completion;
		if (!pricing_parse_usd(store_column_text(q, 2), &prompt) ||
		    !pricing_parse_usd(store_column_text(q, 3), &completion))
			continue;       // "-1" (variable pricing), "": unpriced
		xgrow(&s->blend, &cap, s->n + 1, sizeof *s->blend);
		s->paid = xrealloc(s->paid, cap * sizeof *s->paid);
		size_t i = s->n++;
		s->blend[i] = PRICING_BLEND_PROMPT * prompt + completion;
		s->paid[i] = !strchr(model, ':');
		strmap_put(&s->by_id, model, strlen(model), (int64_t)i);
		int64_t old;
		// Paid and :free ids share a canonical slug; the slug means the paid one.
		if (*slug && (!strmap_get(&s->by_slug, slug, strlen(slug), &old) ||
		              (!s->paid[old] && s->paid[i])))
			strmap_put(&s->by_slug, slug, strlen(slug), (int64_t)i);
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "cannot read prices");
}

int pricing_load(struct pricing *p, struct store *st)
{
	*p = (struct pricing){0};
	sqlite3_stmt *q = store_prepare(st, "SELECT id, taken_on FROM model_snapshot "
	                                "ORDER BY taken_on");
	if (!q)
		return -1;
	size_t cap = 0;
	int rc, err = 0;
	while (!err && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		xgrow(&p->sheets, &cap, p->n + 1, sizeof *p->sheets);
		struct price_sheet *s = &p->sheets[p->n++];
		*s = (struct price_sheet){0};
		const char *day = store_column_text(q, 1);
		snprintf(s->taken_on, sizeof s->taken_on, "%s", day);
		if (!date_parse(day, strlen(day), &s->day))
			err = -1;
		else
			err = load_sheet(st, sqlite3_column_int64(q, 0), s);
	}
	if (!err && rc != SQLITE_DONE)
		err = store_fail(st, "cannot read the price snapshots");
	sqlite3_finalize(q);
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
