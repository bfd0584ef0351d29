/*
 * Mappings in the database: each parsed set of reference tables
 * (mapping/refdata.h) is stored once under its content version, one of them
 * is the active mapping (setting mapping.active), and reports load the
 * active one or a version they name.
 *
 * Functions returning int return 0 or -1 after logging why.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_MAPPING_STORE_H
#define TOKENSHARE_MAPPING_STORE_H

#include <stdbool.h>

struct refdata;
struct store;

/*
 * Stores rd as a mapping (unless the same content is already there) and
 * makes it the active one. Runs inside the caller's transaction.
 * *changed is set when the active mapping was a different version.
 */
int mapping_store_save(const struct refdata *rd, struct store *st, bool *changed);
/* Loads the active mapping, or version when not NULL, into rd (free it
 * with refdata_finish()). */
int mapping_store_load(struct refdata *rd, struct store *st, const char *version);
/* Stores the built-in mapping (and provider snapshot) if the database has
 * none yet. Runs inside the caller's transaction. */
int mapping_store_ensure(struct store *st);

#endif
