/*
 * Calendar arithmetic, checked against glibc's own calendar (gmtime_r and
 * strftime %G-W%V) as an independent oracle.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <time.h>

#include "core/date.h"
#include "core/period.h"
#include "harness.h"

TEST("every day from 1900 to 2200 converts to and from the civil date glibc gives")
{
	for (int32_t day = date_from_civil(1900, 1, 1); day <= date_from_civil(2200, 12, 31); day++) {
		time_t t = (time_t)day * 86400;
		struct tm tm;
		gmtime_r(&t, &tm);
		int y, m, d;
		date_to_civil(day, &y, &m, &d);
		if (y != tm.tm_year + 1900 || m != tm.tm_mon + 1 || d != tm.tm_mday) {
			CHECK_INT(day, -1);
			return;
		}
		if (date_from_civil(y, m, d) != day || date_weekday(day) != (tm.tm_wday + 6) % 7) {
			CHECK_INT(day, -2);
			return;
		}
	}
}

TEST("the ISO week of every day from 1900 to 2200 is the one strftime %G-W%V gives")
{
	for (int32_t day = date_from_civil(1900, 1, 1); day <= date_from_civil(2200, 12, 31); day++) {
		time_t t = (time_t)day * 86400;
		struct tm tm;
		gmtime_r(&t, &tm);
		char want[16];
		strftime(want, sizeof want, "%G-W%V", &tm);
		struct period p;
		period_of(PERIOD_WEEK, day, &p);
		if (strcmp(p.label, want) != 0) {
			CHECK_STR(p.label, want);
			return;
		}
		if (date_weekday(p.start) != 0 || p.end != p.start + 6 || day < p.start || day > p.end) {
			CHECK_INT(day, -1);
			return;
		}
	}
}

TEST("weeks that straddle a year belong to the year of their Thursday")
{
	struct period p;
	period_of(PERIOD_WEEK, date_from_civil(2021, 1, 3), &p);
	CHECK_STR(p.label, "2020-W53");
	period_of(PERIOD_WEEK, date_from_civil(2024, 12, 30), &p);
	CHECK_STR(p.label, "2025-W01");
	period_of(PERIOD_WEEK, date_from_civil(2026, 2, 9), &p);
	CHECK_STR(p.label, "2026-W07");
	CHECK_INT(p.start, date_from_civil(2026, 2, 9));
}

TEST("months and days get their labels and bounds")
{
	struct period p;
	period_of(PERIOD_MONTH, date_from_civil(2024, 2, 17), &p);
	CHECK_STR(p.label, "2024-02");
	CHECK_INT(p.start, date_from_civil(2024, 2, 1));
	CHECK_INT(p.end, date_from_civil(2024, 2, 29));
	CHECK_INT(period_length(&p), 29);
	period_of(PERIOD_DAY, date_from_civil(2026, 2, 9), &p);
	CHECK_STR(p.label, "2026-02-09");
	CHECK_INT(period_length(&p), 1);
}

TEST("quarters and years get their labels and bounds, and only their own labels parse")
{
	struct period p;
	period_of(PERIOD_QUARTER, date_from_civil(2026, 12, 31), &p);
	CHECK_STR(p.label, "2026-Q4");
	CHECK_INT(p.start, date_from_civil(2026, 10, 1));
	CHECK_INT(period_length(&p), 92);
	period_of(PERIOD_QUARTER, date_from_civil(2024, 2, 29), &p);
	CHECK_STR(p.label, "2024-Q1");
	CHECK_INT(period_length(&p), 91);
	period_of(PERIOD_YEAR, date_from_civil(2024, 7, 1), &p);
	CHECK_STR(p.label, "2024");
	CHECK_INT(period_length(&p), 366);
	CHECK(period_parse_label(PERIOD_QUARTER, "2026-Q3", &p));
	CHECK_INT(p.start, date_from_civil(2026, 7, 1));
	CHECK_INT(p.end, date_from_civil(2026, 9, 30));
	CHECK(period_parse_label(PERIOD_YEAR, "2025", &p));
	CHECK_INT(p.end, date_from_civil(2025, 12, 31));
	static const char *const bad_q[] = {"2026-Q0", "2026-Q5", "2026-q3", "2026-Q3x", "2026-3", ""};
	for (size_t i = 0; i < sizeof bad_q / sizeof bad_q[0]; i++) {
		if (period_parse_label(PERIOD_QUARTER, bad_q[i], &p))
			test_fail(__FILE__, __LINE__, "quarter \"%s\" parsed", bad_q[i]);
	}
	static const char *const bad_y[] = {"26", "02026", "2026-01", " 2026", "+2026", ""};
	for (size_t i = 0; i < sizeof bad_y / sizeof bad_y[0]; i++) {
		if (period_parse_label(PERIOD_YEAR, bad_y[i], &p))
			test_fail(__FILE__, __LINE__, "year \"%s\" parsed", bad_y[i]);
	}
}

TEST("only real calendar dates in the form YYYY-MM-DD parse")
{
	int32_t day;
	CHECK(date_parse("2024-02-29", 10, &day));
	CHECK_INT(day, date_from_civil(2024, 2, 29));
	static const char *const bad[] = {
		"2023-02-29", "2026-02-30", "2026-13-01", "2026-00-10", "2026-1-01", "2026/01/01",
		"02/10/2026", "2026-01-01T", " 2026-01-01", "2026-01-0a", "1899-12-31", "",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (date_parse(bad[i], strlen(bad[i]), &day))
			test_fail(__FILE__, __LINE__, "\"%s\" parsed", bad[i]);
	}
}

TEST("time stamps with a zone offset are converted to UTC seconds")
{
	int64_t t;
	CHECK(date_parse_timestamp("2026-03-03T02:00:00.000Z", 24, &t));
	CHECK_INT(t, (int64_t)date_from_civil(2026, 3, 3) * 86400 + 7200);
	CHECK(date_parse_timestamp("2026-03-03T02:00:00+02:00", 25, &t));
	CHECK_INT(t, (int64_t)date_from_civil(2026, 3, 3) * 86400);
	CHECK(date_parse_timestamp("2026-03-02 23:30-0230", 21, &t));
	CHECK_INT(t, (int64_t)date_from_civil(2026, 3, 3) * 86400 + 7200);
	CHECK(date_parse_timestamp("2026-09-28", 10, &t));
	CHECK_INT(t, (int64_t)date_from_civil(2026, 9, 28) * 86400);
	static const char *const bad[] = {
		"2026-03-03T2:00", "2026-03-03T25:00", "2026-03-03T02:00:00.", "2026-03-03T02:00Zx",
		"2026-03-03T02:00+05:", "yesterday",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (date_parse_timestamp(bad[i], strlen(bad[i]), &t))
			test_fail(__FILE__, __LINE__, "\"%s\" parsed", bad[i]);
	}
	char s[TIMESTAMP_LEN + 1];
	date_format_timestamp((int64_t)date_from_civil(1969, 12, 31) * 86400 + 3661, s);
	CHECK_STR(s, "1969-12-31T01:01:01Z");
}
