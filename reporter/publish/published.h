/*
 * Which published figures would change: a bundle's dashboard rendered
 * again from the database as it is now, each CSV compared with the
 * bundle's, row by row (period and group) and column by column.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_PUBLISHED_H
#define TOKENSHARE_PUBLISHED_H

struct store;

/*
 * Writes file,period,group,column,published,now to standard output for
 * every figure of the bundle in dir that differs now (a row present on one
 * side only has its values empty on the other). Returns TS_EXIT_OK when
 * nothing would change, TS_EXIT_REJECTED when something would, or another
 * TS_EXIT_* status.
 */
int published_check(struct store *st, const char *dir);

#endif
