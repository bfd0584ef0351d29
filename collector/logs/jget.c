/*
 * Field access over both parsers (see jget.h). Duplicate member names: the
 * last one wins in both, as jansson decodes without JSON_REJECT_DUPLICATES.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <string.h>

#include "collector/logs/jget.h"

void jfield_from_json(json_t *v, struct jfield *out)
{
	*out = (struct jfield){0};
	switch (json_typeof(v)) {
	case JSON_NULL:
		out->type = JT_NULL;
		break;
	case JSON_TRUE:
		out->type = JT_TRUE;
		break;
	case JSON_FALSE:
		out->type = JT_FALSE;
		break;
	case JSON_INTEGER:
		out->type = JT_INT;
		out->i = json_integer_value(v);
		break;
	case JSON_REAL:
		out->type = JT_REAL;
		out->d = json_real_value(v);
		break;
	case JSON_STRING:
		out->type = JT_STRING;
		out->str = json_string_value(v);
		out->len = json_string_length(v);
		break;
	case JSON_OBJECT:
	case JSON_ARRAY:
		out->type = JT_OTHER;
		break;
	}
}

void jget(const struct jrec *r, const char *path, struct jfield *out)
{
	*out = (struct jfield){.type = JT_MISSING};
	if (r->flat) {
		// Lines of one log repeat their member order: try where this path
		// was found last time first (paths are string literals, so the
		// pointer names the path).
		static _Thread_local struct {
			const char *path;
			unsigned index;
		} hints[64];
		size_t slot = ((uintptr_t)path >> 3) & 63;
		size_t n = strlen(path);
		unsigned hint = hints[slot].path == path ? hints[slot].index : UINT32_MAX;
		// With repeated names the last one counts: then always search.
		if (hint < r->flat->n && !r->flat->duplicates) {
			const struct fj_pair *p = &r->flat->pairs[hint];
			if (p->klen == n && memcmp(p->key, path, n) == 0) {
				*out = p->value;
				return;
			}
		}
		if (memchr(path, '.', n))
			return;  // flat records have no nested members
		for (unsigned i = r->flat->n; i-- > 0;) {
			const struct fj_pair *p = &r->flat->pairs[i];
			if (p->klen == n && memcmp(p->key, path, n) == 0) {
				*out = p->value;
				hints[slot].path = path;
				hints[slot].index = i;
				return;
			}
		}
		return;
	}
	json_t *v = r->json;
	if (r->literal) {
		v = json_object_get(v, path);
		if (v)
			jfield_from_json(v, out);
		return;
	}
	const char *seg = path;
	for (;;) {
		const char *dot = strchr(seg, '.');
		size_t n = dot ? (size_t)(dot - seg) : strlen(seg);
		if (!json_is_object(v))
			return;
		v = json_object_getn(v, seg, n);
		if (!v)
			return;
		if (!dot)
			break;
		seg = dot + 1;
	}
	jfield_from_json(v, out);
}

bool jget_string(const struct jrec *r, const char *path, const char **s, size_t *len)
{
	struct jfield f;
	jget(r, path, &f);
	if (f.type != JT_STRING)
		return false;
	*s = f.str;
	*len = f.len;
	return true;
}

bool jget_int(const struct jrec *r, const char *path, int64_t *v)
{
	struct jfield f;
	jget(r, path, &f);
	if (f.type != JT_INT)
		return false;
	*v = f.i;
	return true;
}

bool jget_count(const struct jrec *r, const char *path, uint64_t *v, bool *bad)
{
	struct jfield f;
	jget(r, path, &f);
	if (f.type == JT_MISSING || f.type == JT_NULL)
		return false;
	if (f.type == JT_INT && f.i >= 0) {
		*v = (uint64_t)f.i;
		return true;
	}
	if (f.type == JT_STRING && f.len > 0 && f.len <= 18) {
		uint64_t n = 0;
		for (size_t i = 0; i < f.len; i++) {
			if (f.str[i] < '0' || f.str[i] > '9') {
				*bad = true;
				return false;
			}
			n = n * 10 + (uint64_t)(f.str[i] - '0');
		}
		*v = n;
		return true;
	}
	*bad = true;
	return false;
}

bool jget_number(const struct jrec *r, const char *path, double *v)
{
	struct jfield f;
	jget(r, path, &f);
	if (f.type == JT_INT) {
		*v = (double)f.i;
		return true;
	}
	if (f.type == JT_REAL) {
		*v = f.d;
		return true;
	}
	return false;
}
