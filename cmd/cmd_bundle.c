/*
 * "tokenshare bundle": a dashboard packed for publication, and the check of
 * a bundle against its manifest. "tokenshare dashboard": the dashboard's
 * files alone.
 *
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/commands.h"
#include "core/cli.h"
#include "core/log.h"
#include "core/outdir.h"
#include "core/xalloc.h"
#include "reporter/publish/bundle.h"
#include "reporter/publish/dash_dir.h"
#include "reporter/publish/dashboard.h"
#include "store/store.h"

static void dashboards_help(FILE *fp)
{
	fprintf(fp, "\nDashboards: %s, or the path of a .dash file.\n", dashboard_names());
}

/*
 * Renders a dashboard into a work directory beside dir and swaps it in: a
 * web server serving dir shows the old page or the new one, never a mix,
 * and a failed or killed render leaves the old one. A dir holding anything
 * a dashboard does not write is refused rather than replaced.
 */
static int render_dashboard(struct store *st, const struct dashboard *d, const char *dir,
                            bool quiet)
{
	const char *foreign = NULL;
	if (!dashboard_dir_replaceable(dir, &foreign)) {
		log_error("%s holds %s, which a dashboard does not write; it is not replaced "
		          "(give a new or empty directory, or one a dashboard wrote)", dir,
		          foreign ? foreign : "something that is not a directory");
		free((char *)foreign);
		return TS_EXIT_OUTPUT;
	}
	struct outdir out;
	int err = outdir_begin(&out, dir);
	if (err) {
		log_error("%s: cannot create a work directory beside it: %s", dir, strerror(-err));
		return TS_EXIT_OUTPUT;
	}
	char **files = NULL;
	size_t n = 0;
	struct dash_sources page;
	int rc = dashboard_sources(st, d, &page) != 0 ? TS_EXIT_STORE
	         : dashboard_render(st, d, out.work, &page, &files, &n);
	dash_sources_finish(&page);
	if (rc) {
		outdir_abort(&out);
	} else if ((err = outdir_commit(&out, true)) != 0) {
		log_error("%s: cannot move the new page into place: %s", dir, strerror(-err));
		rc = TS_EXIT_OUTPUT;
	}
	for (size_t i = 0; i < n; i++) {
		if (!rc && !quiet)
			printf("wrote %s/%s\n", dir, files[i]);
		free(files[i]);
	}
	free(files);
	return rc;
}

/* The built-in dashboards, for completion (a test checks them against
 * dashboard_names()); a .dash file's path is completed too. */
#define DASHBOARD_NAMES "market-overview own-traffic weekly-share"

enum {
	OPT_DASHBOARD = 0x200,
	OPT_VERIFY,
	OPT_TAR,
	OPT_KNOWN_AT,
};

static const struct cli_opt known_at_opt[] = {
	CLI_STRING(0, "known-at", OPT_KNOWN_AT, "DATE",
	           "label every view with the facts public on DATE\n"
	           "(see tokenshare report --help)"),
	CLI_END,
};

static const struct cli_opt bundle_options[] = {
	CLI_CHOICE(0, "dashboard", OPT_DASHBOARD, "NAME", DASHBOARD_NAMES,
	           "the dashboard to bundle (a name or a .dash file)"),
	CLI_GROUP(known_at_opt),
	CLI_BOOL(0, "tar", OPT_TAR, "write one ustar archive FILE.tar instead of a directory"),
	CLI_FILE('o', "output", 'o', "DIR", "the bundle's directory (must not exist), or with\n"
	         "--tar the archive"),
	CLI_DIR(0, "verify", OPT_VERIFY, "DIR", "check the bundle in DIR against its MANIFEST"),
	CLI_END,
};

static const struct cli_opt dashboard_options[] = {
	CLI_GROUP(known_at_opt),
	CLI_DIR('o', "output", 'o', "DIR", "the directory to render into (replaced whole)"),
	CLI_END,
};

/* What the options say. */
struct bundle_args {
	const char *cmd;
	const char *name, *dir, *verify, *known_text;
	int32_t known_at;       // UTC day; INT32_MAX: not given
	bool tar;
};

static int on_option(void *ctx, int id, const char *arg)
{
	struct bundle_args *a = ctx;
	switch (id) {
	case OPT_DASHBOARD:
		a->name = arg;
		break;
	case 'o':
		if (!*arg)
			return cli_usage_error(a->cmd, "-o needs a path");
		a->dir = arg;
		break;
	case OPT_VERIFY:
		a->verify = arg;
		break;
	case OPT_TAR:
		a->tar = true;
		break;
	case OPT_KNOWN_AT:
		if (!cli_parse_date(arg, &a->known_at))
			return cli_usage_error(a->cmd, "--known-at '%s' is not a date in the form "
			                       "YYYY-MM-DD", arg);
		a->known_text = arg;
		break;
	}
	return 0;
}

