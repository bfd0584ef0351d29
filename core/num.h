/*
 * Numbers from the outside world: decimal token counts of up to 64 bits,
 * parsed without going through double, and shares formatted with integer
 * arithmetic so the output is identical on every machine and in every locale.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_NUM_H
#define TOKENSHARE_NUM_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

enum num_error {
	NUM_OK,
	NUM_EMPTY,
	NUM_NOT_DIGITS,         // sign, space, point, exponent or any non-digit
	NUM_TOO_BIG,            // above the caller's maximum
};

/*
 * Parses s[0..len) as an unsigned decimal integer (digits only) no greater
 * than max. *out is written only on NUM_OK.
 */
enum num_error num_parse_u64(const char *s, size_t len, uint64_t max, uint64_t *out);
const char *num_error_str(enum num_error err);

/* Largest count the store keeps: SQLite integers are signed 64-bit. */
#define NUM_STORE_MAX ((uint64_t)INT64_MAX)

/* part / total in units of 0.0001 %, rounded half up; 0 when total is 0. */
uint64_t num_share_e4(uint64_t part, uint64_t total);
/* Writes share_e4 as "43.1221" (always four decimals, '.' point). */
void num_format_e4(uint64_t share_e4, char out[24]);
/*
 * Writes v (units of 0.0001: a share, points, a percent) for a person: one
 * decimal, rounded half away from zero ("69.4"); a negative one with '-',
 * with sign a positive one with '+'; one that rounds to 0.0 unsigned.
 */
void num_format_tenths(int64_t v, bool sign, char out[32]);
/* Reads "69.3716", "-1.2" or "7" (at most four decimals) in units of 0.0001;
 * false for anything else (an empty cell, "NaN"). */
bool num_parse_e4(const char *s, int64_t *out);

#endif
