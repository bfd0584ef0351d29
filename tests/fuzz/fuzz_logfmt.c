/*
 * libFuzzer harness for one log format (FUZZ_FORMAT, set by meson): each
 * line of the input goes through the fast path and jansson, the record is
 * extracted by the format from both, and the two must agree. Documents are
 * expanded as the ingest does (arrays, "data" envelopes, containers).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "collector/logs/jget.h"
#include "collector/logs/logfmt.h"

static const struct log_format *format;

static void extract(void *ctx, const struct jrec *r, const char *where)
{
	(void)ctx;
	(void)where;
	format->match(r);
	struct usage_record u = {.time = INT64_MIN};
	format->extract(r, &u);
}

static void expand(json_t *v)
{
	if (format->is_container && format->is_container(v)) {
		format->each_record(v, extract, NULL);
		return;
	}
	json_t *data = json_is_object(v) ? json_object_get(v, "data") : NULL;
	json_t *list = json_is_array(v) ? v : json_is_array(data) ? data : NULL;
	size_t i;
	json_t *item;
	json_array_foreach(list, i, item) {
		struct jrec r = {.json = item};
		if (json_is_object(item))
			extract(NULL, &r, NULL);
	}
	if (!list && json_is_object(v)) {
		struct jrec r = {.json = json_is_object(data) ? data : v};
		extract(NULL, &r, NULL);
	}
}

static void one_line(const char *s, size_t len)
{
	struct fj_object flat;
	bool fast = fj_parse_flat(s, len, &flat);
	json_t *doc = json_loadb(s, len, 0, NULL);
	if (fast && !doc)
		abort();        // the fast path accepted what jansson refuses
	if (fast) {
		struct jrec a = {.flat = &flat}, b = {.json = doc};
		struct usage_record x = {.time = INT64_MIN}, y = {.time = INT64_MIN};
		const char *wx = format->extract(&a, &x), *wy = format->extract(&b, &y);
		if (wx != wy)
			abort();
		if (!wx && (x.prompt != y.prompt || x.completion != y.completion ||
		            x.time != y.time || x.cost_micro != y.cost_micro ||
		            x.model_len != y.model_len || x.id_len != y.id_len))
			abort();
	}
	if (doc)
		expand(doc);
	json_decref(doc);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	if (!format)
		format = log_format_find(FUZZ_FORMAT);
	const char *p = (const char *)data, *end = p + size;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		one_line(p, len);
		p += len + (nl != NULL);
	}
	return 0;
}
