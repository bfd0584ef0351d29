/*
 * The settings table and its parser (see config.h). File lines are
 * "key = value" (or "key value"); '#' starts a comment; "follow" may repeat.
 * Durations take a unit: ms, s, m, h, d (seconds when none, except for
 * follow_interval, in milliseconds). Sizes take KiB, MiB, GiB.
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/config.h"
#include "core/date.h"
#include "core/paths.h"
#include "core/text.h"
#include "core/xalloc.h"

enum kind {
	KIND_STRING,
	KIND_PATH,              // a string that must not be empty
	KIND_URL,               // http:// or https://
	KIND_DATE,              // YYYY-MM-DD into an int32_t day
	KIND_SECONDS,           // a duration in seconds
	KIND_MILLIS,            // a duration in milliseconds
	KIND_BYTES,
	KIND_COUNT,
	KIND_LIST,              // follow: appended
	KIND_LEVEL,             // a log level name
};

static const struct setting {
	const char *key;
	enum kind kind;
	size_t offset;
	const char *def;
	int64_t min, max;       // numbers: bounds (in the setting's unit)
	bool reload;            // a SIGHUP may change it
	const char *help;
} settings[] = {
	{"database", KIND_PATH, offsetof(struct config, database), NULL, 0, 0, false,
	 "the SQLite file (default: $TOKENSHARE_DB, else the XDG state directory)"},
	{"api_base", KIND_URL, offsetof(struct config, api_base), "https://openrouter.ai/api/v1",
	 0, 0, true, "OpenRouter API root"},
	{"api_key_file", KIND_STRING, offsetof(struct config, api_key_file), "", 0, 0, true,
	 "file holding the API key (mode 0600 or stricter); empty: $TOKENSHARE_API_KEY"},
	{"management_key_file", KIND_STRING, offsetof(struct config, management_key_file), "",
	 0, 0, true, "file holding a management key, for /activity; empty: $TOKENSHARE_MANAGEMENT_KEY"},
	{"rankings_start", KIND_DATE, offsetof(struct config, rankings_start), "2025-01-01",
	 0, 0, true, "first UTC day to collect (the Data API begins 2025-01-01)"},
	{"rankings_refetch", KIND_COUNT, offsetof(struct config, rankings_refetch), "2", 0, 366,
	 true, "completed days fetched again on every poll, to catch late restatements"},
	{"rankings_interval", KIND_SECONDS, offsetof(struct config, rankings_interval), "6h", 0,
	 30 * 86400, true, "how often to poll rankings-daily; 0 = never"},
	{"providers_interval", KIND_SECONDS, offsetof(struct config, providers_interval), "1d", 0,
	 30 * 86400, true, "how often to snapshot /providers; 0 = never"},
	{"models_interval", KIND_SECONDS, offsetof(struct config, models_interval), "1d", 0,
	 30 * 86400, true, "how often to snapshot /models (prices); 0 = never"},
	{"activity_interval", KIND_SECONDS, offsetof(struct config, activity_interval), "0", 0,
	 30 * 86400, true, "how often to fetch /activity (management key); 0 = never"},
	{"follow", KIND_LIST, offsetof(struct config, follow), NULL, 0, 0, true,
	 "a log file to follow (repeat the line for more)"},
	{"follow_interval", KIND_MILLIS, offsetof(struct config, follow_interval), "1000", 10,
	 3600000, true, "how often followed files are read, in milliseconds"},
	{"http_timeout", KIND_SECONDS, offsetof(struct config, http_timeout), "60s", 1, 3600, true,
	 "longest one HTTP request may take"},
	{"http_budget", KIND_SECONDS, offsetof(struct config, http_budget), "10m", 1, 86400, true,
	 "longest one fetch may take, retries and waits included"},
	{"http_max_body", KIND_BYTES, offsetof(struct config, http_max_body), "64MiB", 1024,
	 (int64_t)256 << 20, true, "largest response body accepted"},
	{"rate_per_minute", KIND_COUNT, offsetof(struct config, rate_per_minute), "30", 1, 1000,
	 true, "Data API requests per minute (OpenRouter allows 30)"},
	{"rate_per_day", KIND_COUNT, offsetof(struct config, rate_per_day), "500", 1, 100000, true,
	 "Data API requests per day (OpenRouter allows 500)"},
	{"log_level", KIND_LEVEL, offsetof(struct config, log_level), "info", 0, 0, true,
	 "error, warning, info or debug"},
};
#define N_SETTINGS (sizeof settings / sizeof settings[0])

static const struct setting *find(const char *key, size_t len)
{
	for (size_t i = 0; i < N_SETTINGS; i++) {
		if (strlen(settings[i].key) == len && memcmp(settings[i].key, key, len) == 0)
			return &settings[i];
	}
	return NULL;
}

static void *field(struct config *c, const struct setting *s)
{
	return (char *)c + s->offset;
}

/* A number with a unit suffix scaled to the setting's unit; NULL or why not. */
static const char *parse_number(const struct setting *s, const char *v, int64_t *out)
{
	char *end;
	errno = 0;
	long long n = strtoll(v, &end, 10);
	if (end == v || errno || n < 0)
		return "is not a non-negative whole number";
	static const struct {
		const char *unit;
		int64_t seconds_x1000;  // duration units in milliseconds
	} durations[] = {{"", 1000}, {"ms", 1}, {"s", 1000}, {"m", 60000}, {"h", 3600000},
	                 {"d", 86400000}};
	int64_t scale = 1;
	if (s->kind == KIND_SECONDS || s->kind == KIND_MILLIS) {
		bool found = false;
		for (size_t i = 0; i < sizeof durations / sizeof durations[0]; i++) {
			if (strcmp(end, durations[i].unit) == 0) {
				found = true;
				int64_t ms = durations[i].seconds_x1000;
				if (s->kind == KIND_MILLIS && !*end)
					ms = 1;         // follow_interval is in milliseconds
				if (s->kind == KIND_SECONDS && ms < 1000) {
					if (n * ms % 1000)
						return "is not a whole number of seconds";
					scale = 0;
					*out = n * ms / 1000;
				} else {
					scale = s->kind == KIND_SECONDS ? ms / 1000 : ms;
				}
			}
		}
		if (!found)
			return "has an unknown unit (ms, s, m, h or d)";
	} else if (s->kind == KIND_BYTES) {
		if (strcmp(end, "KiB") == 0)
			scale = 1024;
		else if (strcmp(end, "MiB") == 0)
			scale = 1024 * 1024;
		else if (strcmp(end, "GiB") == 0)
			scale = 1024 * 1024 * 1024;
		else if (*end)
			return "has an unknown unit (KiB, MiB or GiB)";
	} else if (*end) {
		return "is not a whole number";
	}
	if (scale) {
		if (n > INT64_MAX / scale)
			return "is too large";
		*out = n * scale;
	}
	if (*out < s->min || *out > s->max)
		return "is out of range";
	return NULL;
}

