/*
 * Dashboards: named, declarative sets of views (dashboards/README.md). A
 * definition is parsed whole, with file:line errors, before anything is
 * computed; rendering writes each view's files into a directory.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_DASHBOARD_H
#define TOKENSHARE_DASHBOARD_H

#include <stddef.h>

struct store;

enum view_kind {
	VIEW_SHARE,             // report share: STEM.csv, STEM.json
	VIEW_CHANGE,            // report change: STEM.csv, STEM.json
	VIEW_COVERAGE,          // report coverage: STEM.csv
	VIEW_CHART_SHARE,       // chart share: STEM.png, .svg, .gp, .dat, and its STEM.csv
	VIEW_CHART_STACKED,     // chart stacked
	VIEW_CHART_TOP,         // chart top: the top N models of the last period
	VIEW_CHART_COMPARE,     // chart compare: tokens and dollars; STEM.csv, STEM-dollars.csv
};

/* True for the chart views (which write images). */
#define VIEW_IS_CHART(kind) ((kind) >= VIEW_CHART_SHARE)

struct dash_view {
	char *stem;
	enum view_kind kind;
	char *command;          // "report share --period week": what tokenshare runs
	char **args;            // the view's options, as on the command line
	size_t n_args;
	unsigned long line;
};

struct dashboard {
	char *name;             // as asked for
	char *origin;           // "built-in" or the file's path
	char *text;             // the definition, byte for byte (for the bundle)
	char *title, *description;
	struct dash_view *views;
	size_t n_views;
};

/* A built-in name or a .dash file; 0, or -1 after file:line messages. */
int dashboard_load(struct dashboard *d, const char *name);
void dashboard_finish(struct dashboard *d);
/* The built-in names, comma-separated, for messages. */
const char *dashboard_names(void);

/*
 * The whole data of the sources d's views read, as the default report of
 * each: out[0] the rankings if any view reads them, then all router logs if
 * any view does. For the method and the citation. Returns how many (1 or
 * 2; out has room for 2), or -1 after a message.
 */
struct share_table;
int dashboard_sources(struct store *st, const struct dashboard *d, struct share_table *out);

/*
 * Renders every view into dir (created if missing), then index.html, the
 * page showing them all. Returns a TS_EXIT_* status. The names of the files
 * written are appended to files (owned).
 */
int dashboard_render(struct store *st, const struct dashboard *d, const char *dir,
                     char ***files, size_t *n_files);

#endif
