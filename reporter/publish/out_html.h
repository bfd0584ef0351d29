/*
 * The dashboard page, index.html: one file beside the dashboard's files
 * that makes no network request (the charts are the SVGs beside it, by
 * relative link; the style is inline; there is no script). Each view shows
 * the numbers behind it, read back from its CSV: a share table as one row
 * per period and one column per group, other tables row for row. The method
 * (Markdown, converted here) and the citation close the page.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_OUT_HTML_H
#define TOKENSHARE_OUT_HTML_H

struct dashboard;

/* Writes dir/index.html atomically; 0, or -1 (logged). */
int html_dashboard_write(const char *dir, const struct dashboard *d, const char *method,
                         const char *citation, const char *as_of, const char *mapping);

#endif
