/*
 * Whether a dashboard's directory may be replaced (see dash_dir.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/xalloc.h"
#include "reporter/publish/dash_dir.h"

bool dashboard_dir_replaceable(const char *dir, const char **foreign)
{
	*foreign = NULL;
	struct stat sb;
	if (lstat(dir, &sb) != 0)
		return errno == ENOENT;
	if (S_ISLNK(sb.st_mode) && stat(dir, &sb) != 0)
		return false;
	if (!S_ISDIR(sb.st_mode))
		return false;
	static const char *const kinds[] = {".csv", ".json", ".dat", ".gp", ".png", ".svg"};
	DIR *d = opendir(dir);
	if (!d)
		return false;
	struct dirent *e;
	bool ok = true;
	while (ok && (e = readdir(d))) {
		const char *name = e->d_name;
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
		    strncmp(name, ".tokenshare-chart-", 18) == 0)
			continue;
		char *path = xasprintf("%s/%s", dir, name);
		bool regular = lstat(path, &sb) == 0 && S_ISREG(sb.st_mode);
		free(path);
		bool ours = regular && name[0] != '.' && strcmp(name, "index.html") == 0;
		const char *dot = strrchr(name, '.');
		for (size_t k = 0; regular && !ours && dot && name[0] != '.' &&
		                   k < sizeof kinds / sizeof kinds[0]; k++)
			ours = strcmp(dot, kinds[k]) == 0;
		if (!ours) {
			*foreign = xstrdup(name);
			ok = false;
		}
	}
	closedir(d);
	return ok;
}