/* Sets s from the text v; returns NULL or why v is not valid. */

/* True if the authority of an http:// URL (rest = what follows "http://")
 * is this machine: 127.x.x.x, [::1] or localhost, with any port. */
static bool loopback_url(const char *rest)
{
	size_t n = strcspn(rest, "/?#");
	if (memchr(rest, '@', n))
		return false;   // user info: "localhost@elsewhere" is elsewhere
	size_t host = rest[0] == '[' ? strcspn(rest, "]") + 1 : strcspn(rest, ":/?#");
	if (host > n)
		return false;
	if (host == 5 && memcmp(rest, "[::1]", 5) == 0)
		return true;
	if (host == 9 && strncasecmp(rest, "localhost", 9) == 0)
		return true;
	if (host < 4 || memcmp(rest, "127.", 4) != 0)
		return false;
	int dots = 0;
	for (size_t i = 0; i < host; i++) {
		if (rest[i] == '.')
			dots++;
		else if (rest[i] < '0' || rest[i] > '9')
			return false;
	}
	return dots == 3;
}

static const char *assign(struct config *c, const struct setting *s, const char *v)
{
	int64_t n = 0;
	const char *why;
	switch (s->kind) {
	case KIND_URL:
		if (strncmp(v, "https://", 8) == 0)
			break;
		if (strncmp(v, "http://", 7) != 0)
			return "must start with https:// (or http:// for a server on this machine)";
		// The key goes in a header: in clear text only to this machine.
		if (!loopback_url(v + 7))
			return "may use http:// only for this machine (127.0.0.1, [::1] or localhost); "
			       "elsewhere the key would cross the network in clear text: use https://";
		break;
	case KIND_PATH:
		if (!*v)
			return "must not be empty";
		break;
	case KIND_DATE: {
		int32_t day;
		if (!date_parse(v, strlen(v), &day))
			return "is not a date in the form YYYY-MM-DD";
		*(int32_t *)field(c, s) = day;
		return NULL;
	}
	case KIND_LEVEL:
		if (strcmp(v, "error") && strcmp(v, "warning") && strcmp(v, "info") && strcmp(v, "debug"))
			return "must be error, warning, info or debug";
		break;
	case KIND_LIST:
		if (!*v)
			return "must name a file";
		if (c->n_follow == CONFIG_MAX_FOLLOW)
			return "too many follow lines (64 at most)";
		c->follow[c->n_follow++] = xstrdup(v);
		return NULL;
	case KIND_SECONDS:
	case KIND_MILLIS:
	case KIND_BYTES:
	case KIND_COUNT:
		if ((why = parse_number(s, v, &n)))
			return why;
		*(int64_t *)field(c, s) = n;
		return NULL;
	case KIND_STRING:
		break;
	}
	char **p = field(c, s);
	free(*p);
	*p = xstrdup(v);
	return NULL;
}

