/*
 * Reading the release events (see events.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/embedded.h"
#include "core/log.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "reporter/charts/events.h"

#define LABEL_MAX 60            // bytes: a label is drawn along a chart's height

static int cmp_event(const void *a, const void *b)
{
	const struct event *x = a, *y = b;
	return x->day < y->day ? -1 : x->day > y->day ? 1 : strcmp(x->label, y->label);
}

/* Finds the date, label and (optional) headline columns; -1 if one is missing. */
static int columns(const struct csv_reader *r, size_t *date, size_t *label, size_t *headline)
{
	*date = *label = *headline = (size_t)-1;
	for (size_t k = 0; k < r->count; k++) {
		const char *f = csv_field(r, k, NULL);
		if (strcmp(f, "date") == 0)
			*date = k;
		else if (strcmp(f, "label") == 0)
			*label = k;
		else if (strcmp(f, "headline") == 0)
			*headline = k;
	}
	return *date == (size_t)-1 || *label == (size_t)-1 ? -1 : 0;
}

static int parse(struct event_list *ev, const char *text, size_t len)
{
	struct csv_reader r;
	csv_reader_init(&r, text, len);
	unsigned long line = 0;
	const char *why = NULL;
	size_t cap = 0, date_col = 0, label_col = 0, headline_col = 0;
	int problems = 0, got = csv_next(&r, &line, &why);
	if (got != 1 || columns(&r, &date_col, &label_col, &headline_col) != 0 ||
	    csv_repeated_field(&r)) {
		fprintf(stderr, "%s:%lu: %s\n", ev->origin, line ? line : 1,
		        got < 0 ? why : "expected the header date,label,model,source");
		csv_reader_finish(&r);
		return -1;
	}
	while ((got = csv_next(&r, &line, &why)) != 0) {
		const char *date = NULL, *label = NULL, *headline = "";
		size_t date_len = 0, label_len = 0;
		int32_t day = 0;
		if (got == 1 && (date_col >= r.count || label_col >= r.count)) {
			why = "too few fields";
		} else if (got == 1) {
			date = csv_field(&r, date_col, &date_len);
			label = csv_field(&r, label_col, &label_len);
			if (headline_col < r.count)
				headline = csv_field(&r, headline_col, NULL);
			if (!date_parse(date, date_len, &day))
				why = "the date is not YYYY-MM-DD";
			else if (label_len == 0)
				why = "the label is empty";
			else if (label_len > LABEL_MAX)
				why = "the label is longer than 60 bytes";
			else if (!text_is_utf8(label, label_len) || text_has_control(label, label_len))
				why = "the label is not UTF-8 text on one line (a control character)";
			else if (*headline && strcmp(headline, "1") != 0)
				why = "headline must be 1 or empty";
			else
				why = NULL;
		}
		if (why) {
			fprintf(stderr, "%s:%lu: %s\n", ev->origin, line, why);
			problems++;
			continue;
		}
		xgrow(&ev->v, &cap, ev->n + 1, sizeof *ev->v);
		ev->v[ev->n++] = (struct event){day, xstrndup(label, label_len), *headline == '1'};
	}
	csv_reader_finish(&r);
	if (problems)
		return -1;
	xqsort(ev->v, ev->n, sizeof *ev->v, cmp_event);
	return 0;
}

int events_load(struct event_list *ev, const char *path)
{
	*ev = (struct event_list){0};
	int rc;
	if (!path) {
		const struct embedded_file *f =
		        embedded_find(embedded_samples, embedded_samples_count, "events.csv");
		ev->origin = xstrdup("built-in events.csv");
		rc = parse(ev, f->data, f->len);
	} else {
		struct buf b = {0};
		int err = file_read_all(path, 1 << 20, &b);
		ev->origin = xstrdup(path);
		if (err) {
			errno = -err;
			log_errno(LOG_ERROR, "%s: cannot read the events", path);
			rc = -1;
		} else {
			rc = parse(ev, b.data ? b.data : "", b.len);
		}
		buf_finish(&b);
	}
	if (rc)
		events_finish(ev);
	return rc;
}

void events_finish(struct event_list *ev)
{
	for (size_t i = 0; i < ev->n; i++)
		free(ev->v[i].label);
	free(ev->v);
	free(ev->origin);
	*ev = (struct event_list){0};
}

int events_select(struct event_list *ev, const char *spec)
{
	if (spec && strcmp(spec, "none") == 0) {
		*ev = (struct event_list){.origin = xstrdup("none")};
		return 0;
	}
	if (spec && *spec && strcmp(spec, "all") != 0)
		return events_load(ev, spec);
	if (events_load(ev, NULL) != 0)
		return -1;
	if (spec)
		return 0;
	// The default: the headline releases only.
	size_t n = 0;
	for (size_t i = 0; i < ev->n; i++) {
		if (ev->v[i].headline)
			ev->v[n++] = ev->v[i];
		else
			free(ev->v[i].label);
	}
	ev->n = n;
	free(ev->origin);
	ev->origin = xstrdup("headline releases of the built-in events.csv");
	return 0;
}
