/*
 * What every chart shares: the script's header, scope line, footer and two
 * images; and gnuplot run on the script and its data in a work directory
 * inside the output directory, with a clean environment and the C locale,
 * the four files (BASE.dat, .gp, .png, .svg) moved into place only when
 * gnuplot succeeded and wrote both images, images last.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_CHART_RUN_H
#define TOKENSHARE_CHART_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct share_table;

/* The gnuplot program: $TOKENSHARE_GNUPLOT, else the build's default. */
const char *chart_gnuplot(void);

/* Writes dir/BASE.dat and BASE.gp, runs gnuplot; 0, or -1 logged (nothing replaced). */
int chart_render(const char *dir, const char *base, const struct buf *data,
                 const struct buf *script);
/* s as an inert gnuplot string literal of a script: no backtick command,
 * no macro and no escape in it can act (see chart_run.c). */
void chart_gp_string(struct buf *b, const char *s);
/* s as a quoted text field of a gnuplot data file, tab-separated. */
void chart_dat_string(struct buf *b, const char *s);
/* s as a gnuplot string for an "enhanced" label, drawn bold (PNG and SVG alike). */
void chart_gp_bold(struct buf *b, const char *s);

/* The script's first lines: who wrote it, how to redraw BASE.png and BASE.svg. */
void chart_script_header(struct buf *b, const char *base);
/* A share in 0.0001 % as a label: one decimal, rounded half up ("61.1%"). */
void chart_percent_text(char *out, size_t n, uint64_t e4);
/* UTF-8 text, '.' decimals, NaN as missing; with time_axis x in UTC seconds. */
void chart_script_prelude(struct buf *b, bool time_axis);
/* The line under the title: what traffic, from first to last (YYYY-MM-DD). */
void chart_scope(struct buf *b, const struct share_table *t, const char *first, const char *last);
/* The footer: the citation with its as-of (and licence), mapping, tool version. */
void chart_footer(struct buf *b, const struct share_table *t);
/* Title, scope line and footer in their places on a one-panel chart. */
void chart_labels(struct buf *b, const char *title, const char *scope, const char *footer);
/* The commands of plot drawn as BASE.png, then as BASE.svg (1400x788), then the output closed. */
void chart_images(struct buf *b, const char *base, const struct buf *plot);

#endif
