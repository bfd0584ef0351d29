/*
 * OpenRouter /providers snapshots: each provider's display name, slug and
 * headquarters (the entity view of provider country). The snapshot shipped
 * in data/reference/ is stored on first use; later snapshots (polled live)
 * supersede it by date. A struct provsnap owns its strings.
 *
 * Functions returning int return 0 or -1 after logging why.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_PROVSNAP_H
#define TOKENSHARE_PROVSNAP_H

#include <stddef.h>

#include "core/strmap.h"

struct store;

#define PROVSNAP_BUILTIN_FILE "openrouter-providers.2026-05-07.json"
#define PROVSNAP_BUILTIN_DATE "2026-05-07"

struct provider_entity {
	char *slug, *name;
	char *headquarters;             // ISO alpha-2, "" = null
	char *datacenters;              // comma-separated ISO alpha-2
};

struct provsnap {
	char taken_on[11];              // YYYY-MM-DD
	char *origin;
	struct provider_entity *rows;
	size_t n;
	struct strmap by_slug, by_name; // lower-cased -> row index
};

/*
 * Stores a /providers response (JSON text) as the snapshot of taken_on,
 * inside the caller's transaction. Returns 0 when stored, 1 when the same
 * content is stored already (under its first date), -1 on error.
 */
int provsnap_store(struct store *st, const char *json, size_t len, const char *taken_on,
                   const char *origin);
/* Stores the built-in snapshot if the database has none. */
int provsnap_ensure(struct store *st);
/* Loads the latest snapshot (empty if there is none). */
int provsnap_load(struct provsnap *ps, struct store *st);
void provsnap_finish(struct provsnap *ps);

const struct provider_entity *provsnap_find(const struct provsnap *ps, const char *slug_or_name);

#endif
