/*
 * What a database holds, counted across its tables, for the commands that
 * must tell one kind of database from another (the demo, which replaces
 * only a database of its own).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_FACTS_READ_H
#define TOKENSHARE_FACTS_READ_H

#include <stdint.h>

struct store;

/*
 * The number of rows a demo does not write: batches of another command
 * than "demo", log sources, input files, poll states, price snapshots and
 * mappings other than the built-in one. Returns the count (0: nothing but
 * a demo), or -1 if it cannot be read (a failure to prepare is logged, a
 * failing step is not).
 */
int64_t facts_read_beyond_demo(struct store *st);

#endif
