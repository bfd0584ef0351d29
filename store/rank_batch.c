/*
 * A rankings batch before it is stored (see rank_batch.h): freeing it, the
 * check for conflicting rows, the warnings about days that are not final.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "store/rank_batch.h"

void rank_batch_finish(struct rank_batch *b)
{
	for (size_t i = 0; i < b->n; i++)
		free(b->rows[i].model);
	free(b->rows);
	*b = (struct rank_batch){0};
}

static int cmp_row(const void *a, const void *b)
{
	const struct rank_row *x = a, *y = b;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	int c = strcmp(x->model, y->model);
	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static struct diag *diag_for(struct diag *diags, const char *const *files, size_t n,
                             const char *file)
{
	for (size_t i = 0; i < n; i++) {
		if (files[i] == file)
			return &diags[i];
	}
	return &diags[0];
}

size_t rank_batch_check(struct rank_batch *b, struct diag *diags, const char *const *files,
                        size_t n_files)
{
	xqsort(b->rows, b->n, sizeof *b->rows, cmp_row);
	size_t conflicts = 0;
	for (size_t i = 1; i < b->n; i++) {
		const struct rank_row *prev = &b->rows[i - 1], *cur = &b->rows[i];
		if (prev->day != cur->day || strcmp(prev->model, cur->model) != 0 ||
		    prev->tokens == cur->tokens)
			continue;
		char day[DATE_LEN + 1];
		date_format(cur->day, day);
		diag_add(diag_for(diags, files, n_files, cur->file), cur->line,
		         "%s %s has %llu tokens here but %llu at %s:%lu; ingest the two in "
		         "separate runs, older first, if one restates the other",
		         day, cur->model, (unsigned long long)cur->tokens,
		         (unsigned long long)prev->tokens, prev->file, prev->line);
		conflicts++;
	}
	return conflicts;
}

#define WARN_MAX 10             // day warnings printed per ingest

size_t rank_batch_warn_days(const struct rank_batch *b)
{
	size_t flagged = 0;
	for (size_t i = 0; i < b->n;) {
		size_t end = i, models = 0;
		bool other = false;
		int64_t as_of = RANK_AS_OF_UNKNOWN;
		const struct rank_row *r = &b->rows[i];         // the day's first line, for messages
		for (; end < b->n && b->rows[end].day == b->rows[i].day; end++) {
			if (b->rows[end].file == r->file && b->rows[end].line < r->line)
				r = &b->rows[end];
			if (end > i && strcmp(b->rows[end].model, b->rows[end - 1].model) == 0)
				continue;       // the same row given twice
			if (strcmp(b->rows[end].model, "other") == 0)
				other = true;
			else
				models++;
			if (b->rows[end].as_of > as_of)
				as_of = b->rows[end].as_of;
		}
		bool live = as_of != RANK_AS_OF_UNKNOWN && as_of < ((int64_t)r->day + 1) * 86400;
		if (live || !other || models < RANK_FULL_DAY_MODELS) {
			if (++flagged <= WARN_MAX) {
				char day[DATE_LEN + 1], when[TIMESTAMP_LEN + 1];
				date_format(r->day, day);
				if (live) {
					date_format_timestamp(as_of, when);
					log_warning("%s:%lu: %s is provisional: as of %s, before the day ended; "
					            "reports flag it until a later ingest of the full day "
					            "restates it", r->file, r->line, day, when);
				} else {
					log_warning("%s:%lu: %s is incomplete: %zu model rows (a full day has "
					            "%d)%s; stored, but not counted as a full day until a "
					            "complete copy restates it", r->file, r->line, day, models,
					            RANK_FULL_DAY_MODELS, other ? "" : " and no 'other' row");
				}
			}
		}
		i = end;
	}
	if (flagged > WARN_MAX)
		log_warning("%zu more days are provisional or incomplete", flagged - WARN_MAX);
	return flagged;
}
