/*
 * Writing and verifying bundles (see bundle.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "core/buf.h"
#include "core/cli.h"
#include "core/log.h"
#include "core/refdata.h"
#include "core/sha256.h"
#include "core/store.h"
#include "core/xalloc.h"
#include "reporter/bundle.h"
#include "reporter/dashboard.h"
#include "reporter/method.h"
#include "reporter/output.h"
#include "reporter/share.h"
#include "reporter/tar.h"

#define MANIFEST "MANIFEST"

static int hash_file(const char *path, char hex[SHA256_HEX_LEN + 1])
{
	struct buf b = {0};
	int err = file_read_all(path, (size_t)1 << 31, &b);
	if (!err)
		sha256_hex(b.data ? b.data : "", b.len, hex);
	buf_finish(&b);
	return err;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The top directory of a tar bundle: the file's name without ".tar". */
static char *tar_top(const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t len = strlen(base);
	if (len > 4 && strcmp(base + len - 4, ".tar") == 0)
		len -= 4;
	return xstrndup(base, len);
}

int bundle_write(struct store *st, const struct dashboard *d, const char *dir,
                 const char *command, bool tar)
{
	struct stat sb;
	if (stat(dir, &sb) == 0) {
		log_error("%s exists: a bundle is written to a new directory (remove it or choose "
		          "another)", dir);
		return TS_EXIT_OUTPUT;
	}
	char *copy = xstrdup(dir);
	char *work = xasprintf("%s/.tokenshare-bundle-XXXXXX", dirname(copy));
	free(copy);
	if (!mkdtemp(work)) {
		log_errno(LOG_ERROR, "%s: cannot create a work directory", work);
		free(work);
		return TS_EXIT_OUTPUT;
	}
	char **files = NULL;
	size_t n = 0;
	// The citation, mapping and coverage of the whole data the views read.
	struct dash_sources src = {0};
	int rc = dashboard_sources(st, d, &src) != 0 ? TS_EXIT_STORE
	         : dashboard_render(st, d, work, &src, &files, &n);
	const struct share_table *t = &src.t[0];
	struct refdata rd = {0};
	char *mapdir = xasprintf("%s/mapping", work);
	if (!rc && (refdata_load(&rd, st, NULL) != 0 || mkdir(mapdir, 0777) != 0 ||
	            refdata_write_dir(&rd, mapdir) != 0)) {
		log_error("cannot write the mapping tables");
		rc = TS_EXIT_OUTPUT;
	}
	for (size_t i = 0; !rc && refdata_table_file(i); i++) {
		files = xrealloc(files, (n + 1) * sizeof *files);
		files[n++] = xasprintf("mapping/%s", refdata_table_file(i));
	}
	if (!rc) {
		char *as_of = method_as_of(src.t, src.n);
		struct buf m = {0}, c = {0}, def = {0};
		method_markdown(&m, d, src.t, src.n, as_of);
		method_citation(&c, d, src.t, src.n, as_of);
		buf_append_str(&def, d->text);
		const struct {
			const char *name;
			const struct buf *text;
		} extra[] = {{"METHOD.md", &m}, {"CITATION", &c}, {"dashboard.dash", &def}};
		for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++) {
			if (!rc && output_write_buf(work, extra[i].name, extra[i].text) != 0)
				rc = TS_EXIT_OUTPUT;
			files = xrealloc(files, (n + 1) * sizeof *files);
			files[n++] = xstrdup(extra[i].name);
		}
		xqsort(files, n, sizeof *files, cmp_str);
		struct buf man = {0};
		buf_printf(&man, "# tokenshare bundle\ntool: tokenshare %s\nschema: %d\n"
		           "mapping: %s (sha256 %s)\ndata as of: %s\ndashboard: %s (%s)\n"
		           "command: %s\n\n", TOKENSHARE_VERSION, store_schema_version(),
		           t->mapping_version, t->mapping_sha256, as_of, d->name, d->origin, command);
		for (size_t i = 0; !rc && i < n; i++) {
			char hex[SHA256_HEX_LEN + 1];
			char *p = xasprintf("%s/%s", work, files[i]);
			if (hash_file(p, hex) != 0) {
				log_error("%s: cannot read back", files[i]);
				rc = TS_EXIT_OUTPUT;
			}
			buf_printf(&man, "%s  %s\n", hex, files[i]);
			free(p);
		}
		if (!rc && output_write_buf(work, MANIFEST, &man))
			rc = TS_EXIT_OUTPUT;
		if (!rc && tar) {
			// The archive is made next to the target and renamed over nothing.
			files = xrealloc(files, (n + 1) * sizeof *files);
			files[n++] = xstrdup(MANIFEST);
			xqsort(files, n, sizeof *files, cmp_str);
			char *tmp = xasprintf("%s.tar", work), *top = tar_top(dir);
			if (tar_write(tmp, work, top, files, n, t->as_of_max) != 0 ||
			    rename(tmp, dir) != 0) {
				log_errno(LOG_ERROR, "%s: cannot write the archive", dir);
				unlink(tmp);
				rc = TS_EXIT_OUTPUT;
			}
			free(tmp);
			free(top);
		} else if (!rc && rename(work, dir) != 0) {
			log_errno(LOG_ERROR, "%s: cannot move the bundle into place", dir);
			rc = TS_EXIT_OUTPUT;
		}
		buf_finish(&m);
		buf_finish(&c);
		buf_finish(&def);
		buf_finish(&man);
		free(as_of);
	}
	if (rc || tar) {
		// Leave nothing half-written (or, for a tar, nothing but the archive):
		// remove the work directory and its files.
		for (size_t i = 0; i < n; i++) {
			char *p = xasprintf("%s/%s", work, files[i]);
			unlink(p);
			free(p);
		}
		char *man = xasprintf("%s/%s", work, MANIFEST);
		unlink(man);
		free(man);
		rmdir(mapdir);
		rmdir(work);
	}
	for (size_t i = 0; i < n; i++)
		free(files[i]);
	free(files);
	free(mapdir);
	free(work);
	dash_sources_finish(&src);
	refdata_finish(&rd);
	return rc;
}

