/*
 * What a dashboard's numbers are, in words: METHOD.md of a bundle and the
 * method section of a dashboard page (Markdown), and the citation lines.
 * Both depend only on the data (its as-of, mapping, coverage), never on
 * the wall clock.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_METHOD_H
#define TOKENSHARE_METHOD_H

struct buf;
struct dashboard;
struct share_table;

/* The method of d's numbers, as Markdown; t is the whole data's share table. */
void method_markdown(struct buf *m, const struct dashboard *d, const struct share_table *t,
                     const char *as_of);
/* The citation: source lines with as-of dates, the licence, the line to cite. */
void method_citation(struct buf *c, const struct dashboard *d, const struct share_table *t);

#endif
