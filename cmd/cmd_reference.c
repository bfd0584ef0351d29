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

#include "cmd/commands.h"
#include "core/cli.h"
#include "core/date.h"
#include "core/log.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "mapping/refdata.h"
#include "store/mapping_read.h"
#include "store/mapping_store.h"
#include "store/rankings_store.h"
#include "store/store.h"

static int load(struct store *st, const char *dir, const struct cli_global *g)
{
	struct refdata rd;
	if ((dir ? refdata_parse_dir(&rd, dir) : refdata_parse_builtin(&rd)) != 0)
		return TS_EXIT_REJECTED;
	bool changed = false;
	int status = TS_EXIT_OK;
	if (store_begin(st) != 0 || store_new_batch(st, "reference load") < 0 ||
	    mapping_store_save(&rd, st, &changed) != 0 || store_commit(st) != 0) {
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
	if (mapping_store_load(&rd, st, NULL) != 0)
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

static void version_line(void *ctx, const struct mapping_version *v)
{
	const char *active = ctx;
	char when[TIMESTAMP_LEN + 1];
	date_format_timestamp(v->loaded_at, when);
	printf("%s %s loaded %s from %s\n", active && strcmp(active, v->version) == 0 ? "*" : " ",
	       v->version, when, v->origin);
}

static int list(struct store *st)
{
	char *active;
	if (store_get_setting(st, "mapping.active", &active) != 0)
		return TS_EXIT_STORE;
	int err = mapping_read_versions(st, version_line, active);
	free(active);
	return err ? TS_EXIT_STORE : TS_EXIT_OK;
}

struct unknown_model {
	char *line;
	int64_t tokens;
};

/* What unmapped() finds, model by model. */
struct unmapped_scan {
	struct refdata rd;
	size_t missing, n_unknown, cap;
	struct unknown_model *unknown;
};

static void check_model(void *ctx, const struct mapping_model_use *m)
{
	struct unmapped_scan *u = ctx;
	const char *model = m->model;
	int64_t tokens = m->tokens, rows = m->rows;
	struct model_origin o;
	refdata_resolve(&u->rd, model, &o);
	if (o.unattributed || o.author_country)
		return;
	if (o.author || o.override) {
		// Named, but its maker's country is not known: listed after, by tokens.
		xgrow(&u->unknown, &u->cap, u->n_unknown + 1, sizeof *u->unknown);
		u->unknown[u->n_unknown++] = (struct unknown_model){
			xasprintf("%s\t%lld tokens in %lld rows\tcountry not known (%s %s)",
			          text_safe(model), (long long)tokens, (long long)rows,
			          o.override ? "model override" : "author",
			          text_safe(o.override ? o.override->model_prefix : o.author)),
			tokens};
		return;
	}
	printf("%s\t%lld tokens in %lld rows\n", text_safe(model), (long long)tokens,
	       (long long)rows);
	u->missing++;
}

static int unmapped(struct store *st)
{
	struct unmapped_scan u = {0};
	if (mapping_store_load(&u.rd, st, NULL) != 0)
		return TS_EXIT_STORE;
	if (mapping_read_ranked_models(st, check_model, &u) != 0) {
		refdata_finish(&u.rd);
		return TS_EXIT_STORE;
	}
	size_t missing = u.missing, n_unknown = u.n_unknown;
	struct unknown_model *unknown = u.unknown;
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
		            "unknown)", missing, missing == 1 ? "" : "s", u.rd.version);
	if (n_unknown)
		log_warning("%zu model%s whose maker's country the mapping %s does not know (reported "
		            "as unknown; data/reference/mapping.md says what was searched)", n_unknown,
		            n_unknown == 1 ? "" : "s", u.rd.version);
	refdata_finish(&u.rd);
	return missing ? TS_EXIT_REJECTED : TS_EXIT_OK;
}

static const struct cli_opt options[] = {
	CLI_BOOL(0, "built-in", 'B', "load: the tables shipped in this binary"),
	CLI_END,
};

/* --built-in, the only option. */
static int on_option(void *ctx, int id, const char *arg)
{
	*(bool *)ctx = true;
	return 0;
}

static int run(int argc, char **argv, struct cli_global *g)
{
	bool builtin = false;
	int parsed = cli_parse(&cmd_reference, argc, argv, g, on_option, &builtin);
	if (parsed != CLI_GO_ON)
		return parsed;
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

	struct store st;
	int err = command_open_store("reference", g, &st, is_load ? STORE_WRITE : STORE_READ);
	if (err)
		return err;
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

const struct cli_command cmd_reference = {
	.name = "reference",
	.summary = "load, show or check the country mapping",
	.synopsis = "reference load DIR | load --built-in\n"
	            "reference show | list | unmapped",
	.about = "  load DIR      check authors.csv, model-overrides.csv and providers.csv in\n"
	         "                DIR, store them as a new mapping version and make it active;\n"
	         "                every report relabels all history with it (no re-ingest)\n"
	         "  load --built-in  go back to the tables shipped in this binary\n"
	         "  show          the active mapping: version, origin, table sizes\n"
	         "  list          every stored mapping version\n"
	         "  unmapped      author slugs in the stored data that the active mapping\n"
	         "                does not name (exit status 1 if there are any), then the\n"
	         "                models it names without a country, by tokens\n",
	.opts = options,
	.operands = "load show list unmapped",
	.operand_complete = CLI_COMPLETE_DIR,
	.run = run,
};
