/*
 * HTML text for the dashboard page: escaping, and the little Markdown the
 * method is written in.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdbool.h>
#include <string.h>

#include "core/buf.h"
#include "reporter/publish/html_text.h"

void html_escape(struct buf *o, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		switch (s[i]) {
		case '&': buf_append_str(o, "&amp;"); break;
		case '<': buf_append_str(o, "&lt;"); break;
		case '>': buf_append_str(o, "&gt;"); break;
		case '"': buf_append_str(o, "&quot;"); break;
		default: buf_append(o, &s[i], 1);
		}
	}
}

void html_escape_str(struct buf *o, const char *s)
{
	html_escape(o, s, strlen(s));
}

/* One line of Markdown text: `code` and **strong**, the rest escaped. */
static void inline_md(struct buf *o, const char *s, size_t len)
{
	const char *end = s + len;
	while (s < end) {
		const char *mark = NULL, *open = NULL, *close = NULL;
		for (const char *p = s; p < end && !mark; p++) {
			if (*p == '`')
				mark = "`", open = "<code>", close = "</code>";
			else if (*p == '*' && p + 1 < end && p[1] == '*')
				mark = "**", open = "<strong>", close = "</strong>";
			if (mark) {
				size_t ml = strlen(mark);
				const char *stop = strstr(p + ml, mark);
				if (!stop || stop >= end) {
					mark = NULL;
					continue;
				}
				html_escape(o, s, (size_t)(p - s));
				buf_append_str(o, open);
				html_escape(o, p + ml, (size_t)(stop - p - ml));
				buf_append_str(o, close);
				s = stop + ml;
			}
		}
		if (!mark) {
			html_escape(o, s, (size_t)(end - s));
			s = end;
		}
	}
}

void html_markdown(struct buf *o, const char *md)
{
	enum { NONE, PARA, LIST } open = NONE;
	static const char *const closers[] = {"", "</p>\n", "</li>\n</ul>\n"};
	for (const char *p = md, *nl; *p; p = nl ? nl + 1 : p + strlen(p)) {
		nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len == 0) {
			buf_append_str(o, closers[open]);
			open = NONE;
		} else if (p[0] == '#') {
			buf_append_str(o, closers[open]);
			open = NONE;
			bool sub = len > 1 && p[1] == '#';
			size_t skip = sub ? 3 : 2;
			buf_append_str(o, sub ? "<h3>" : "<h2>");
			inline_md(o, p + skip, len > skip ? len - skip : 0);
			buf_append_str(o, sub ? "</h3>\n" : "</h2>\n");
		} else if (len > 1 && p[0] == '-' && p[1] == ' ') {
			buf_append_str(o, open == LIST ? "</li>\n<li>" : closers[open]);
			if (open != LIST)
				buf_append_str(o, "<ul>\n<li>");
			open = LIST;
			inline_md(o, p + 2, len - 2);
		} else {
			if (open == NONE)
				buf_append_str(o, "<p>");
			else
				buf_append_str(o, "\n");
			open = open == NONE ? PARA : open;
			inline_md(o, p, len);
		}
	}
	buf_append_str(o, closers[open]);
}
