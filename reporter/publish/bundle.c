/*
 * Writing and verifying bundles (see bundle.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "core/buf.h"
#include "core/cleanup.h"
#include "core/cli.h"
#include "core/embedded.h"
#include "core/log.h"
#include "core/outdir.h"
#include "core/sha256.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "mapping/refdata.h"
#include "reporter/publish/bundle.h"
#include "reporter/publish/citation.h"
#include "reporter/publish/csvw.h"
#include "reporter/publish/dashboard.h"
#include "reporter/publish/method.h"
#include "reporter/publish/output.h"
#include "reporter/publish/tar.h"
#include "reporter/views/share.h"
#include "store/mapping_store.h"
#include "store/store.h"

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

/*
 * Opens rel under the directory root for reading without following a
 * symbolic link at any step and only if it is a regular file (a FIFO or a
 * device would hang the check or feed it without end). Returns the
 * descriptor, or -errno: -ELOOP for a link, -EPERM for another kind of file.
 */
static int open_inside(int root, const char *rel)
{
	int dir = dup(root);
	const char *p = rel;
	while (dir >= 0) {
		const char *slash = strchr(p, '/');
		char part[NAME_MAX + 1];
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		if (len == 0 || len > NAME_MAX) {
			close(dir);
			return -ENOENT;
		}
		memcpy(part, p, len);
		part[len] = '\0';
		int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (slash ? O_DIRECTORY : O_NONBLOCK | O_NOCTTY);
		int fd = openat(dir, part, flags);
		int err = errno;
		close(dir);
		if (fd < 0)
			return err == ENOTDIR && slash ? -ELOOP : -err;
		if (!slash) {
			struct stat sb;
			if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
				close(fd);
				return -EPERM;
			}
			return fd;
		}
		dir = fd;
		p = slash + 1;
	}
	return -errno;
}

/* What open_inside's error means for a bundle's file. */
static const char *inside_error(int err)
{
	return err == -ELOOP ? "a symbolic link (a bundle holds files only)"
	       : err == -EPERM ? "not a regular file"
	       : err == -ENOENT ? "missing"
	                        : strerror(-err);
}

