/*
 * Model releases to mark on charts: data/events.csv (built in) or a file
 * of one's own with the same header, date,label,model,source (and an
 * optional headline column). The date is the UTC day the model became
 * available on OpenRouter (or its release day; data/events-notes.md says
 * which and why). Rows with headline=1 are the short default list.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_EVENTS_H
#define TOKENSHARE_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct event {
	int32_t day;            // UTC day number
	char *label;
	bool headline;          // in the default list (headline=1)
};

struct event_list {
	struct event *v;        // sorted by day
	size_t n;
	char *origin;           // "built-in events.csv" or the file's path
};

/*
 * Loads path, or the built-in list when path is NULL. The whole file is
 * checked: 0, or -1 after file:line messages (nothing loaded).
 */
int events_load(struct event_list *ev, const char *path);
void events_finish(struct event_list *ev);

/*
 * The events a chart's --events option asks for: NULL (no option) = the
 * built-in headline releases; "none" = none; "all" or "" (a bare --events)
 * = the whole built-in list; anything else is a file's path. 0, or -1
 * after a message.
 */
int events_select(struct event_list *ev, const char *spec);
/* What --events accepts, for usage messages. */
#define EVENTS_HELP "none, all, or a CSV file (date,label,model,source)"

#endif
