/*
 * The headline block that opens the dashboard page: the last full period
 * of the first all-token country share view (weekly or monthly), the
 * shares of models from China and the US in it (one decimal), their change
 * in points since the period before and a year before, and since when the
 * one ahead has stayed ahead. Read back from that view's CSV, so the
 * figures are the CSV's; each carries its exact value in a data- attribute.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_PAGE_HEADLINE_H
#define TOKENSHARE_PAGE_HEADLINE_H

struct buf;
struct dashboard;

extern const char page_headline_style[];

/*
 * Appends the block to o, and sets *sentence (caller frees; NULL when
 * there is no block) to its closing sentence, HTML escaped. No block when
 * no view fits or no period is full. 0, or -1 after a message.
 */
int page_headline(struct buf *o, const char *dir, const struct dashboard *d, char **sentence);

#endif
