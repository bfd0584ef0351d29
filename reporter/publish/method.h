/*
 * What a dashboard's numbers are, in words: METHOD.md of a bundle and the
 * method section of a dashboard page (Markdown); citation.h cites them.
 * It depends only on the data (its as-of, mapping, coverage), never on
 * the wall clock.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_METHOD_H
#define TOKENSHARE_METHOD_H

#include <stddef.h>

struct buf;
struct dashboard;
struct share_table;

/*
 * The tables are the whole data of each source the dashboard reads
 * (dashboard_sources()); the first one's mapping and coverage are described.
 */
/* "2026-09-28" (the rankings' as-of), or "logs up to DAY" for logs alone. */
char *method_as_of(const struct share_table *t, size_t n);
/* The method of d's numbers, as Markdown. */
void method_markdown(struct buf *m, const struct dashboard *d, const struct share_table *t,
                     size_t n, const char *as_of);

#endif
