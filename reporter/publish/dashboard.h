/*
 * Dashboards: named, declarative sets of views (dashboards/README.md). A
 * definition is parsed whole, with file:line errors, before anything is
 * computed; rendering writes each view's files into a directory.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_DASHBOARD_H
#define TOKENSHARE_DASHBOARD_H

#include <stdbool.h>
#include <stddef.h>

#include "reporter/publish/dashboard_def.h"
#include "reporter/views/share.h"

struct store;

/* A built-in name or a .dash file; 0, or -1 after file:line messages. */
int dashboard_load(struct dashboard *d, const char *name);
/* Labels every view (and the page's sources) as known on day (--known-at). */
void dashboard_known_at(struct dashboard *d, int32_t day);
void dashboard_finish(struct dashboard *d);
/* The built-in names, comma-separated, for messages. */
const char *dashboard_names(void);

/*
 * The whole data of the sources d's views read, as the default report of
 * each: t[0] the rankings if any view reads them, then all router logs if
 * any view does. For the method and the citation.
 */
struct dash_sources {
	struct share_table t[2];
	size_t n;
};

/* 0, or -1 after a message. */
int dashboard_sources(struct store *st, const struct dashboard *d, struct dash_sources *out);
void dash_sources_finish(struct dash_sources *s);

/*
 * Renders every view into dir (created if missing). With page (the sources
 * of the method and citation), also each chart and index.html, the page
 * showing them all; without (NULL), only the tables (CSV, JSON) - what a
 * comparison needs, without gnuplot. Returns a TS_EXIT_* status. The names
 * of the files written are appended to files (owned).
 */
int dashboard_render(struct store *st, const struct dashboard *d, const char *dir,
                     const struct dash_sources *page, char ***files, size_t *n_files);

#endif