static int run(int argc, char **argv, struct cli_global *g, bool bundle)
{
	struct bundle_args a = {.cmd = bundle ? "bundle" : "dashboard", .known_at = INT32_MAX};
	int parsed = cli_parse(bundle ? &cmd_bundle : &cmd_dashboard, argc, argv, g, on_option, &a);
	if (parsed != CLI_GO_ON)
		return parsed;
	const char *cmd = a.cmd;
	const char *name = a.name, *dir = a.dir, *verify = a.verify, *known_text = a.known_text;
	int32_t known_at = a.known_at;
	bool tar = a.tar;
	if (dir && strcmp(dir, "-") == 0 && tar)
		return cli_usage_error(cmd, "-o -: the archive's top directory is named after "
		                       "FILE.tar, so --tar needs a file name");
	if (dir && cli_output_dir(cmd, dir))
		return TS_EXIT_USAGE;
	if (!bundle && optind == argc - 1)
		name = argv[optind++];
	if (optind != argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if (bundle && verify) {
		if (name || dir || tar)
			return cli_usage_error(cmd, "--verify takes only the bundle's directory");
		return bundle_verify(verify);
	}
	if (!name || !dir)
		return cli_usage_error(cmd, bundle ? "give --dashboard NAME and -o DIR"
		                                   : "give NAME and -o DIR");
	struct dashboard d;
	if (dashboard_load(&d, name) != 0)
		return TS_EXIT_USAGE;
	if (known_at != INT32_MAX)
		dashboard_known_at(&d, known_at);
	struct store st;
	int err = command_open_store(cmd, g, &st, STORE_READ);
	if (err) {
		dashboard_finish(&d);
		return err;
	}
	int rc;
	if (bundle) {
		// The command as given, with the output path (which does not change the
		// bytes) written as DIR, so bundles made elsewhere stay identical.
		char *command = xasprintf("tokenshare bundle --dashboard %s%s%s %s", name,
		                          known_text ? " --known-at " : "", known_text ? known_text : "",
		                          tar ? "--tar -o FILE.tar" : "-o DIR");
		rc = bundle_write(&st, &d, dir, command, tar);
		free(command);
		if (!rc && !g->quiet)
			printf(tar ? "wrote the bundle %s (%zu views; unpack it and check it with "
			             "tokenshare bundle --verify)\n"
			           : "wrote the bundle %s (%zu views; check it with tokenshare bundle --verify "
			             "%s)\n", dir, d.n_views, dir);
	} else {
		rc = render_dashboard(&st, &d, dir, g->quiet);
	}
	store_close(&st);
	dashboard_finish(&d);
	return rc;
}

static int run_bundle(int argc, char **argv, struct cli_global *g)
{
	return run(argc, argv, g, true);
}

static int run_dashboard(int argc, char **argv, struct cli_global *g)
{
	return run(argc, argv, g, false);
}

const struct cli_command cmd_bundle = {
	.name = "bundle",
	.summary = "a dashboard with method, citation, checksums; --verify",
	.synopsis = "bundle --dashboard NAME [--known-at DATE] -o DIR\n"
	            "bundle --dashboard NAME [--known-at DATE] --tar -o FILE.tar\n"
	            "bundle --verify DIR",
	.about = "Write a dashboard's tables and charts with what reproduces them: METHOD.md,\n"
	         "CITATION, the mapping tables (mapping/), the dashboard definition and\n"
	         "MANIFEST (sha256 of every file, tool, schema and mapping versions, the\n"
	         "command). DIR must not exist; it appears whole or not at all. The same\n"
	         "database and arguments give the same bytes. --tar writes one ustar archive\n"
	         "instead, its files under a directory named after it, dated at the data's\n"
	         "as-of. --verify checks a bundle (an unpacked one) against its MANIFEST\n"
	         "(exit 1 on any difference).\n",
	.opts = bundle_options,
	.more_help = dashboards_help,
	.run = run_bundle,
};

const struct cli_command cmd_dashboard = {
	.name = "dashboard",
	.summary = "render a named set of tables and charts",
	.synopsis = "dashboard NAME [--known-at DATE] -o DIR",
	.about = "Render a dashboard's views (CSV, JSON, charts) into DIR. --known-at DATE\n"
	         "labels every view with the facts public on DATE.\n",
	.opts = dashboard_options,
	.operands = DASHBOARD_NAMES,
	.operand_complete = CLI_COMPLETE_FILE,
	.more_help = dashboards_help,
	.run = run_dashboard,
};
