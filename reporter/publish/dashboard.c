/*
 * Dashboard definitions and their rendering (see dashboard.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "core/cli.h"
#include "core/embedded.h"
#include "core/log.h"
#include "core/paths.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "mapping/refdata.h"
#include "reporter/charts/chart.h"
#include "reporter/charts/chart_top.h"
#include "reporter/charts/events.h"
#include "reporter/publish/citation.h"
#include "reporter/publish/csvw.h"
#include "reporter/publish/dashboard.h"
#include "reporter/publish/method.h"
#include "reporter/publish/out_html.h"
#include "reporter/publish/output.h"
#include "reporter/views/change.h"
#include "reporter/views/coverage.h"
#include "reporter/views/query_opts.h"
#include "reporter/views/share.h"
#include "store/mapping_store.h"

// The charts' phone variants (STEM-phone.*), pixels: at a phone's width
// (360..430 CSS px) their text reads at about the page's own size.
#define PHONE_WIDTH 360
#define PHONE_HEIGHT 480
#define PHONE_HEIGHT_TOP 560

static const struct {
	const char *words;
	enum view_kind kind;
} view_kinds[] = {
	{"report share", VIEW_SHARE},
	{"report change", VIEW_CHANGE},
	{"report coverage", VIEW_COVERAGE},
	{"chart share", VIEW_CHART_SHARE},
	{"chart stacked", VIEW_CHART_STACKED},
	{"chart top", VIEW_CHART_TOP},
	{"chart compare", VIEW_CHART_COMPARE},
};

const char *dashboard_names(void)
{
	static char names[256];
	if (!names[0]) {
		size_t used = 0;
		for (size_t i = 0; i < embedded_dashboards_count; i++) {
			const char *n = embedded_dashboards[i].name;
			int len = (int)(strcspn(n, "."));
			used += (size_t)snprintf(names + used, sizeof names - used, "%s%.*s",
			                         i ? ", " : "", len, n);
		}
	}
	return names;
}

/* Parses one "view STEM WORD WORD ARGS..." line; NULL or why not. */
static const char *parse_view(char *rest, struct dash_view *v)
{
	char *save = NULL, *tok[64];
	size_t n = 0;
	for (char *t = strtok_r(rest, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
		if (n == 64)
			return "too many words";
		tok[n++] = t;
	}
	if (n < 3)
		return "expected: view STEM report|chart KIND [OPTIONS]";
	for (const char *c = tok[0]; *c; c++) {
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_'))
			return "a view's STEM may hold only a-z, 0-9, '-' and '_'";
	}
	char words[64];
	snprintf(words, sizeof words, "%s %s", tok[1], tok[2]);
	size_t k = 0;
	while (k < sizeof view_kinds / sizeof view_kinds[0] && strcmp(view_kinds[k].words, words))
		k++;
	if (k == sizeof view_kinds / sizeof view_kinds[0])
		return "unknown view (report share|change|coverage, chart share|stacked|top|compare)";
	*v = (struct dash_view){.stem = xstrdup(tok[0]), .kind = view_kinds[k].kind};
	v->args = xcalloc(n, sizeof *v->args);
	struct buf cmd = {0};
	buf_append_str(&cmd, words);
	for (size_t i = 3; i < n; i++) {
		v->args[v->n_args++] = xstrdup(tok[i]);
		buf_printf(&cmd, " %s", tok[i]);
	}
	v->command = xstrndup(cmd.data, cmd.len);
	buf_finish(&cmd);
	return NULL;
}

static int view_query(const struct dashboard *d, struct dash_view *v);

static int parse(struct dashboard *d)
{
	char *copy = xstrdup(d->text);
	size_t cap = 0;
	int problems = 0;
	unsigned long line = 0;
	for (char *p = copy, *next; p && *p; p = next) {
		line++;
		char *nl = strchr(p, '\n');
		next = nl ? nl + 1 : NULL;
		if (nl)
			*nl = '\0';
		char *hash = strchr(p, '#');
		if (hash)
			*hash = '\0';
		char *s = text_trim(p);
		const char *why = NULL;
		if (!*s)
			continue;
		if (strncmp(s, "view ", 5) == 0) {
			xgrow(&d->views, &cap, d->n_views + 1, sizeof *d->views);
			struct dash_view *v = &d->views[d->n_views];
			why = parse_view(s + 5, v);
			if (!why) {
				v->line = line;
				for (size_t i = 0; i < d->n_views && !why; i++) {
					if (strcmp(d->views[i].stem, v->stem) == 0)
						why = "a STEM used twice";
				}
				d->n_views++;
			}
		} else if (strncmp(s, "title", 5) == 0 && strchr(s, '=')) {
			free(d->title);
			d->title = xstrdup(text_trim(strchr(s, '=') + 1));
		} else if (strncmp(s, "description", 11) == 0 && strchr(s, '=')) {
			free(d->description);
			d->description = xstrdup(text_trim(strchr(s, '=') + 1));
		} else {
			why = "expected title = ..., description = ... or view ...";
		}
		if (why) {
			fprintf(stderr, "%s:%lu: %s\n", d->origin, line, why);
			problems++;
		}
	}
	free(copy);
	// Every view's options are parsed now, so a bad one stops the dashboard
	// before anything is computed or written.
	for (size_t i = 0; i < d->n_views; i++) {
		if (view_query(d, &d->views[i]) != 0)
			problems++;
	}
	if (!problems && !d->n_views) {
		fprintf(stderr, "%s: no views\n", d->origin);
		problems++;
	}
	if (!d->title)
		d->title = xstrdup(d->name);
	if (!d->description)
		d->description = xstrdup("");
	return problems ? -1 : 0;
}

int dashboard_load(struct dashboard *d, const char *name)
{
	*d = (struct dashboard){.name = xstrdup(name), .known_at = INT32_MAX};
	char *file = xasprintf("%s.dash", name);
	const struct embedded_file *f = strchr(name, '/') ? NULL
	        : embedded_find(embedded_dashboards, embedded_dashboards_count, file);
	free(file);
	if (f) {
		d->origin = xasprintf("built-in %s.dash", name);
		d->text = xstrndup(f->data, f->len);
	} else {
		struct buf b = {0};
		int err = file_read_all(name, 1 << 20, &b);
		if (err) {
			log_error("no dashboard '%s': not built in (%s) and %s", name, dashboard_names(),
			          err == -ENOENT ? "no such file" : strerror(-err));
			buf_finish(&b);
			dashboard_finish(d);
			return -1;
		}
		d->origin = xstrdup(name);
		d->text = xstrndup(b.data ? b.data : "", b.len);
		buf_finish(&b);
	}
	if (parse(d) != 0) {
		dashboard_finish(d);
		return -1;
	}
	return 0;
}

void dashboard_finish(struct dashboard *d)
{
	for (size_t i = 0; i < d->n_views; i++) {
		for (size_t k = 0; k < d->views[i].n_args; k++)
			free(d->views[i].args[k]);
		free(d->views[i].args);
		free(d->views[i].stem);
		free(d->views[i].command);
	}
	free(d->views);
	free(d->name);
	free(d->origin);
	free(d->text);
	free(d->title);
	free(d->description);
	*d = (struct dashboard){0};
}

/* Parses the view's options into v->query, movers and events; -1 after a message. */
static int view_query(const struct dashboard *d, struct dash_view *v)
{
	struct share_query *q = &v->query;
	unsigned *movers = &v->movers;
	static const struct cli_opt view_opts[] = {
		CLI_GROUP(query_opts_table),
		CLI_GROUP(chart_opts_table),
		CLI_STRING(0, "movers", 'M', "N", "change: the N largest movers"),
		CLI_END,
	};
	struct option options[CLI_MAX_OPTIONS + 1];
	cli_long_options(view_opts, options);
	bool lines = v->kind == VIEW_CHART_SHARE || v->kind == VIEW_CHART_STACKED;  // --events
	query_defaults(q);
	chart_opts_defaults(&v->chart);
	*movers = 0;
	char **argv = xcalloc(v->n_args + 2, sizeof *argv);
	argv[0] = v->stem;
	for (size_t i = 0; i < v->n_args; i++)
		argv[i + 1] = v->args[i];
	int argc = (int)v->n_args + 1, c, rc = 0;
	optind = 0;
	opterr = 0;
	while (rc == 0 && (c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		int handled = query_option(v->stem, c, optarg, q);
		if (!handled && VIEW_IS_CHART(v->kind) && (c != CHART_OPT_EVENTS || lines))
			handled = chart_option(v->stem, c, optarg, &v->chart);
		if (handled < 0)
			rc = -1;
		else if (!handled && c == 'M' && v->kind == VIEW_CHANGE)
			*movers = (unsigned)strtoul(optarg, NULL, 10);
		else if (!handled)
			rc = -1;
	}
	opterr = 1;
	if (lines || v->kind == VIEW_CHART_COMPARE)
		chart_query_defaults(q);
	if (rc == 0 && v->kind == VIEW_CHART_TOP && chart_top_query(q) != 0)
		rc = -1;
	if (rc == 0 && (optind != argc || query_check(v->stem, q) != 0))
		rc = -1;
	if (rc)
		fprintf(stderr, "%s:%lu: the options of view %s are not valid\n", d->origin, v->line,
		        v->stem);
	free(argv);
	return rc;
}


struct coverage_job {
	const struct share_table *base, *top;
	const struct coverage_models *models;
};

static int write_coverage_job(const void *ctx, FILE *fp)
{
	const struct coverage_job *job = ctx;
	return coverage_write_csv(job->base, job->top, job->models, fp);
}

static void add_file(char ***files, size_t *n, const char *stem, const char *suffix)
{
	*files = xrealloc(*files, (*n + 1) * sizeof **files);
	(*files)[(*n)++] = xasprintf("%s%s", stem, suffix);
}

static void add_chart_files(char ***files, size_t *n, const char *stem)
{
	for (const char *const *s = (const char *const[]){".dat", ".gp", ".png", ".svg", NULL}; *s;
	     s++)
		add_file(files, n, stem, *s);
}

/*
 * Writes one view's files into dir: its tables, and with charts its images
 * (loading its release events first).
 */
static int render_view(struct store *st, const struct dashboard *d, const struct dash_view *v,
                       const char *dir, bool charts, char ***files, size_t *n_files)
{
	const struct share_query q = v->query;
	// The page's phone variant: the view's titles, a narrow portrait.
	struct chart_look look_phone = v->chart.look;
	look_phone.width = PHONE_WIDTH;
	look_phone.height = v->kind == VIEW_CHART_TOP ? PHONE_HEIGHT_TOP : PHONE_HEIGHT;
	const size_t before = *n_files;
	struct event_list ev = {0};
	bool lines = v->kind == VIEW_CHART_SHARE || v->kind == VIEW_CHART_STACKED;
	if (charts && lines && events_select(&ev, v->chart.events) != 0) {
		fprintf(stderr, "%s:%lu: the events of view %s cannot be read\n", d->origin, v->line,
		        v->stem);
		return TS_EXIT_USAGE;
	}
	struct share_query qc = q;
	if (v->kind == VIEW_COVERAGE) {
		qc.by = SHARE_BY_AUTHOR_COUNTRY;
		qc.top = 0;
	}
	if (v->kind == VIEW_CHART_COMPARE)
		qc.prices = PRICES_NONE;        // the tokens as they are; q prices the dollars
	struct share_table t, other = {0};      // other: coverage's top N, compare's dollars
	int err = share_compute(st, &qc, &t);
	if (!err && v->kind == VIEW_COVERAGE && q.top) {
		qc.top = q.top;
		if ((err = share_compute(st, &qc, &other)) != 0)
			share_table_finish(&t);
	} else if (!err && v->kind == VIEW_CHART_COMPARE) {
		struct share_query qd = q;
		qd.measure = MEASURE_COST;
		if ((err = share_compute(st, &qd, &other)) != 0)
			share_table_finish(&t);
	}
	if (err) {
		events_finish(&ev);
		return err == -2 ? TS_EXIT_USAGE : TS_EXIT_STORE;
	}
	char *csv = xasprintf("%s/%s.csv", dir, v->stem), *json = xasprintf("%s/%s.json", dir, v->stem);
	int rc = 0;
	if (VIEW_IS_CHART(v->kind)) {
		// The numbers the chart shows, as the share report of its options.
		rc = share_emit(&share_writer_csv, &t, csv);
		add_file(files, n_files, v->stem, ".csv");
	}
	switch (v->kind) {
	case VIEW_SHARE:
		rc = share_emit(&share_writer_csv, &t, csv) || share_emit(&share_writer_json, &t, json);
		add_file(files, n_files, v->stem, ".csv");
		add_file(files, n_files, v->stem, ".json");
		break;
	case VIEW_CHANGE: {
		struct change_job a = {&t, v->movers, 0}, b = {&t, v->movers, 1};
		rc = output_emit(csv, change_write_job, &a) || output_emit(json, change_write_job, &b);
		add_file(files, n_files, v->stem, ".csv");
		add_file(files, n_files, v->stem, ".json");
		break;
	}
	case VIEW_COVERAGE: {
		struct coverage_models models;
		rc = coverage_models_load(st, &qc, &models) != 0 ? TS_EXIT_STORE : 0;
		struct coverage_job job = {&t, q.top ? &other : NULL, &models};
		if (!rc) {
			rc = output_emit(csv, write_coverage_job, &job);
			coverage_models_finish(&models);
		}
		add_file(files, n_files, v->stem, ".csv");
		break;
	}
	case VIEW_CHART_SHARE:
	case VIEW_CHART_STACKED:
		for (int phone = 0; !rc && charts && phone < 2; phone++) {
			char *stem = xasprintf("%s%s", v->stem, phone ? "-phone" : "");
			rc = chart_draw(&t, v->kind == VIEW_CHART_STACKED ? CHART_STACKED : CHART_SHARE,
			                dir, stem, &ev, phone ? &look_phone : &v->chart.look);
			free(stem);
		}
		break;
	case VIEW_CHART_COMPARE: {
		char *usd = xasprintf("%s/%s-dollars.csv", dir, v->stem);
		rc = rc || share_emit(&share_writer_csv, &other, usd) ||
		     (charts && chart_compare_draw(&t, &other, dir, v->stem, &v->chart.look));
		add_file(files, n_files, v->stem, "-dollars.csv");
		free(usd);
		break;
	}
	case VIEW_CHART_TOP:
		if (!rc && charts) {
			struct refdata rd;
			rc = mapping_store_load(&rd, st, t.mapping_version);
			bool loaded = !rc;
			for (int phone = 0; !rc && phone < 2; phone++) {
				char *stem = xasprintf("%s%s", v->stem, phone ? "-phone" : "");
				rc = chart_top_draw(&t, &rd, dir, stem, phone ? &look_phone : &v->chart.look);
				free(stem);
			}
			if (loaded)
				refdata_finish(&rd);
		}
		break;
	}
	// Each table gets its CSVW sidecar.
	rc = rc || csvw_add_sidecars(dir, files, n_files, before, d->title, v, &t);
	if (charts && VIEW_IS_CHART(v->kind))
		add_chart_files(files, n_files, v->stem);
	if (charts && VIEW_IS_CHART(v->kind) && v->kind != VIEW_CHART_COMPARE) {
		char *stem = xasprintf("%s-phone", v->stem);
		add_chart_files(files, n_files, stem);
		free(stem);
	}
	free(csv);
	free(json);
	share_table_finish(&t);
	share_table_finish(&other);
	events_finish(&ev);
	return rc ? TS_EXIT_OUTPUT : TS_EXIT_OK;
}

int dashboard_sources(struct store *st, const struct dashboard *d, struct dash_sources *out)
{
	bool rankings = false, logs = false;
	for (size_t i = 0; i < d->n_views; i++) {
		const char *source = d->views[i].query.source;
		if (!source || strcmp(source, SHARE_SOURCE_RANKINGS) == 0)
			rankings = true;
		else
			logs = true;
	}
	out->n = 0;
	for (int k = 0; k < 2; k++) {
		if (!(k == 0 ? rankings : logs))
			continue;
		struct share_query q;
		share_query_defaults(&q);
		q.source = k == 0 ? SHARE_SOURCE_RANKINGS : SHARE_SOURCE_LOGS;
		q.known_at = d->known_at;
		if (share_compute(st, &q, &out->t[out->n]) != 0) {
			dash_sources_finish(out);
			return -1;
		}
		out->n++;
	}
	return 0;
}

void dashboard_known_at(struct dashboard *d, int32_t day)
{
	d->known_at = day;
	for (size_t i = 0; i < d->n_views; i++)
		d->views[i].query.known_at = day;
}

void dash_sources_finish(struct dash_sources *s)
{
	for (size_t i = 0; i < s->n; i++)
		share_table_finish(&s->t[i]);
	s->n = 0;
}

int dashboard_render(struct store *st, const struct dashboard *d, const char *dir,
                     const struct dash_sources *page, char ***files, size_t *n_files)
{
	if (paths_make_dir(dir) != 0)
		return TS_EXIT_OUTPUT;
	for (size_t i = 0; i < d->n_views; i++) {
		int rc = render_view(st, d, &d->views[i], dir, page != NULL, files, n_files);
		if (rc)
			return rc;
	}
	if (!page)
		return TS_EXIT_OK;
	// The page: the method and citation of the whole data the views read.
	char *as_of = method_as_of(page->t, page->n);
	struct buf m = {0}, c = {0};
	method_markdown(&m, d, page->t, page->n, as_of);
	citation_text(&c, d, page->t, page->n, as_of);
	buf_append(&m, "", 1);
	buf_append(&c, "", 1);
	int rc = html_dashboard_write(dir, d, m.data, c.data, as_of, page->t[0].mapping_version);
	add_file(files, n_files, "index", ".html");
	buf_finish(&m);
	buf_finish(&c);
	free(as_of);
	return rc ? TS_EXIT_OUTPUT : TS_EXIT_OK;
}
