/*
 * Counting and keeping input errors (see diag.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdarg.h>
#include <stdlib.h>

#include "core/buf.h"
#include "core/diag.h"
#include "core/text.h"

void diag_init(struct diag *d, const char *file)
{
	*d = (struct diag){.file = file};
}

void diag_finish(struct diag *d)
{
	for (size_t i = 0; i < DIAG_KEEP; i++)
		free(d->kept[i]);
	*d = (struct diag){0};
}

void diag_add(struct diag *d, unsigned long line, const char *fmt, ...)
{
	if (d->count < DIAG_KEEP) {
		struct buf b = {0};
		if (line)
			buf_printf(&b, "%s:%lu: ", d->file, line);
		else
			buf_printf(&b, "%s: ", d->file);
		va_list ap;
		va_start(ap, fmt);
		buf_vprintf(&b, fmt, ap);
		va_end(ap);
		// Kept messages are printed and stored for status: one line, no
		// control character from the data (a parser's message may quote it).
		struct buf safe = {0};
		text_terminal(&safe, b.data);
		buf_append(&safe, "", 1);
		buf_finish(&b);
		d->kept[d->count] = safe.data;
	}
	d->count++;
}

void diag_print(const struct diag *d, FILE *fp)
{
	size_t n = d->count < DIAG_KEEP ? d->count : DIAG_KEEP;
	for (size_t i = 0; i < n; i++)
		fprintf(fp, "%s\n", d->kept[i]);
	if (d->count > n)
		fprintf(fp, "%s: %zu more problems not shown\n", d->file, d->count - n);
}
