/*
 * Token counts and share arithmetic.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdlib.h>

#include "core/num.h"
#include "harness.h"

TEST("decimal counts parse exactly up to the maximum and not beyond")
{
	uint64_t v;
	CHECK_INT(num_parse_u64("0", 1, NUM_STORE_MAX, &v), NUM_OK);
	CHECK_INT(v, 0);
	CHECK_INT(num_parse_u64("9223372036854775807", 19, NUM_STORE_MAX, &v), NUM_OK);
	CHECK(v == (uint64_t)INT64_MAX);
	CHECK_INT(num_parse_u64("9223372036854775808", 19, NUM_STORE_MAX, &v), NUM_TOO_BIG);
	CHECK_INT(num_parse_u64("18446744073709551615", 20, UINT64_MAX, &v), NUM_OK);
	CHECK(v == UINT64_MAX);
	CHECK_INT(num_parse_u64("18446744073709551616", 20, UINT64_MAX, &v), NUM_TOO_BIG);
	CHECK_INT(num_parse_u64("99999999999999999999999", 23, UINT64_MAX, &v), NUM_TOO_BIG);
	// 2^53 + 1: a double would lose the last digit.
	CHECK_INT(num_parse_u64("9007199254740993", 16, NUM_STORE_MAX, &v), NUM_OK);
	CHECK(v == 9007199254740993ull);
}

TEST("anything but plain digits is not a count")
{
	static const char *const bad[] = {"-1", "+1", "1.0", "1e9", " 1", "1 ", "0x10", "1,000"};
	uint64_t v;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CHECK_INT(num_parse_u64(bad[i], strlen(bad[i]), UINT64_MAX, &v), NUM_NOT_DIGITS);
	CHECK_INT(num_parse_u64("", 0, UINT64_MAX, &v), NUM_EMPTY);
}

TEST("shares round half up to 0.0001 percent like exact arithmetic")
{
	// Oracle: (2 * part * 10^6 + total) / (2 * total), exact while it fits.
	srand(7);
	for (int i = 0; i < 200000; i++) {
		uint64_t total = 1 + (uint64_t)rand() % 4000000000u * (1 + (uint64_t)rand() % 1000);
		uint64_t part = total ? (uint64_t)rand() * (uint64_t)rand() % (total + 1) : 0;
		uint64_t want = (2 * part * 1000000 + total) / (2 * total);
		if (num_share_e4(part, total) != want) {
			CHECK_INT(num_share_e4(part, total), want);
			return;
		}
	}
	CHECK_INT(num_share_e4(1, 2000000), 1);        // exactly half a unit rounds up
	CHECK_INT(num_share_e4(1, 2000001), 0);
	CHECK_INT(num_share_e4(5, 5), 1000000);
	CHECK_INT(num_share_e4(0, 0), 0);
}

TEST("shares of very large totals stay within a unit of the true value")
{
	uint64_t total = (uint64_t)INT64_MAX, part = total / 3;
	CHECK_INT(num_share_e4(part, total), 333333);
	CHECK_INT(num_share_e4(total, total), 1000000);
}

TEST("shares print with four decimals and a point")
{
	char s[24];
	num_format_e4(431221, s);
	CHECK_STR(s, "43.1221");
	num_format_e4(1000000, s);
	CHECK_STR(s, "100.0000");
	num_format_e4(5, s);
	CHECK_STR(s, "0.0005");
}

TEST("numbers for people have one decimal, rounded half away from zero, signed on request")
{
	char s[32];
	num_format_tenths(693716, false, s);
	CHECK_STR(s, "69.4");
	num_format_tenths(234500, false, s);     // a tie goes up
	CHECK_STR(s, "23.5");
	num_format_tenths(-234500, true, s);     // and down when negative
	CHECK_STR(s, "-23.5");
	num_format_tenths(40123, true, s);
	CHECK_STR(s, "+4.0");
	num_format_tenths(-499, true, s);        // rounds to nothing: no sign
	CHECK_STR(s, "0.0");
	num_format_tenths(1000000, false, s);
	CHECK_STR(s, "100.0");
	num_format_tenths(INT64_MIN, false, s);  // the extreme does not overflow
	CHECK_STR(s, "-922337203685477.6");
}

TEST("four-decimal cells read back exactly, and anything else is refused")
{
	int64_t v = 0;
	CHECK(num_parse_e4("69.3716", &v) && v == 693716);
	CHECK(num_parse_e4("-1.2", &v) && v == -12000);
	CHECK(num_parse_e4("+7", &v) && v == 70000);
	CHECK(num_parse_e4("0.0005", &v) && v == 5);
	CHECK(!num_parse_e4("", &v));
	CHECK(!num_parse_e4("NaN", &v));
	CHECK(!num_parse_e4("1.", &v));
	CHECK(!num_parse_e4(".5", &v));
	CHECK(!num_parse_e4("1.23456", &v));
	CHECK(!num_parse_e4("1e3", &v));
	CHECK(!num_parse_e4("99999999999999999999", &v));
}
