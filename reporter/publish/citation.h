/*
 * How to cite a dashboard's numbers: the CITATION text (sources, the data's
 * range and coverage, licence with its URL, the changes made, mapping and
 * tool versions, the line to cite), a BibTeX entry and a CITATION.cff
 * (Citation File Format 1.2.0). All of it depends only on the data (its
 * as-of, days, mapping) and the dashboard, never on the wall clock, and
 * text from a definition or the data is escaped for each syntax.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_CITATION_H
#define TOKENSHARE_CITATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct dashboard;
struct share_table;

#define CITATION_LICENCE_URL "https://creativecommons.org/licenses/by/4.0/"
#define CITATION_LICENCE_SPDX "CC-BY-4.0"

/* The days a table's data spans and how many of them hold data. */
struct citation_range {
	int32_t first, last;    // UTC days: the first and the last day with data
	size_t days;            // days with data
	size_t missing;         // days without data between first and last
};

/* The range of t's data; false if t has no rows. */
bool citation_range(const struct share_table *t, struct citation_range *r);

/*
 * The tables are the whole data of each source the dashboard reads
 * (dashboard_sources()); as_of is method_as_of()'s text. Each appends to c.
 */
/* CITATION: a block per source (range, coverage, as-of, licence, changes),
 * the mapping and tool, the line to cite and the BibTeX entry. */
void citation_text(struct buf *c, const struct dashboard *d, const struct share_table *t,
                   size_t n, const char *as_of);
/* CITATION.bib: one @misc entry. */
void citation_bibtex(struct buf *c, const struct dashboard *d, const struct share_table *t,
                     size_t n);
/* CITATION.cff: Citation File Format 1.2.0, type dataset. */
void citation_cff(struct buf *c, const struct dashboard *d, const struct share_table *t,
                  size_t n);

#endif
