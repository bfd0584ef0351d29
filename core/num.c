/*
 * Decimal parsing and share arithmetic (see num.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>

#include "core/num.h"

enum num_error num_parse_u64(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	if (len == 0)
		return NUM_EMPTY;
	uint64_t v = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return NUM_NOT_DIGITS;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned digit = (unsigned)(s[i] - '0');
		if (v > (max - digit) / 10)
			return NUM_TOO_BIG;
		v = v * 10 + digit;
	}
	*out = v;
	return NUM_OK;
}

const char *num_error_str(enum num_error err)
{
	switch (err) {
	case NUM_OK:
		return "ok";
	case NUM_EMPTY:
		return "empty";
	case NUM_NOT_DIGITS:
		return "not a whole number of decimal digits";
	case NUM_TOO_BIG:
		return "too large";
	}
	return "?";
}

uint64_t num_share_e4(uint64_t part, uint64_t total)
{
	if (total == 0)
		return 0;
	// Long division, one decimal digit at a time: part * 10^6 / total
	// without a 128-bit intermediate. The remainder times ten must fit, so
	// totals above 2^64 / 10 (1.8e18 tokens) lose their lowest bits first;
	// that changes the ratio by less than 1e-17.
	while (total > UINT64_MAX / 10) {
		part >>= 1;
		total >>= 1;
	}
	uint64_t q = part / total, r = part % total;
	for (int i = 0; i < 6; i++) {
		r *= 10;
		q = q * 10 + r / total;
		r %= total;
	}
	if (r >= total - r)
		q++;
	return q;
}

void num_format_e4(uint64_t share_e4, char out[24])
{
	snprintf(out, 24, "%llu.%04llu", (unsigned long long)(share_e4 / 10000),
	         (unsigned long long)(share_e4 % 10000));
}

bool num_parse_e4(const char *s, int64_t *out)
{
	bool neg = *s == '-';
	const char *p = s + (neg || *s == '+');
	int64_t v = 0;
	int whole = 0, frac = -1;
	for (; *p; p++) {
		if (*p == '.' && frac < 0) {
			frac = 0;
		} else if (*p >= '0' && *p <= '9' && frac < 4 && whole < 14) {
			v = v * 10 + (*p - '0');
			if (frac >= 0)
				frac++;
			else
				whole++;
		} else {
			return false;
		}
	}
	if (whole == 0 || frac == 0)
		return false;
	for (int d = frac < 0 ? 0 : frac; d < 4; d++)
		v *= 10;
	*out = neg ? -v : v;
	return true;
}

void num_format_tenths(int64_t v, bool sign, char out[32])
{
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	uint64_t t = a / 1000 + (a % 1000 >= 500);
	snprintf(out, 32, "%s%llu.%llu", t == 0 ? "" : v < 0 ? "-" : sign ? "+" : "",
	         (unsigned long long)(t / 10), (unsigned long long)(t % 10));
}