void config_defaults(struct config *c)
{
	*c = (struct config){0};
	for (size_t i = 0; i < N_SETTINGS; i++) {
		if (settings[i].def)
			assign(c, &settings[i], settings[i].def);
	}
	c->database = paths_default_db();
	if (!c->database)
		c->database = xstrdup("");
}

void config_finish(struct config *c)
{
	for (size_t i = 0; i < N_SETTINGS; i++) {
		const struct setting *s = &settings[i];
		if (s->kind == KIND_STRING || s->kind == KIND_PATH || s->kind == KIND_URL ||
		    s->kind == KIND_LEVEL)
			free(*(char **)field(c, s));
	}
	for (size_t i = 0; i < c->n_follow; i++)
		free(c->follow[i]);
	*c = (struct config){0};
}

int config_load(struct config *c, const char *path, bool optional, FILE *err)
{
	struct buf b = {0};
	int rc = file_read_all(path, 1 << 20, &b);
	if (rc == -ENOENT && optional)
		return 0;
	if (rc) {
		fprintf(err, "%s: cannot read: %s\n", path, strerror(-rc));
		return -1;
	}
	int problems = 0;
	bool follow_reset = false;
	unsigned long line = 0;
	for (char *p = b.data ? b.data : "", *next; *p; p = next) {
		line++;
		char *nl = strchr(p, '\n');
		next = nl ? nl + 1 : p + strlen(p);
		if (nl)
			*nl = '\0';
		char *hash = strchr(p, '#');
		if (hash)
			*hash = '\0';
		char *s = text_trim(p);
		if (!*s) {
			if (!nl)
				break;
			continue;
		}
		size_t klen = strcspn(s, " \t=");
		const struct setting *set = find(s, klen);
		char *v = s + klen;
		v += strspn(v, " \t");
		if (*v == '=')
			v = text_trim(v + 1);
		if (!set) {
			fprintf(err, "%s:%lu: unknown setting '%.*s'\n", path, line, (int)klen, s);
			problems++;
		} else {
			// The file's follow lines replace the defaults' (none) and any earlier list.
			if (set->kind == KIND_LIST && !follow_reset) {
				for (size_t i = 0; i < c->n_follow; i++)
					free(c->follow[i]);
				c->n_follow = 0;
				follow_reset = true;
			}
			const char *why = assign(c, set, v);
			if (why) {
				fprintf(err, "%s:%lu: %s '%s' %s\n", path, line, set->key, v, why);
				problems++;
			}
		}
		if (!nl)
			break;
	}
	buf_finish(&b);
	return problems ? -1 : 0;
}

