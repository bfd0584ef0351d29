/*
 * Change tables from a share table: for each period and group, the change
 * against the previous period and against the same period a year earlier
 * (a week: 52 weeks before, so the same weekday span; a month: the same
 * month; a day: 364 days before, the same weekday), in percentage points of
 * share and in percent of the measure. "Top movers" keeps, for the last
 * period, the N groups whose share moved most since the previous period.
 * All arithmetic is on integers, so the text never depends on the locale.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_CHANGE_H
#define TOKENSHARE_CHANGE_H

#include <stdio.h>

#include <stdbool.h>
#include <stdint.h>

struct share_table;

/* (now - then) / then in 0.0001 %, rounded half away from zero; then > 0. */
int64_t change_percent_e4(uint64_t now, uint64_t then);
/* v (0.0001 units) as "+1.2345", "-0.5000" or "0.0000"; "" when not known. */
void change_format_e4(bool known, int64_t v, char out[32]);

/* Writes the change table of t as CSV or JSON (json true); movers 0 = all rows. */
int change_write(const struct share_table *t, unsigned movers, int json, FILE *fp);

/* A change table to write through output_emit(): change_write_job(job, fp). */
struct change_job {
	const struct share_table *t;
	unsigned movers;
	int json;
};
int change_write_job(const void *job, FILE *fp);

#endif
