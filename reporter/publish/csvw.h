/*
 * CSV on the Web metadata (W3C CSVW, https://www.w3.org/TR/tabular-metadata/)
 * beside a published CSV: NAME.csv-metadata.json names the table, its
 * source, licence, as-of and data range, and each column of its header with
 * its datatype (string, date, integer, decimal) and unit (tokens, percent,
 * days ...). The CSV stays a plain CSV; the sidecar says what it holds.
 * Nothing in it depends on the wall clock.
 *
 * Return convention: 0, or -1 after a logged message.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_CSVW_H
#define TOKENSHARE_CSVW_H

#include <stddef.h>

struct dash_view;
struct share_table;

#define CSVW_SUFFIX "-metadata.json"   // after the CSV's own name

/* What a sidecar says about its table; NULL fields are left out. */
struct csvw_meta {
	const char *title;              // dc:title
	const char *description;        // dc:description
	const char *source;             // dc:source
	const char *licence;            // dc:license, a URL
	const char *created;            // dc:created: the day the data stands for
	const char *temporal;           // dc:temporal: "FIRST/LAST" days of the data
};

/* Writes dir/csv + CSVW_SUFFIX for the CSV dir/csv (csv is a name relative
 * to dir, the sidecar's url), reading the CSV's header for its columns. */
int csvw_write(const char *dir, const char *csv, const struct csvw_meta *m);

/*
 * The same for each CSV among files[from..*n) that view v of the dashboard
 * titled title wrote into dir from t: source, licence, as-of and range from
 * t, the view's command as description. Each sidecar's name is appended to
 * files (caller frees them).
 */
int csvw_add_sidecars(const char *dir, char ***files, size_t *n, size_t from, const char *title,
                      const struct dash_view *v, const struct share_table *t);

#endif
