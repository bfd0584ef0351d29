/*
 * The parsing side of counting log records (see usage_intern.h): names to
 * local ids, request ids to keys, records to pending cells.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "store/usage_intern.h"

void usage_batch_clear(struct usage_batch *b)
{
	for (size_t i = 0; i < b->n_names; i++) {
		free(b->names[i].slug);
		free(b->names[i].permaslug);
	}
	b->n_names = 0;
	b->n_pending = 0;
}

void usage_batch_finish(struct usage_batch *b)
{
	usage_batch_clear(b);
	free(b->names);
	free(b->pending);
	*b = (struct usage_batch){0};
}

void usage_interner_init(struct usage_interner *in, const char *dataset, bool daily)
{
	*in = (struct usage_interner){.dataset = dataset, .daily = daily};
}

void usage_interner_finish(struct usage_interner *in)
{
	strmap_finish(&in->models);
	strmap_finish(&in->providers);
	strmap_finish(&in->daily_keys);
	*in = (struct usage_interner){0};
}

/* Local id of a name; a new one is announced in the batch. */
static uint32_t local_id(struct strmap *map, uint32_t *next, struct usage_batch *b,
                         bool provider, const char *key, size_t key_len, const char *slug,
                         size_t slug_len, const char *perma, size_t perma_len)
{
	int64_t id;
	if (strmap_get(map, key, key_len, &id))
		return (uint32_t)id;
	id = (*next)++;
	strmap_put(map, key, key_len, id);
	xgrow(&b->names, &b->cap_names, b->n_names + 1, sizeof *b->names);
	b->names[b->n_names++] = (struct usage_name){
		.provider = provider,
		.id = (uint32_t)id,
		.slug = xstrndup(slug, slug_len),
		.permaslug = provider ? NULL : xstrndup(perma, perma_len),
	};
	return (uint32_t)id;
}

#define SHARED_GEN_NAMESPACE "openrouter"

/* True for an OpenRouter generation id, "gen-<unix seconds>-<random>", with
 * the time it holds (2000..2099; anything else is an ordinary id). */
static bool generation_id_time(const char *id, size_t len, int64_t *t)
{
	if (!id || len < 16 || memcmp(id, "gen-", 4) != 0)
		return false;
	int64_t v = 0;
	size_t i = 4;
	for (; i < len && i < 4 + 11 && id[i] >= '0' && id[i] <= '9'; i++)
		v = v * 10 + (id[i] - '0');
	if (i == 4 || i >= len || id[i] != '-' || v < 946684800 || v >= 4102444800)
		return false;
	*t = v;
	return true;
}

int usage_interner_add(struct usage_interner *in, struct usage_batch *b,
                       const struct usage_record *rec)
{
	char key[1024];
	// memcpy from NULL is undefined even for 0 bytes (and lets the compiler
	// assume the pointer is not NULL): give absent names a real empty string.
	const char *perma = rec->permaslug ? rec->permaslug : "";
	const char *prov = rec->provider ? rec->provider : "";
	size_t key_len = rec->model_len + 1 + rec->permaslug_len;
	if (key_len > sizeof key)
		key_len = sizeof key;   // names are checked shorter than this before
	memcpy(key, rec->model, rec->model_len);
	key[rec->model_len] = '\x1f';
	memcpy(key + rec->model_len + 1, perma, key_len - rec->model_len - 1);
	uint32_t model = local_id(&in->models, &in->n_models, b, false, key, key_len, rec->model,
	                          rec->model_len, perma, rec->permaslug_len);
	uint32_t provider = local_id(&in->providers, &in->n_providers, b, true, prov,
	                             rec->provider_len, prov, rec->provider_len, NULL, 0);
	struct usage_pending p = {
		.cell = {
			.model_id = model,
			.provider_id = provider,
			.c = {
				.requests = rec->requests,
				.prompt = rec->prompt,
				.completion = rec->completion,
				.reasoning = rec->reasoning,
				.cached = rec->cached,
				.cost_micro = rec->cost_micro == COST_UNKNOWN ? 0 : (uint64_t)rec->cost_micro,
				.cost_requests = rec->cost_micro == COST_UNKNOWN ? 0 : rec->requests,
			},
		},
	};
	if (in->daily) {
		// One row per day, model and endpoint: the same row twice is counted once.
		int64_t day = rec->time / 86400;
		char k[1200];
		int n = snprintf(k, sizeof k, "%lld\x1f%.*s\x1f%.*s", (long long)day, (int)key_len, key,
		                 (int)(rec->id ? rec->id_len : 0), rec->id ? rec->id : "");
		int64_t seen;
		if (n > 0 && strmap_get(&in->daily_keys, k, (size_t)n, &seen))
			return 1;
		if (n > 0)
			strmap_put(&in->daily_keys, k, (size_t)n, 1);
		p.cell.bucket = day;
	} else {
		// A record without a time of its own lands in day 0, so reading it
		// again later (with another file time) finds it.
		int64_t day = rec->time_guessed ? 0 : rec->time / 86400;
		int64_t id_time;
		if (generation_id_time(rec->id, rec->id_len, &id_time)) {
			usage_id_key_make(&p.id, SHARED_GEN_NAMESPACE, rec->id, rec->id_len, id_time / 86400);
			usage_id_key_make(&p.legacy, in->dataset, rec->id, rec->id_len, day);
			p.has_legacy = true;
		} else {
			usage_id_key_make(&p.id, in->dataset, rec->id, rec->id_len, day);
		}
		p.cell.bucket = rec->time / BUCKET_SECONDS;
	}
	xgrow(&b->pending, &b->cap_pending, b->n_pending + 1, sizeof *b->pending);
	b->pending[b->n_pending++] = p;
	return 0;
}
