/*
 * The reproducible bundle: a dashboard's files plus what a stranger needs to
 * check and regenerate them: METHOD.md (definitions, period rule, mapping
 * and its tables, prices, coverage, caveats), CITATION, CITATION.bib and
 * CITATION.cff (citation.h), the mapping tables and their notes under
 * mapping/, a CSVW sidecar beside every CSV (csvw.h), the dashboard
 * definition, and MANIFEST (sha256 of every file, the tool,
 * schema and mapping versions, the command line). Nothing in it depends on
 * the wall clock or the output path, so the same database and arguments
 * give the same bytes. The bundle is built in a temporary directory next
 * to the target and renamed into place whole.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_BUNDLE_H
#define TOKENSHARE_BUNDLE_H

#include <stdbool.h>

struct store;
struct dashboard;

/*
 * Writes the bundle of d into dir, which must not exist; with tar, dir is
 * the path of a ustar archive holding the bundle under one directory named
 * after it (without ".tar"), dated at the data's as-of. A TS_EXIT_* status.
 */
int bundle_write(struct store *st, const struct dashboard *d, const char *dir,
                 const char *command, bool tar);

/* Checks dir against its MANIFEST; prints each problem; a TS_EXIT_* status. */
int bundle_verify(const char *dir);

#endif
