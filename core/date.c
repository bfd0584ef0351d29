/*
 * Civil-calendar conversions (see date.h). The day-number algorithm counts
 * 400-year eras from 0000-03-01, so leap days fall at the end of each
 * computational year and need no special case.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <time.h>

#include "core/date.h"

static int64_t floor_div(int64_t a, int64_t b)
{
	return (a >= 0 ? a : a - b + 1) / b;
}

int32_t date_from_civil(int y, int m, int d)
{
	int64_t yy = y - (m <= 2);
	int64_t era = floor_div(yy, 400);
	int64_t yoe = yy - era * 400;                         // [0, 399]
	int64_t mp = (m + 9) % 12;                            // March = 0
	int64_t doy = (153 * mp + 2) / 5 + d - 1;             // [0, 365]
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;  // [0, 146096]
	return (int32_t)(era * 146097 + doe - 719468);
}

void date_to_civil(int32_t day, int *y, int *m, int *d)
{
	int64_t z = (int64_t)day + 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Reads n decimal digits at s; false if any is not a digit. */
static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static bool parse_ymd(const char *s, int32_t *day)
{
	int y, m, d;
	if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &m) ||
	    s[7] != '-' || !digits(s + 8, 2, &d))
		return false;
	if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR || m < 1 || m > 12 ||
	    d < 1 || d > date_days_in_month(y, m))
		return false;
	*day = date_from_civil(y, m, d);
	return true;
}

bool date_parse(const char *s, size_t len, int32_t *day)
{
	return len == DATE_LEN && parse_ymd(s, day);
}

void date_format(int32_t day, char out[DATE_LEN + 1])
{
	int y, m, d;
	date_to_civil(day, &y, &m, &d);
	out[0] = (char)('0' + y / 1000 % 10);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

int date_weekday(int32_t day)
{
	// 1970-01-01 was a Thursday (3 with Monday = 0).
	return (int)(((int64_t)day % 7 + 7 + 3) % 7);
}

void date_iso_week(int32_t day, int *iso_year, int *week)
{
	// The ISO year of a week is the year of its Thursday.
	int32_t thursday = day - date_weekday(day) + 3;
	int y, m, d;
	date_to_civil(thursday, &y, &m, &d);
	*iso_year = y;
	*week = (thursday - date_from_civil(y, 1, 1)) / 7 + 1;
}

bool date_parse_timestamp(const char *s, size_t len, int64_t *utc_seconds)
{
	int32_t day;
	if (len < DATE_LEN || !parse_ymd(s, &day))
		return false;
	int64_t secs = (int64_t)day * 86400;
	size_t i = DATE_LEN;
	if (i < len && (s[i] == 'T' || s[i] == ' ')) {
		int hh, mm, ss = 0;
		if (len - i < 6 || !digits(s + i + 1, 2, &hh) || s[i + 3] != ':' ||
		    !digits(s + i + 4, 2, &mm) || hh > 23 || mm > 59)
			return false;
		i += 6;
		if (i < len && s[i] == ':') {
			if (len - i < 3 || !digits(s + i + 1, 2, &ss) || ss > 60)
				return false;
			i += 3;
			if (i < len && s[i] == '.') {
				size_t start = ++i;
				while (i < len && s[i] >= '0' && s[i] <= '9')
					i++;
				if (i == start)
					return false;
			}
		}
		secs += hh * 3600 + mm * 60 + ss;
		if (i < len && s[i] == 'Z') {
			i++;
		} else if (i < len && (s[i] == '+' || s[i] == '-')) {
			int sign = s[i] == '-' ? -1 : 1, oh, om = 0;
			if (len - i < 3 || !digits(s + i + 1, 2, &oh) || oh > 23)
				return false;
			i += 3;
			bool colon = i < len && s[i] == ':';
			if (colon)
				i++;
			if (len - i >= 2 && digits(s + i, 2, &om)) {
				if (om > 59)
					return false;
				i += 2;
			} else if (colon) {
				return false;
			}
			secs -= sign * (oh * 3600 + om * 60);
		}
	}
	if (i != len)
		return false;
	*utc_seconds = secs;
	return true;
}

void date_format_timestamp(int64_t utc_seconds, char out[TIMESTAMP_LEN + 1])
{
	int32_t day = date_of_timestamp(utc_seconds);
	int64_t rest = utc_seconds - (int64_t)day * 86400;
	int hh = (int)(rest / 3600), mm = (int)(rest / 60 % 60), ss = (int)(rest % 60);
	date_format(day, out);
	out[10] = 'T';
	out[11] = (char)('0' + hh / 10);
	out[12] = (char)('0' + hh % 10);
	out[13] = ':';
	out[14] = (char)('0' + mm / 10);
	out[15] = (char)('0' + mm % 10);
	out[16] = ':';
	out[17] = (char)('0' + ss / 10);
	out[18] = (char)('0' + ss % 10);
	out[19] = 'Z';
	out[20] = '\0';
}

int32_t date_of_timestamp(int64_t utc_seconds)
{
	return (int32_t)floor_div(utc_seconds, 86400);
}

int64_t date_now(void)
{
	const char *env = getenv("TOKENSHARE_NOW");
	if (env && *env) {
		char *end;
		long long t = strtoll(env, &end, 10);
		if (!*end && t > 0)
			return t;
	}
	return (int64_t)time(NULL);
}
