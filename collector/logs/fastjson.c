/*
 * The fast path for flat JSON records (see jget.h). Router logs are mostly
 * one flat object per line; jansson builds a tree of allocated values for
 * each, which costs about 5 s of CPU per million lines. This scanner reads
 * such a line in place. It accepts only what it can give exactly as jansson
 * would: on any doubt (escapes, non-ASCII text, nested values, long
 * integers, range errors) it returns false and jansson decides.
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "collector/logs/jget.h"

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/* Bytes of x that need a look: '"', '\\', controls, DEL and non-ASCII. The
 * lowest flagged byte is exact (borrows only spill upwards). */
static uint64_t special_bytes(uint64_t x)
{
	uint64_t quote = x ^ (ONES * '"'), slash = x ^ (ONES * '\\'), del = x ^ (ONES * 0x7F);
	return ((x - ONES * 0x20) & ~x & HIGHS) | (x & HIGHS) |
	       ((quote - ONES) & ~quote & HIGHS) | ((slash - ONES) & ~slash & HIGHS) |
	       ((del - ONES) & ~del & HIGHS);
}

/* At a quote: the plain string up to the closing quote, or NULL to bail. */
static const char *scan_string(const char *p, const char *end, const char **s, uint32_t *n)
{
	const char *start = ++p;
	// Eight bytes at a time while none of them is special.
	while (end - p >= 8) {
		uint64_t x;
		memcpy(&x, p, 8);
		uint64_t m = special_bytes(x);
		if (m) {
			p += __builtin_ctzll(m) / 8;    // little-endian: lowest byte first
			break;
		}
		p += 8;
	}
	while (p < end) {
		unsigned char c = (unsigned char)*p;
		if (c == '"') {
			*s = start;
			*n = (uint32_t)(p - start);
			return p + 1;
		}
		if (c < 0x20 || c > 0x7E || c == '\\')
			return NULL;
		p++;
	}
	return NULL;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A JSON number; NULL to bail. */
static const char *scan_number(const char *p, const char *end, struct jfield *v)
{
	const char *start = p;
	if (p < end && *p == '-')
		p++;
	if (p == end || !is_digit(*p))
		return NULL;
	if (*p == '0') {
		p++;
	} else {
		while (p < end && is_digit(*p))
			p++;
	}
	const char *int_end = p;
	bool real = false;
	if (p < end && *p == '.') {
		p++;
		if (p == end || !is_digit(*p))
			return NULL;
		while (p < end && is_digit(*p))
			p++;
		real = true;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p == end || !is_digit(*p))
			return NULL;
		while (p < end && is_digit(*p))
			p++;
		real = true;
	}
	if (!real) {
		size_t digits = (size_t)(int_end - start) - (*start == '-');
		if (digits > 18)
			return NULL;   // jansson may reject it as too big; let it say so
		int64_t i = 0;
		for (const char *q = start + (*start == '-'); q < int_end; q++)
			i = i * 10 + (*q - '0');
		v->type = JT_INT;
		v->i = *start == '-' ? -i : i;
		return p;
	}
	// Clinger's fast path: with at most 15 significant digits, no exponent
	// and at most 22 decimals, mantissa and power of ten are exact doubles
	// and one correctly rounded division gives what strtod gives.
	if (*start != '-' && p - start <= 16) {
		uint64_t m = 0;
		int decimals = 0, digits = 0;
		bool after = false, simple = true;
		for (const char *q = start; q < p; q++) {
			if (*q == '.') {
				after = true;
				continue;
			}
			if (*q < '0' || *q > '9') {
				simple = false;     // an exponent
				break;
			}
			m = m * 10 + (uint64_t)(*q - '0');
			digits += m > 0;
			decimals += after;
		}
		static const double pow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
		                               1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
		                               1e18, 1e19, 1e20, 1e21, 1e22};
		if (simple && digits <= 15 && decimals <= 22) {
			v->type = JT_REAL;
			v->d = (double)m / pow10[decimals];
			return p;
		}
	}
	// Otherwise strtod, in the C locale as jansson uses it: the program
	// never calls setlocale, so '.' is the decimal point.
	char buf[64];
	size_t n = (size_t)(p - start);
	if (n >= sizeof buf)
		return NULL;
	memcpy(buf, start, n);
	buf[n] = '\0';
	errno = 0;
	char *stop;
	double d = strtod(buf, &stop);
	if (errno == ERANGE || stop != buf + n || !isfinite(d))
		return NULL;
	v->type = JT_REAL;
	v->d = d;
	return p;
}

static const char *scan_literal(const char *p, const char *end, const char *word,
                                enum jtype type, struct jfield *v)
{
	size_t n = strlen(word);
	if ((size_t)(end - p) < n || memcmp(p, word, n) != 0)
		return NULL;
	v->type = type;
	return p + n;
}

bool fj_parse_flat(const char *s, size_t len, struct fj_object *o)
{
	const char *p = s, *end = s + len;
	o->n = 0;
	o->duplicates = false;
	uint64_t seen = 0;      // a 64-bit filter of member names, to spot repeats
	p = skip_ws(p, end);
	if (p == end || *p != '{')
		return false;
	p = skip_ws(p + 1, end);
	if (p < end && *p == '}') {
		p = skip_ws(p + 1, end);
		return p == end;
	}
	for (;;) {
		if (p == end || *p != '"' || o->n == FJ_MAX_PAIRS)
			return false;
		struct fj_pair *pair = &o->pairs[o->n];
		p = scan_string(p, end, &pair->key, &pair->klen);
		if (!p)
			return false;
		uint64_t bit = 1ull << ((pair->klen * 31u + (pair->klen ? (unsigned char)pair->key[0] * 7u +
		                          (unsigned char)pair->key[pair->klen - 1] : 0u)) & 63);
		if ((seen & bit) && !o->duplicates) {
			for (unsigned i = 0; i < o->n; i++) {
				if (o->pairs[i].klen == pair->klen &&
				    memcmp(o->pairs[i].key, pair->key, pair->klen) == 0)
					o->duplicates = true;
			}
		}
		seen |= bit;
		p = skip_ws(p, end);
		if (p == end || *p != ':')
			return false;
		p = skip_ws(p + 1, end);
		if (p == end)
			return false;
		struct jfield *v = &pair->value;
		*v = (struct jfield){0};
		switch (*p) {
		case '"': {
			uint32_t n = 0;
			p = scan_string(p, end, &v->str, &n);
			v->len = n;
			v->type = JT_STRING;
			break;
		}
		case 't':
			p = scan_literal(p, end, "true", JT_TRUE, v);
			break;
		case 'f':
			p = scan_literal(p, end, "false", JT_FALSE, v);
			break;
		case 'n':
			p = scan_literal(p, end, "null", JT_NULL, v);
			break;
		default:
			p = scan_number(p, end, v);
			break;
		}
		if (!p)
			return false;
		o->n++;
		p = skip_ws(p, end);
		if (p < end && *p == ',') {
			p = skip_ws(p + 1, end);
			continue;
		}
		if (p < end && *p == '}') {
			p = skip_ws(p + 1, end);
			return p == end;
		}
		return false;
	}
}
