/*
 * What every chart shares: gnuplot run on a script and its data in a work
 * directory inside the output directory, with a clean environment and the
 * C locale, and the four files (BASE.dat, .gp, .png, .svg) moved into place
 * only when gnuplot succeeded and wrote both images, images last.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_CHART_RUN_H
#define TOKENSHARE_CHART_RUN_H

struct buf;

/* Writes dir/BASE.dat and BASE.gp, runs gnuplot; 0, or -1 logged (nothing replaced). */
int chart_render(const char *dir, const char *base, const struct buf *data,
                 const struct buf *script);
/* s as a gnuplot double-quoted string. */
void chart_gp_string(struct buf *b, const char *s);

#endif