int config_set(struct config *c, const char *key, const char *value, FILE *err)
{
	const struct setting *s = find(key, strlen(key));
	const char *why = s ? assign(c, s, value) : "is not a setting";
	if (why) {
		fprintf(err, "--%s '%s' %s\n", key, value, why);
		return -1;
	}
	return 0;
}

int config_check(const struct config *c, FILE *err)
{
	if (!c->database[0]) {
		fprintf(err, "no database: set 'database' in the configuration, give --db, or set "
		        "TOKENSHARE_DB\n");
		return -1;
	}
	return 0;
}

int config_fixed_changes(const struct config *old, const struct config *new_, FILE *err)
{
	int n = 0;
	for (size_t i = 0; i < N_SETTINGS; i++) {
		const struct setting *s = &settings[i];
		if (s->reload || s->kind != KIND_PATH)
			continue;
		const char *a = *(char *const *)((const char *)old + s->offset);
		const char *b = *(char *const *)((const char *)new_ + s->offset);
		if (strcmp(a, b) != 0) {
			fprintf(err, "%s cannot change on reload (restart to use %s); keeping %s\n",
			        s->key, b, a);
			n++;
		}
	}
	return n;
}

void config_print(const struct config *c, FILE *fp)
{
	struct config *cc = (struct config *)c;  // field() only reads here
	for (size_t i = 0; i < N_SETTINGS; i++) {
		const struct setting *s = &settings[i];
		switch (s->kind) {
		case KIND_DATE: {
			char d[DATE_LEN + 1];
			date_format(*(int32_t *)field(cc, s), d);
			fprintf(fp, "%s = %s\n", s->key, d);
			break;
		}
		case KIND_LIST:
			for (size_t k = 0; k < c->n_follow; k++)
				fprintf(fp, "%s = %s\n", s->key, c->follow[k]);
			break;
		case KIND_SECONDS:
			fprintf(fp, "%s = %llds\n", s->key, (long long)*(int64_t *)field(cc, s));
			break;
		case KIND_MILLIS:
		case KIND_BYTES:
		case KIND_COUNT:
			fprintf(fp, "%s = %lld\n", s->key, (long long)*(int64_t *)field(cc, s));
			break;
		case KIND_STRING:
		case KIND_PATH:
		case KIND_URL:
		case KIND_LEVEL:
			fprintf(fp, "%s = %s\n", s->key, *(char **)field(cc, s));
			break;
		}
	}
}

void config_print_table(FILE *fp)
{
	for (size_t i = 0; i < N_SETTINGS; i++) {
		const struct setting *s = &settings[i];
		fprintf(fp, "  %-20s %s%s (default %s)\n", s->key, s->help,
		        s->reload ? "" : "; not changed by a reload", s->def ? s->def : "none");
	}
}

bool config_known(const char *key)
{
	return find(key, strlen(key)) != NULL;
}

const struct cli_opt *config_options(void)
{
	static struct cli_opt opts[N_SETTINGS + 1];
	static char names[N_SETTINGS][32];
	static char helps[N_SETTINGS][160];
	if (opts[0].long_name)
		return opts;
	for (size_t i = 0; i < N_SETTINGS; i++) {
		const struct setting *s = &settings[i];
		snprintf(names[i], sizeof names[i], "%s", s->key);
		for (char *p = names[i]; *p; p++)
			*p = *p == '_' ? '-' : *p;
		snprintf(helps[i], sizeof helps[i], "%s%s (default: %s)", s->help,
		         s->reload ? "" : "; not changed by a reload",
		         !s->def ? "none" : *s->def ? s->def : "empty");
		bool path = s->kind == KIND_PATH || s->kind == KIND_LIST ||
		            strstr(s->key, "_file") != NULL;
		opts[i] = (struct cli_opt){(int)(CONFIG_OPTION_ID + i), 0, names[i], CLI_VALUE, "VALUE",
		                           helps[i], path ? CLI_COMPLETE_FILE : CLI_COMPLETE_NONE,
		                           NULL, NULL};
	}
	return opts;
}

const char *config_default_path(void)
{
	const char *env = getenv("TOKENSHARE_CONF");
	return env && *env ? env : "/etc/tokenshare/tokenshare.conf";
}
