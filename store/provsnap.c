/*
 * Provider snapshots (see provsnap.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/embedded.h"
#include "core/log.h"
#include "core/sha256.h"
#include "core/xalloc.h"
#include "store/provsnap.h"
#include "store/store.h"

static const char *str_or_empty(json_t *v)
{
	return json_is_string(v) ? json_string_value(v) : "";
}

int provsnap_store(struct store *st, const char *json, size_t len, const char *taken_on,
                   const char *origin)
{
	json_error_t err;
	json_t *root = json_loadb(json, len, 0, &err);
	json_t *data = json_object_get(root, "data");
	if (!json_is_array(data)) {
		log_error("%s: not a /providers response (line %d: %s)", origin, err.line,
		          root ? "no \"data\" array" : err.text);
		json_decref(root);
		return -1;
	}
	char hash[SHA256_HEX_LEN + 1];
	sha256_hex(json, len, hash);
	sqlite3_stmt *snap = store_prepare(st,
		"INSERT INTO provider_snapshot (taken_on, origin, sha256) VALUES (?1, ?2, ?3) "
		"ON CONFLICT (sha256) DO NOTHING RETURNING id");
	sqlite3_stmt *row = store_prepare(st,
		"INSERT OR REPLACE INTO provider_entity (snapshot_id, slug, name, headquarters, "
		"datacenters) VALUES (?1, ?2, ?3, ?4, ?5)");
	int rc = -1;
	if (!snap || !row)
		goto done;
	store_bind_text(snap, 1, taken_on);
	store_bind_text(snap, 2, origin);
	store_bind_text(snap, 3, hash);
	int step = sqlite3_step(snap);
	if (step == SQLITE_DONE) {
		rc = 1;     // the same snapshot is stored already
		goto done;
	}
	if (step != SQLITE_ROW) {
		store_fail(st, "cannot store a provider snapshot");
		goto done;
	}
	int64_t id = sqlite3_column_int64(snap, 0);
	sqlite3_reset(snap);
	size_t i;
	json_t *p;
	json_array_foreach(data, i, p) {
		const char *slug = str_or_empty(json_object_get(p, "slug"));
		if (!*slug)
			continue;
		struct buf dc = {0};
		size_t k;
		json_t *c;
		json_array_foreach(json_object_get(p, "datacenters"), k, c) {
			if (json_is_string(c))
				buf_printf(&dc, "%s%s", dc.len ? "," : "", json_string_value(c));
		}
		sqlite3_bind_int64(row, 1, id);
		store_bind_text(row, 2, slug);
		store_bind_text(row, 3, str_or_empty(json_object_get(p, "name")));
		store_bind_text(row, 4, str_or_empty(json_object_get(p, "headquarters")));
		store_bind_text(row, 5, dc.data ? dc.data : "");
		step = sqlite3_step(row);
		sqlite3_reset(row);
		buf_finish(&dc);
		if (step != SQLITE_DONE) {
			store_fail(st, "cannot store a provider");
			goto done;
		}
	}
	rc = 0;
done:
	sqlite3_finalize(snap);
	sqlite3_finalize(row);
	json_decref(root);
	return rc;
}

int provsnap_ensure(struct store *st)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT count(*) FROM provider_snapshot");
	if (!q)
		return -1;
	int64_t n = store_int(st, q, "cannot count the provider snapshots");
	if (n != 0)
		return n < 0 ? -1 : 0;
	const struct embedded_file *f =
		embedded_find(embedded_reference, embedded_reference_count, PROVSNAP_BUILTIN_FILE);
	if (!f) {
		log_error("the built-in provider snapshot is missing from this binary");
		return -1;
	}
	return provsnap_store(st, f->data, f->len, PROVSNAP_BUILTIN_DATE, "built-in") < 0 ? -1 : 0;
}

static void lower_key(const char *s, char *out, size_t n)
{
	size_t i = 0;
	for (; s[i] && i + 1 < n; i++)
		out[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	out[i] = '\0';
}

int provsnap_load(struct provsnap *ps, struct store *st)
{
	*ps = (struct provsnap){0};
	sqlite3_stmt *q = store_prepare(st,
		"SELECT s.taken_on, s.origin, e.slug, e.name, e.headquarters, e.datacenters "
		"FROM provider_snapshot s LEFT JOIN provider_entity e ON e.snapshot_id = s.id "
		"WHERE s.id = (SELECT id FROM provider_snapshot ORDER BY taken_on DESC, id DESC "
		"LIMIT 1) ORDER BY e.slug");
	if (!q)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (!ps->origin) {
			snprintf(ps->taken_on, sizeof ps->taken_on, "%s", store_column_text(q, 0));
			ps->origin = xstrdup(store_column_text(q, 1));
		}
		if (sqlite3_column_type(q, 2) == SQLITE_NULL)
			continue;
		xgrow(&ps->rows, &cap, ps->n + 1, sizeof *ps->rows);
		struct provider_entity *e = &ps->rows[ps->n];
		*e = (struct provider_entity){
			xstrdup(store_column_text(q, 2)), xstrdup(store_column_text(q, 3)),
			xstrdup(store_column_text(q, 4)), xstrdup(store_column_text(q, 5)),
		};
		char key[128];
		lower_key(e->slug, key, sizeof key);
		strmap_put(&ps->by_slug, key, strlen(key), (int64_t)ps->n);
		lower_key(e->name, key, sizeof key);
		strmap_put(&ps->by_name, key, strlen(key), (int64_t)ps->n);
		ps->n++;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		provsnap_finish(ps);
		return store_fail(st, "cannot read the provider snapshot");
	}
	return 0;
}

void provsnap_finish(struct provsnap *ps)
{
	for (size_t i = 0; i < ps->n; i++) {
		free(ps->rows[i].slug);
		free(ps->rows[i].name);
		free(ps->rows[i].headquarters);
		free(ps->rows[i].datacenters);
	}
	free(ps->rows);
	free(ps->origin);
	strmap_finish(&ps->by_slug);
	strmap_finish(&ps->by_name);
	*ps = (struct provsnap){0};
}

const struct provider_entity *provsnap_find(const struct provsnap *ps, const char *slug_or_name)
{
	char key[128];
	lower_key(slug_or_name, key, sizeof key);
	int64_t i;
	if (strmap_get(&ps->by_slug, key, strlen(key), &i) ||
	    strmap_get(&ps->by_name, key, strlen(key), &i))
		return &ps->rows[i];
	return NULL;
}
