/*
 * Shared command-line helpers (see cli.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/cli.h"
#include "core/date.h"
#include "core/paths.h"
#include "core/xalloc.h"

char *cli_db_path(const struct cli_global *g)
{
	if (g->db)
		return xstrdup(g->db);
	return paths_default_db();
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "tokenshare%s%s: ", cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'tokenshare%s%s --help'.\n", cmd ? " " : "", cmd ? cmd : "");
	return TS_EXIT_USAGE;
}

int cli_output_dir(const char *cmd, const char *arg)
{
	if (!*arg)
		return cli_usage_error(cmd, "-o needs a directory");
	if (strcmp(arg, "-") == 0)
		return cli_usage_error(cmd, "-o -: %s writes a directory of several files, which "
		                       "standard output cannot hold; name a directory", cmd);
	return 0;
}

bool cli_parse_date(const char *s, int32_t *day)
{
	return date_parse(s, strlen(s), day);
}

/* Optimal string alignment distance (an edit is an insertion, a deletion, a
 * substitution or a swap of neighbours); words are short, so O(n*m). */
static size_t edit_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	if (n > 64 || m > 64)
		return SIZE_MAX;
	size_t d[65][65];
	for (size_t i = 0; i <= n; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= n; i++) {
		for (size_t j = 1; j <= m; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t best = d[i - 1][j - 1] + cost;
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[n][m];
}

const char *cli_closest(const char *word, const char *const *names, size_t n)
{
	const char *best = NULL;
	size_t best_d = SIZE_MAX, len = strlen(word);
	for (size_t i = 0; i < n; i++) {
		size_t d = edit_distance(word, names[i]);
		// On a tie the name of the word's length wins: "tpo" is "top", not "to".
		if (d < best_d || (d == best_d && d != SIZE_MAX && strlen(names[i]) == len &&
		                   strlen(best) != len)) {
			best = names[i];
			best_d = d;
		}
	}
	// Near enough to be a slip: two edits, one for words of four letters or fewer.
	return best && best_d <= (len <= 4 ? 1 : 2) ? best : NULL;
}

int cli_option_error(const char *cmd, int argc, char *const *argv, const struct option *options)
{
	const char *arg = optind > 0 && optind - 1 < argc ? argv[optind - 1] : "";
	if (strncmp(arg, "--", 2) == 0) {
		size_t len = strcspn(arg + 2, "=");
		char name[64];
		snprintf(name, sizeof name, "%.*s", (int)(len < 63 ? len : 63), arg + 2);
		const char *names[256];
		size_t n = 0;
		for (const struct option *o = options; o->name && n < 256; o++) {
			if (strcmp(o->name, name) == 0)
				return cli_usage_error(cmd, o->has_arg == no_argument
				                            ? "option '--%s' takes no value"
				                            : "option '--%s' needs a value", name);
			names[n++] = o->name;
		}
		const char *near = cli_closest(name, names, n);
		if (near)
			return cli_usage_error(cmd, "unknown option '--%s'; did you mean '--%s'?", name,
			                       near);
		return cli_usage_error(cmd, "unknown option '--%s'", name);
	}
	// A short option: optopt is its letter (unknown, or known but without its value).
	for (const struct option *o = options; o->name; o++) {
		if (o->val == optopt && optopt > ' ' && optopt < 0x7f && o->has_arg != no_argument)
			return cli_usage_error(cmd, "option '-%c' needs a value", optopt);
	}
	if (optopt > ' ' && optopt < 0x7f)
		return cli_usage_error(cmd, "unknown option '-%c'", optopt);
	return cli_usage_error(cmd, "unknown option '%s'", arg);
}
