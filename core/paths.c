/*
 * Default database location (see paths.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/log.h"
#include "core/paths.h"
#include "core/xalloc.h"

static const struct {
	const char *env;        // variable to read
	const char *suffix;     // appended to its value
} db_search[] = {
	{"TOKENSHARE_DB", ""},
	{"XDG_STATE_HOME", "/tokenshare/tokenshare.db"},
	{"HOME", "/.local/state/tokenshare/tokenshare.db"},
};

char *paths_default_db(void)
{
	for (size_t i = 0; i < sizeof db_search / sizeof db_search[0]; i++) {
		const char *v = getenv(db_search[i].env);
		// XDG says a relative XDG_STATE_HOME is invalid and must be ignored.
		if (!v || !*v || (i > 0 && v[0] != '/'))
			continue;
		return xasprintf("%s%s", v, db_search[i].suffix);
	}
	return NULL;
}

int paths_make_parents(const char *path, mode_t mode)
{
	char *p = xstrdup(path);
	int err = 0;
	for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, mode) != 0 && errno != EEXIST) {
			err = -errno;
			break;
		}
		*s = '/';
	}
	free(p);
	return err;
}

int paths_make_dir(const char *dir)
{
	char *marker = xasprintf("%s/.", dir);
	int err = paths_make_parents(marker, 0777);
	free(marker);
	if (err) {
		errno = -err;
		log_errno(LOG_ERROR, "%s: cannot create the directory", dir);
		return -1;
	}
	return 0;
}
