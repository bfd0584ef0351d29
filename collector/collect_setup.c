/*
 * Command line, configuration and keys for poll and collect (see
 * collect_setup.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collector/collect_setup.h"
#include "collector/poll/secret.h"
#include "core/log.h"
#include "core/xalloc.h"

const struct cli_opt collect_args_opts[] = {
	CLI_FILE(0, "config", 0x200, "FILE", "the configuration file (default: $TOKENSHARE_CONF,\n"
	         "else /etc/tokenshare/tokenshare.conf)"),
	CLI_BOOL(0, "check", 0x201, "print the configuration in force and exit"),
	CLI_END,
};

/* True if key (underscores) names a setting; else a usage error, with the
 * setting meant if the key is a slip of one. */
static bool known_setting(const char *cmd, const char *key)
{
	if (config_known(key))
		return true;
	const char *names[64];
	size_t n = 0;
	for (const struct cli_opt *o = config_options(); o->long_name && n < 64; o++)
		names[n++] = o->long_name;
	char dashed[64];
	snprintf(dashed, sizeof dashed, "%s", key);
	for (char *p = dashed; *p; p++)
		*p = *p == '_' ? '-' : *p;
	const char *near = cli_closest(dashed, names, n);
	if (near)
		cli_usage_error(cmd, "unknown option '--%s'; did you mean '--%s'?", dashed, near);
	else
		cli_usage_error(cmd, "unknown option '--%s' (the settings are tokenshare.conf(5)'s)",
		                dashed);
	return false;
}

int collect_args_parse(int argc, char **argv, const char *cmd, struct cli_global *g,
                       struct collect_args *a)
{
	*a = (struct collect_args){.db = g->db};
	a->set = xcalloc((size_t)argc * 2 + 2, sizeof *a->set);
	a->operands = xcalloc((size_t)argc + 1, sizeof *a->operands);
	bool options_done = false;
	for (int i = 1; i < argc; i++) {
		char *arg = argv[i];
		if (options_done || arg[0] != '-' || !arg[1]) {
			a->operands[a->n_operands++] = arg;
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			options_done = true;
			continue;
		}
		if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
			a->help = true;
			continue;
		}
		if (strcmp(arg, "--check") == 0) {
			a->check = true;
			continue;
		}
		// The global options, after the command as before it.
		if (strcmp(arg, "-q") == 0 || strcmp(arg, "--quiet") == 0) {
			g->quiet = true;
			continue;
		}
		if (strcmp(arg, "-v") == 0 || strcmp(arg, "--verbose") == 0) {
			log_set_level(LOG_DEBUG);
			continue;
		}
		if (strncmp(arg, "--", 2) != 0)
			return cli_usage_error(cmd, "unknown option '%s'", arg);
		// --name=value or --name value; dashes in names stand for underscores.
		char *name = arg + 2;
		char *eq = strchr(name, '=');
		const char *value;
		size_t len = eq ? (size_t)(eq - name) : strlen(name);
		if (eq) {
			value = eq + 1;
		} else if (i + 1 < argc) {
			value = argv[++i];
		} else {
			return cli_usage_error(cmd, "option '--%s' needs a value", name);
		}
		char *key = xstrndup(name, len);
		for (char *p = key; *p; p++)
			*p = *p == '-' ? '_' : *p;
		if (strcmp(key, "config") == 0) {
			a->config_path = value;
			free(key);
		} else if (strcmp(key, "db") == 0) {
			a->db = value;
			free(key);
		} else if (!known_setting(cmd, key)) {
			free(key);
			return TS_EXIT_USAGE;
		} else {
			a->set[2 * a->n_set] = key;
			a->set[2 * a->n_set + 1] = value;
			a->n_set++;
		}
	}
	return 0;
}

void collect_args_finish(struct collect_args *a)
{
	for (size_t i = 0; i < a->n_set; i++)
		free((char *)a->set[2 * i]);
	free(a->set);
	free(a->operands);
	*a = (struct collect_args){0};
}

int collect_setup_load(const struct collect_args *a, struct collect_setup *s, FILE *err)
{
	*s = (struct collect_setup){0};
	config_defaults(&s->cfg);
	// The default file may be missing; one named on the command line may not.
	const char *path = a->config_path ? a->config_path : config_default_path();
	int problems = config_load(&s->cfg, path, a->config_path == NULL, err) != 0;
	for (size_t i = 0; i < a->n_set; i++)
		problems += config_set(&s->cfg, a->set[2 * i], a->set[2 * i + 1], err) != 0;
	if (a->db)
		problems += config_set(&s->cfg, "database", a->db, err) != 0;
	if (!problems)
		problems += config_check(&s->cfg, err) != 0;
	if (!problems) {
		secret_protect_process();
		problems += secret_load(s->cfg.api_key_file, "TOKENSHARE_API_KEY", &s->api_key,
		                        err) != 0;
		problems += secret_load(s->cfg.management_key_file, "TOKENSHARE_MANAGEMENT_KEY",
		                        &s->management_key, err) != 0;
	}
	if (problems) {
		collect_setup_finish(s);
		return -1;
	}
	return 0;
}

void collect_setup_finish(struct collect_setup *s)
{
	config_finish(&s->cfg);
	secret_free(s->api_key);
	secret_free(s->management_key);
	*s = (struct collect_setup){0};
}

void collect_set_log_level(const struct config *c, const struct cli_global *g)
{
	static int verbose = -1;        // -v, as main() left the level at the first call
	if (verbose < 0)
		verbose = log_enabled(LOG_DEBUG);
	if (verbose)
		return;
	static const struct {
		const char *name;
		enum log_level level;
	} levels[] = {{"error", LOG_ERROR}, {"warning", LOG_WARNING}, {"info", LOG_INFO},
	              {"debug", LOG_DEBUG}};
	enum log_level level = LOG_INFO;
	for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
		if (strcmp(c->log_level, levels[i].name) == 0)
			level = levels[i].level;
	}
	if (g->quiet && level > LOG_WARNING)
		level = LOG_WARNING;
	log_set_level(level);
}
