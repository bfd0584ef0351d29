/*
 * Group labels for "--by": what a share report groups models and serving
 * providers into. Labels are computed from the mapping and the provider
 * snapshot at report time and cached per model and per provider.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_LABELS_H
#define TOKENSHARE_LABELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mapping/refdata.h"
#include "store/provsnap.h"

enum share_by {
	SHARE_BY_AUTHOR_COUNTRY,
	SHARE_BY_AUTHOR,
	SHARE_BY_MODEL,
	SHARE_BY_PROVIDER,
	SHARE_BY_PROVIDER_COUNTRY,              // ownership: providers.csv
	SHARE_BY_PROVIDER_ENTITY_COUNTRY,       // OpenRouter /providers headquarters
	SHARE_BY_LINEAGE_COUNTRY,               // base model's country (model-overrides.csv)
	SHARE_BY_VARIANT,                       // paid, free (:free), variant (other :suffix)
	SHARE_BY_WEIGHTS,                       // open or closed weights (model-weights.csv)
	SHARE_BY_FAMILY,                        // dated versions and variants folded
	SHARE_BY_WEIGHTS_ORIGIN,                // closed, open-CN, open-rest (a16z's classes)
	SHARE_BY_COUNT,
};

#define LABEL_UNKNOWN "unknown"
#define LABEL_UNATTRIBUTED "unattributed"
#define LABEL_PAID "paid"
#define LABEL_FREE "free"
#define LABEL_VARIANT "variant"
#define LABEL_CLOSED "closed"
#define LABEL_OPEN_CN "open-CN"
#define LABEL_OPEN_REST "open-rest"
#define LABEL_OPEN_UNKNOWN "open-unknown"

bool share_by_parse(const char *name, enum share_by *by);
const char *share_by_name(enum share_by by);
/* True for the views whose groups are country codes (the ones charted as lines). */
bool share_by_is_country(enum share_by by);
/* True if the grouping needs the serving provider (rankings have none). */
bool share_by_needs_provider(enum share_by by);
/* The names accepted, comma-separated, for messages. */
const char *share_by_names(void);

/* Names of the models and providers that facts refer to by index. */
struct dims {
	char **models;          // slug (variant kept), "other" = rankings' long tail
	char **permaslugs;      // "" when not known
	size_t n_models;
	char **providers;       // as the log names it, "" = not given
	size_t n_providers;
};

void dims_finish(struct dims *d);

struct labeler {
	enum share_by by;
	const struct refdata *rd;
	const struct provsnap *ps;
	const struct dims *dims;
	const char **model_label;       // cache per model index (NULL = not yet)
	const char **provider_label;    // cache per provider index
	char **owned;                   // labels built here (freed at the end)
	size_t n_owned, cap_owned;
};

void labeler_init(struct labeler *l, enum share_by by, const struct refdata *rd,
                  const struct provsnap *ps, const struct dims *dims);
void labeler_finish(struct labeler *l);
/* The group of a model served by a provider; valid until labeler_finish. */
const char *labeler_group(struct labeler *l, uint32_t model, uint32_t provider);

/*
 * The provider slug a log's provider name stands for, or NULL (restated in
 * SQL by schema/0007_views.sql, provider_label; change both). *unknown is
 * set when the tables say the name does not tell who served the request
 * (Helicone's OPENROUTER, a gateway).
 */
const char *provider_slug(const struct refdata *rd, const struct provsnap *ps, const char *name,
                          char *buf, size_t size, bool *unknown);

#endif
