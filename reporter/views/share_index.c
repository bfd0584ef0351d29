/*
 * Finding share rows by period and group (see share_index.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "core/buf.h"
#include "reporter/views/share.h"
#include "reporter/views/share_index.h"

/* The key: the period's start day (4 bytes) then the group's name. */
static void make_key(struct buf *key, int32_t start, const char *group)
{
	key->len = 0;
	buf_append(key, &start, sizeof start);
	buf_append_str(key, group);
}

void share_index_build(struct share_index *ix, const struct share_table *t)
{
	*ix = (struct share_index){.t = t};
	struct buf key = {0};
	for (size_t i = 0; i < t->n_rows; i++) {
		int32_t start = t->rows[i].period.start;
		make_key(&key, start, t->rows[i].group);
		int64_t first;
		if (!strmap_get(&ix->rows, key.data, key.len, &first))  // the first row wins
			strmap_put(&ix->rows, key.data, key.len, (int64_t)i);
		strmap_put(&ix->periods, (const char *)&start, sizeof start, 1);
	}
	buf_finish(&key);
}

void share_index_finish(struct share_index *ix)
{
	strmap_finish(&ix->rows);
	strmap_finish(&ix->periods);
}

const struct share_row *share_index_find(const struct share_index *ix, int32_t start,
                                         const char *group)
{
	struct buf key = {0};
	make_key(&key, start, group);
	int64_t i;
	bool found = strmap_get(&ix->rows, key.data, key.len, &i);
	buf_finish(&key);
	return found ? &ix->t->rows[i] : NULL;
}

bool share_index_has_period(const struct share_index *ix, int32_t start)
{
	int64_t one;
	return strmap_get(&ix->periods, (const char *)&start, sizeof start, &one);
}