/* sha256 of rel under root; 0 or the error of open_inside or the read. */
static int hash_inside(int root, const char *rel, char hex[SHA256_HEX_LEN + 1])
{
	int fd = open_inside(root, rel);
	if (fd < 0)
		return fd;
	// O_NONBLOCK only kept a FIFO from blocking the open; a file reads as usual.
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	struct buf b = {0};
	int err = file_read_fd(fd, (size_t)1 << 31, &b);
	close(fd);
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

static void add_file(char ***files, size_t *n, char *name)
{
	*files = xrealloc(*files, (*n + 1) * sizeof **files);
	(*files)[(*n)++] = name;
}

/*
 * mapping/ of the bundle: the tables of the active mapping (loadable with
 * reference load), a CSVW sidecar of each, and the notes of the built-in
 * tables (their rules, sources and doubtful cases). A TS_EXIT_* status.
 */
static int write_mapping(struct store *st, const char *work, char ***files, size_t *n)
{
	struct refdata rd = {0};
	char *mapdir = xasprintf("%s/mapping", work);
	int rc = TS_EXIT_OK;
	if (mapping_store_load(&rd, st, NULL) != 0 || mkdir(mapdir, 0777) != 0 ||
	    refdata_write_dir(&rd, mapdir) != 0) {
		log_error("cannot write the mapping tables");
		rc = TS_EXIT_OUTPUT;
	}
	bool builtin = !rc && strcmp(rd.origin, "built-in") == 0;
	char *source = builtin ? xasprintf("tokenshare's built-in reference tables, mapping %s; "
	                                   "each row names its own source", rd.version)
	                       : xasprintf("reference tables loaded from %s, mapping %s; each row "
	                                   "names its own source", rd.origin, rd.version);
	for (size_t i = 0; !rc && refdata_table_file(i); i++) {
		const char *file = refdata_table_file(i);
		char *title = xasprintf("Mapping table %s (mapping %s)", file, rd.version);
		// The built-in tables are part of tokenshare and under its licence.
		struct csvw_meta m = {title, NULL, source,
		                      builtin ? "https://opensource.org/licenses/MIT" : NULL, NULL, NULL};
		if (csvw_write(mapdir, file, &m) != 0)
			rc = TS_EXIT_OUTPUT;
		add_file(files, n, xasprintf("mapping/%s", file));
		add_file(files, n, xasprintf("mapping/%s" CSVW_SUFFIX, file));
		free(title);
	}
	for (size_t i = 0; !rc && i < embedded_notes_count; i++) {
		const struct embedded_file *f = &embedded_notes[i];
		struct buf b = {.data = (char *)f->data, .len = f->len};
		if (output_write_buf(mapdir, f->name, &b) != 0)
			rc = TS_EXIT_OUTPUT;
		add_file(files, n, xasprintf("mapping/%s", f->name));
	}
	free(source);
	free(mapdir);
	refdata_finish(&rd);
	return rc;
}

int bundle_write(struct store *st, const struct dashboard *d, const char *dir,
                 const char *command, bool tar)
{
	struct stat sb;
	if (lstat(dir, &sb) == 0) {
		log_error("%s exists: a bundle is written to a new %s (remove it or choose "
		          "another)", dir, tar ? "file" : "directory");
		return TS_EXIT_OUTPUT;
	}
	char *top = tar ? tar_top(dir) : NULL;
	if (tar && (!*top || strspn(top, ".") == strlen(top))) {
		// "...tar" would make every entry "../file": outside wherever it is unpacked.
		log_error("%s: the archive's name without .tar is its top directory and must be "
		          "a plain name", dir);
		free(top);
		return TS_EXIT_USAGE;
	}
	struct outdir out;
	int oerr = outdir_begin(&out, dir);
	if (oerr) {
		log_error("%s: cannot create a work directory beside it: %s", dir, strerror(-oerr));
		free(top);
		return TS_EXIT_OUTPUT;
	}
	const char *work = out.work;
	char **files = NULL;
	size_t n = 0;
	// The citation, mapping and coverage of the whole data the views read.
	struct dash_sources src = {0};
	int rc = dashboard_sources(st, d, &src) != 0 ? TS_EXIT_STORE
	         : dashboard_render(st, d, work, &src, &files, &n);
	const struct share_table *t = &src.t[0];
	if (!rc)
		rc = write_mapping(st, work, &files, &n);
	if (!rc) {
		char *as_of = method_as_of(src.t, src.n);
		struct buf m = {0}, c = {0}, cff = {0}, bib = {0}, def = {0};
		method_markdown(&m, d, src.t, src.n, as_of);
		citation_text(&c, d, src.t, src.n, as_of);
		citation_cff(&cff, d, src.t, src.n);
		citation_bibtex(&bib, d, src.t, src.n);
		buf_append_str(&def, d->text);
		const struct {
			const char *name;
			const struct buf *text;
		} extra[] = {{"METHOD.md", &m}, {"CITATION", &c}, {"CITATION.cff", &cff},
		             {"CITATION.bib", &bib}, {"dashboard.dash", &def}};
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
			char *tmp = xasprintf("%s.tar", work);
			int handle = cleanup_register(tmp, 0);
			if (tar_write(tmp, work, top, files, n, t->as_of_max) != 0 ||
			    rename(tmp, out.target) != 0) {
				log_errno(LOG_ERROR, "%s: cannot write the archive", dir);
				unlink(tmp);
				rc = TS_EXIT_OUTPUT;
			}
			cleanup_forget(handle);
			free(tmp);
		}
		buf_finish(&m);
		buf_finish(&c);
		buf_finish(&cff);
		buf_finish(&bib);
		buf_finish(&def);
		buf_finish(&man);
		free(as_of);
	}
	if (!rc && !tar) {
		int err = outdir_commit(&out, false);
		if (err) {
			log_error("%s: cannot move the bundle into place: %s", dir, strerror(-err));
			rc = TS_EXIT_OUTPUT;
		}
	} else {
		// Leave nothing half-written (or, for a tar, nothing but the archive).
		outdir_abort(&out);
	}
	for (size_t i = 0; i < n; i++)
		free(files[i]);
	free(files);
	free(top);
	dash_sources_finish(&src);
	return rc;
}

/* Lists everything under dir (relative paths), hidden entries included,
 * without following links: a directory is walked, anything else listed. */
static void list_files(const char *root, const char *rel, char ***out, size_t *n)
{
	char *path = *rel ? xasprintf("%s/%s", root, rel) : xstrdup(root);
	DIR *d = opendir(path);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *r = *rel ? xasprintf("%s/%s", rel, e->d_name) : xstrdup(e->d_name);
		char *full = xasprintf("%s/%s", root, r);
		struct stat sb;
		if (lstat(full, &sb) == 0 && S_ISDIR(sb.st_mode)) {
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
	int root = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root < 0) {
		fprintf(stderr, "%s: cannot open: %s\n", dir, strerror(errno));
		free(man_path);
		return TS_EXIT_REJECTED;
	}
	struct buf man = {0};
	int fd = open_inside(root, MANIFEST), err = fd;
	if (fd >= 0) {
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
		err = file_read_fd(fd, 1 << 24, &man);
		close(fd);
	}
	if (err) {
		fprintf(stderr, "%s: cannot read: %s\n", man_path, inside_error(err));
		free(man_path);
		buf_finish(&man);
		close(root);
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
		char hex[SHA256_HEX_LEN + 1];
		const char *shown = text_safe(name);
		if (!inside(name)) {
			fprintf(stderr, "%s:%zu: %s: outside the bundle\n", man_path, line, shown);
			problems++;
		} else if ((err = hash_inside(root, name, hex)) != 0) {
			fprintf(stderr, "%s:%zu: %s: %s\n", man_path, line, shown, inside_error(err));
			problems++;
		} else if (memcmp(hex, p, SHA256_HEX_LEN) != 0) {
			fprintf(stderr, "%s:%zu: %s: changed (sha256 %s, the manifest says %.64s)\n",
			        man_path, line, shown, hex, p);
			problems++;
		}
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
			fprintf(stderr, "%s: %s: not in the manifest\n", dir, text_safe(present[i]));
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
	close(root);
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
