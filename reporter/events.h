/*
 * Model releases to mark on charts: data/events.csv (built in) or a file
 * of one's own with the same header, date,label,model,source. The date is
 * the UTC day the model became available on OpenRouter (or its release
 * day; data/events-notes.md says which and why).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_EVENTS_H
#define TOKENSHARE_EVENTS_H

#include <stddef.h>
#include <stdint.h>

struct event {
	int32_t day;            // UTC day number
	char *label;
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

#endif
