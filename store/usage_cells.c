/*
 * The packed cell format of usage_q (see usage_cells.h): per cell nine
 * LEB128 varints (model, provider, then the seven counts).
 *
 * SPDX-License-Identifier: MIT
 */
#include "core/xalloc.h"
#include "store/usage_cells.h"

static void put_varint(unsigned char **p, uint64_t v)
{
	while (v >= 0x80) {
		*(*p)++ = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	*(*p)++ = (unsigned char)v;
}

static bool get_varint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	uint64_t x = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		if (*p == end)
			return false;
		unsigned char b = *(*p)++;
		x |= (uint64_t)(b & 0x7F) << shift;
		if (!(b & 0x80)) {
			*v = x;
			return true;
		}
	}
	return false;
}

size_t usage_cells_encode(const struct usage_cell *cells, size_t n, unsigned char *out)
{
	unsigned char *p = out;
	for (size_t i = 0; i < n; i++) {
		const struct usage_cell *c = &cells[i];
		put_varint(&p, c->model_id);
		put_varint(&p, c->provider_id);
		put_varint(&p, c->c.requests);
		put_varint(&p, c->c.prompt);
		put_varint(&p, c->c.completion);
		put_varint(&p, c->c.reasoning);
		put_varint(&p, c->c.cached);
		put_varint(&p, c->c.cost_micro);
		put_varint(&p, c->c.cost_requests);
	}
	return (size_t)(p - out);
}

bool usage_cells_decode(const unsigned char *blob, size_t len, int64_t bucket,
                        struct usage_cell **cells, size_t *n, size_t *cap)
{
	const unsigned char *p = blob, *end = blob + len;
	while (p < end) {
		uint64_t v[9];
		for (int k = 0; k < 9; k++) {
			if (!get_varint(&p, end, &v[k]))
				return false;
		}
		if (v[0] > UINT32_MAX || v[1] > UINT32_MAX)
			return false;
		// Counts are stored below 2^63 (usage_day holds them as SQLite
		// integers), so sums of two never wrap.
		for (int k = 2; k < 9; k++) {
			if (v[k] > INT64_MAX)
				return false;
		}
		xgrow(cells, cap, *n + 1, sizeof **cells);
		(*cells)[(*n)++] = (struct usage_cell){
			.bucket = bucket,
			.model_id = (uint32_t)v[0],
			.provider_id = (uint32_t)v[1],
			.c = {v[2], v[3], v[4], v[5], v[6], v[7], v[8]},
		};
	}
	return true;
}
