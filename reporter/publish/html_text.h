/*
 * HTML text for the dashboard page (see html_text.c). Every text from the
 * data goes through html_escape: & < > " become entities.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_HTML_TEXT_H
#define TOKENSHARE_HTML_TEXT_H

#include <stddef.h>

struct buf;

void html_escape(struct buf *o, const char *s, size_t len);
void html_escape_str(struct buf *o, const char *s);
/*
 * The Markdown the method is written in: "# " and "## " headings (shown one
 * level down), "- " items, paragraphs split by blank lines; `code` and
 * **strong** inline, the rest escaped.
 */
void html_markdown(struct buf *o, const char *md);

#endif
