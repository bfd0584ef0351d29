/*
 * "tokenshare reference": load a corrected mapping, show the active one,
 * list stored versions, and find author slugs the mapping does not know.
 *
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/collector_commands.h"
#include "store/rankings_store.h"
#include "core/cli.h"
#include "core/date.h"
#include "core/log.h"
#include "mapping/refdata.h"
#include "store/store.h"
#include "core/text.h"
#include "core/xalloc.h"

static void usage(FILE *fp)
{
	fputs("Usage: tokenshare reference load DIR | load --built-in\n"
	      "       tokenshare reference show | list | unmapped\n"
	      "\n"
	      "  load DIR      check authors.csv, model-overrides.csv and providers.csv in\n"
	      "                DIR, store them as a new mapping version and make it active;\n"
	      "                every report relabels all history with it (no re-ingest)\n"
	      "  load --built-in  go back to the tables shipped in this binary\n"
	      "  show          the active mapping: version, origin, table sizes\n"
	      "  list          every stored mapping version\n"
	      "  unmapped      author slugs in the stored data that the active mapping\n"
	      "                does not name (exit status 1 if there are any), then the\n"
	      "                models it names without a country, by tokens\n"
	      "\n"
	      "Options: --db PATH, -q/--quiet, -h/--help\n", fp);
}

static int load(struct store *st, const char *dir, const struct cli_global *g)
{
	struct refdata rd;
	if ((dir ? refdata_parse_dir(&rd, dir) : refdata_parse_builtin(&rd)) != 0)
		return TS_EXIT_REJECTED;
	bool changed = false;
	int status = TS_EXIT_OK;
	if (store_begin(st) != 0 || store_new_batch(st, "reference load") < 0 ||
	    refdata_store(&rd, st, &changed) != 0 || store_commit(st) != 0) {
		store_rollback(st);
		status = TS_EXIT_STORE;
	} else if (!g->quiet) {
		printf("mapping %s %s (%zu authors, %zu model overrides, %zu providers)\n",
		       rd.version, changed ? "is now active" : "was already active",
		       rd.n_authors, rd.n_overrides, rd.n_providers);
	}
	refdata_finish(&rd);
	return status;
}

static int show(struct store *st)
{
	struct refdata rd;
	if (refdata_load(&rd, st, NULL) != 0)
		return TS_EXIT_STORE;
	struct refdata builtin;
	bool have_builtin = refdata_parse_builtin(&builtin) == 0;
	printf("mapping %s\nsha256 %s\norigin %s\n%zu authors, %zu model overrides, "
	       "%zu providers\n", rd.version, rd.sha256, rd.origin, rd.n_authors,
	       rd.n_overrides, rd.n_providers);
	if (have_builtin && strcmp(builtin.version, rd.version) != 0)
		printf("note: this binary ships mapping %s ('tokenshare reference load "
		       "--built-in' makes it active)\n", builtin.version);
	if (have_builtin)
		refdata_finish(&builtin);
	refdata_finish(&rd);
	return TS_EXIT_OK;
}

static int list(struct store *st)
{
	char *active;
	if (store_get_setting(st, "mapping.active", &active) != 0)
		return TS_EXIT_STORE;
	sqlite3_stmt *q = store_prepare(st,
		"SELECT version, origin, loaded_at FROM mapping ORDER BY id");
	if (!q) {
		free(active);
		return TS_EXIT_STORE;
	}
	while (sqlite3_step(q) == SQLITE_ROW) {
		char when[TIMESTAMP_LEN + 1];
		date_format_timestamp(sqlite3_column_int64(q, 2), when);
		const char *v = store_column_text(q, 0);
		printf("%s %s loaded %s from %s\n", active && strcmp(active, v) == 0 ? "*" : " ", v,
		       when, store_column_text(q, 1));
	}
	sqlite3_finalize(q);
	free(active);
	return TS_EXIT_OK;
}

static int unmapped(struct store *st)
{
	struct refdata rd;
	if (refdata_load(&rd, st, NULL) != 0)
		return TS_EXIT_STORE;
	sqlite3_stmt *q = store_prepare(st,
		"SELECT model, sum(tokens), count(*) FROM rank_row GROUP BY model ORDER BY model");
	if (!q) {
		refdata_finish(&rd);
		return TS_EXIT_STORE;
	}
	size_t missing = 0, n_unknown = 0, cap = 0;
	struct unknown_model {
		char *line;
		int64_t tokens;
	} *unknown = NULL;
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *model = store_column_text(q, 0);
		int64_t tokens = sqlite3_column_int64(q, 1), rows = sqlite3_column_int64(q, 2);
		struct model_origin o;
		refdata_resolve(&rd, model, &o);
		if (o.unattributed || o.author_country)
			continue;
		if (o.author || o.override) {
			// Named, but its maker's country is not known: listed after, by tokens.
			xgrow(&unknown, &cap, n_unknown + 1, sizeof *unknown);
			unknown[n_unknown++] = (struct unknown_model){
				xasprintf("%s\t%lld tokens in %lld rows\tcountry not known (%s %s)",
				          text_safe(model), (long long)tokens, (long long)rows,
				          o.override ? "model override" : "author",
				          text_safe(o.override ? o.override->model_prefix : o.author)),
				tokens};
			continue;
		}
		printf("%s\t%lld tokens in %lld rows\n", text_safe(model), (long long)tokens,
		       (long long)rows);
		missing++;
	}
	sqlite3_finalize(q);
	// Largest first; ties by line (the model's name).
	for (size_t i = 1; i < n_unknown; i++) {
		struct unknown_model x = unknown[i];
		size_t k = i;
		for (; k > 0 && (unknown[k - 1].tokens < x.tokens ||
		                 (unknown[k - 1].tokens == x.tokens &&
		                  strcmp(unknown[k - 1].line, x.line) > 0)); k--)
			unknown[k] = unknown[k - 1];
		unknown[k] = x;
	}
	for (size_t i = 0; i < n_unknown; i++) {
		printf("%s\n", unknown[i].line);
		free(unknown[i].line);
	}
	free(unknown);
	if (missing)
		log_warning("%zu model%s whose author the mapping %s does not name (reported as "
		            "unknown)", missing, missing == 1 ? "" : "s", rd.version);
	if (n_unknown)
		log_warning("%zu model%s whose maker's country the mapping %s does not know (reported "
		            "as unknown; data/reference/mapping.md says what was searched)", n_unknown,
		            n_unknown == 1 ? "" : "s", rd.version);
	refdata_finish(&rd);
	return missing ? TS_EXIT_REJECTED : TS_EXIT_OK;
}

int cmd_reference(int argc, char **argv, struct cli_global *g)
{
	static const struct option options[] = {
		{"built-in", no_argument, NULL, 'B'},
		{"db", required_argument, NULL, 'D'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	bool builtin = false;
	int c;
	optind = 0;
	opterr = 0;     // cli_option_error says what was wrong
	while ((c = getopt_long(argc, argv, "qh", options, NULL)) != -1) {
		switch (c) {
		case 'B':
			builtin = true;
			break;
		case 'D':
			g->db = optarg;
			break;
		case 'q':
			g->quiet = true;
			break;
		case 'h':
			usage(stdout);
			return TS_EXIT_OK;
		default:
			return cli_option_error("reference", argc, argv, options);
		}
	}
	if (optind >= argc)
		return cli_usage_error("reference", "which action: load, show, list or unmapped?");
	const char *action = argv[optind];
	int rest = argc - optind - 1;
	bool is_load = strcmp(action, "load") == 0;
	if (is_load && rest != (builtin ? 0 : 1))
		return cli_usage_error("reference", "load takes one directory, or --built-in");
	if (!is_load && (rest != 0 || builtin))
		return cli_usage_error("reference", "%s takes no arguments", action);
	if (!is_load && strcmp(action, "show") != 0 && strcmp(action, "list") != 0 &&
	    strcmp(action, "unmapped") != 0)
		return cli_usage_error("reference", "unknown action '%s'", action);

	char *db_path = cli_db_path(g);
	if (!db_path)
		return cli_usage_error("reference", "no database: give --db or set TOKENSHARE_DB");
	struct store st;
	if (store_open(&st, db_path, is_load ? STORE_WRITE : STORE_READ) != 0) {
		free(db_path);
		return TS_EXIT_STORE;
	}
	free(db_path);
	int status;
	if (is_load)
		status = load(&st, builtin ? NULL : argv[optind + 1], g);
	else if (strcmp(action, "show") == 0)
		status = show(&st);
	else if (strcmp(action, "list") == 0)
		status = list(&st);
	else
		status = unmapped(&st);
	store_close(&st);
	return status;
}