/* Lists the regular files under dir (relative paths) into *out. */
static void list_files(const char *root, const char *rel, char ***out, size_t *n)
{
	char *path = *rel ? xasprintf("%s/%s", root, rel) : xstrdup(root);
	DIR *d = opendir(path);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *r = *rel ? xasprintf("%s/%s", rel, e->d_name) : xstrdup(e->d_name);
		char *full = xasprintf("%s/%s", root, r);
		struct stat sb;
		if (stat(full, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			list_files(root, r, out, n);
			free(r);
		} else {
			*out = xrealloc(*out, (*n + 1) * sizeof **out);
			(*out)[(*n)++] = r;
		}
		free(full);
	}
	if (d)
		closedir(d);
	free(path);
}

/* True if name is a relative path with no ".." part: a file inside the bundle. */
static bool inside(const char *name)
{
	if (name[0] == '/')
		return false;
	for (const char *p = name; *p; p += strcspn(p, "/"), p += *p == '/') {
		if (strncmp(p, "..", 2) == 0 && (p[2] == '/' || p[2] == '\0'))
			return false;
	}
	return true;
}

int bundle_verify(const char *dir)
{
	char *man_path = xasprintf("%s/%s", dir, MANIFEST);
	struct buf man = {0};
	int err = file_read_all(man_path, 1 << 24, &man);
	if (err) {
		fprintf(stderr, "%s: cannot read: %s\n", man_path, strerror(-err));
		free(man_path);
		return TS_EXIT_REJECTED;
	}
	char **listed = NULL;
	size_t n_listed = 0, problems = 0, line = 0;
	for (char *p = man.data, *next; p && *p; p = next) {
		line++;
		char *nl = strchr(p, '\n');
		next = nl ? nl + 1 : NULL;
		if (nl)
			*nl = '\0';
		if (strlen(p) < SHA256_HEX_LEN + 3 || p[SHA256_HEX_LEN] != ' ' ||
		    strspn(p, "0123456789abcdef") != SHA256_HEX_LEN)
			continue;       // a header line
		const char *name = p + SHA256_HEX_LEN + 2;
		char *file = xasprintf("%s/%s", dir, name);
		char hex[SHA256_HEX_LEN + 1];
		if (!inside(name)) {
			fprintf(stderr, "%s:%zu: %s: outside the bundle\n", man_path, line, name);
			problems++;
		} else if (hash_file(file, hex) != 0) {
			fprintf(stderr, "%s:%zu: %s: missing\n", man_path, line, name);
			problems++;
		} else if (memcmp(hex, p, SHA256_HEX_LEN) != 0) {
			fprintf(stderr, "%s:%zu: %s: changed (sha256 %s, the manifest says %.64s)\n",
			        man_path, line, name, hex, p);
			problems++;
		}
		free(file);
		listed = xrealloc(listed, (n_listed + 1) * sizeof *listed);
		listed[n_listed++] = xstrdup(name);
	}
	char **present = NULL;
	size_t n_present = 0;
	list_files(dir, "", &present, &n_present);
	for (size_t i = 0; i < n_present; i++) {
		bool known = strcmp(present[i], MANIFEST) == 0;
		for (size_t k = 0; !known && k < n_listed; k++)
			known = strcmp(present[i], listed[k]) == 0;
		if (!known) {
			fprintf(stderr, "%s: %s: not in the manifest\n", dir, present[i]);
			problems++;
		}
		free(present[i]);
	}
	free(present);
	for (size_t k = 0; k < n_listed; k++)
		free(listed[k]);
	free(listed);
	buf_finish(&man);
	free(man_path);
	if (!n_listed) {
		fprintf(stderr, "%s: the manifest lists no files\n", dir);
		problems++;
	}
	if (problems) {
		fprintf(stderr, "%s: %zu problem%s: the bundle does not match its manifest\n", dir,
		        problems, problems == 1 ? "" : "s");
		return TS_EXIT_REJECTED;
	}
	printf("%s: %zu files match the manifest\n", dir, n_listed);
	return TS_EXIT_OK;
}
