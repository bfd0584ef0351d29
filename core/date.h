/*
 * Calendar arithmetic on UTC day numbers (days since 1970-01-01), strict
 * parsing of the date and time stamp forms the sources use, and ISO 8601
 * weeks. No libc time zone functions are involved, so nothing here depends
 * on TZ or the locale.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_DATE_H
#define TOKENSHARE_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DATE_MIN_YEAR 1900
#define DATE_MAX_YEAR 9999
#define DATE_LEN 10             // "YYYY-MM-DD"
#define TIMESTAMP_LEN 20        // "YYYY-MM-DDTHH:MM:SSZ"

/* Day number of a proleptic Gregorian date; m in 1..12, d in 1..31. */
int32_t date_from_civil(int y, int m, int d);
void date_to_civil(int32_t day, int *y, int *m, int *d);
int date_days_in_month(int y, int m);

/*
 * Parses exactly "YYYY-MM-DD" (s need not be NUL-terminated) into *day.
 * Returns false for any other shape, a date that does not exist
 * (2026-02-30) or a year outside DATE_MIN_YEAR..DATE_MAX_YEAR.
 */
bool date_parse(const char *s, size_t len, int32_t *day);
/* Writes "YYYY-MM-DD" and a NUL into out. */
void date_format(int32_t day, char out[DATE_LEN + 1]);

/* 0 = Monday ... 6 = Sunday. */
int date_weekday(int32_t day);
/* ISO 8601 week-numbering year and week (1..53) of day. */
void date_iso_week(int32_t day, int *iso_year, int *week);

/*
 * Parses an ISO 8601 date or date-time into UTC seconds:
 * "YYYY-MM-DD", "YYYY-MM-DD[T ]HH:MM[:SS[.fraction]]" followed by "Z",
 * "+HH:MM", "+HHMM", "+HH" (or "-") or nothing (taken as UTC). Fractions of a
 * second are dropped. Returns false on anything else.
 */
bool date_parse_timestamp(const char *s, size_t len, int64_t *utc_seconds);
/* Writes "YYYY-MM-DDTHH:MM:SSZ" and a NUL into out. */
void date_format_timestamp(int64_t utc_seconds, char out[TIMESTAMP_LEN + 1]);
/* The UTC day number that contains utc_seconds. */
int32_t date_of_timestamp(int64_t utc_seconds);

/* Now, in UTC seconds: the clock, or TOKENSHARE_NOW (seconds) when set, so
 * tests can fix "today". */
int64_t date_now(void);

#endif
