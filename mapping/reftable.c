/*
 * The layout of the reference tables: their files, columns and checks, and
 * where their rows live in a struct refdata (see reftable.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>
#include <string.h>

#include "mapping/refdata_types.h"
#include "mapping/reftable.h"

#define COL(type, field, check) \
	{#field, offsetof(struct type, field), REFTABLE_CHECK_##check, false}
#define COL_OPTIONAL(type, field, check) \
	{#field, offsetof(struct type, field), REFTABLE_CHECK_##check, true}

static const struct reftable_column author_columns[] = {
	COL(ref_author, slug, KEY),
	COL(ref_author, organisation, TEXT),
	COL(ref_author, country, COUNTRY),
	COL(ref_author, kind, KIND),
	COL_OPTIONAL(ref_author, known_since, DATE),
	COL(ref_author, notes, TEXT),
	COL(ref_author, source, TEXT),
};

static const struct reftable_column override_columns[] = {
	COL(ref_override, model_prefix, KEY),
	COL(ref_override, author_org, TEXT),
	COL(ref_override, author_country, COUNTRY),
	COL(ref_override, lineage_country, COUNTRY),
	COL_OPTIONAL(ref_override, known_since, DATE),
	COL(ref_override, notes, TEXT),
	COL(ref_override, source, TEXT),
};

static const struct reftable_column provider_columns[] = {
	COL(ref_provider, slug, KEY),
	COL(ref_provider, organisation, TEXT),
	COL(ref_provider, country, COUNTRY),
	COL(ref_provider, kind, KIND),
	COL(ref_provider, notes, TEXT),
	COL(ref_provider, source, TEXT),
	COL(ref_provider, or_headquarters, COUNTRY),
};

static const struct reftable_column model_name_columns[] = {
	COL(ref_model_name, name_prefix, LOWER_KEY),
	COL(ref_model_name, author, REQUIRED),
	COL(ref_model_name, notes, TEXT),
	COL(ref_model_name, source, TEXT),
};

static const struct reftable_column provider_alias_columns[] = {
	COL(ref_provider_alias, alias, LOWER_KEY),
	COL(ref_provider_alias, slug, TEXT),
	COL(ref_provider_alias, notes, TEXT),
	COL(ref_provider_alias, source, TEXT),
};

static const struct reftable_column model_weights_columns[] = {
	COL(ref_model_weights, model_prefix, LOWER_KEY),
	COL(ref_model_weights, weights, WEIGHTS),
	COL(ref_model_weights, notes, TEXT),
	COL(ref_model_weights, source, REQUIRED),
};

static const struct reftable_column model_family_columns[] = {
	COL(ref_model_family, model, LOWER_KEY),
	COL(ref_model_family, family, TEXT),
	COL(ref_model_family, name, TEXT),
	COL(ref_model_family, notes, TEXT),
	COL(ref_model_family, source, TEXT),
};

static const struct reftable tables[REFTABLE_COUNT] = {
	[REFTABLE_AUTHORS] = {"authors.csv", author_columns, 7, sizeof(struct ref_author)},
	[REFTABLE_OVERRIDES] = {"model-overrides.csv", override_columns, 7,
	                        sizeof(struct ref_override)},
	[REFTABLE_PROVIDERS] = {"providers.csv", provider_columns, 7, sizeof(struct ref_provider)},
	[REFTABLE_MODEL_NAMES] = {"model-names.csv", model_name_columns, 4,
	                          sizeof(struct ref_model_name)},
	[REFTABLE_PROVIDER_ALIASES] = {"provider-aliases.csv", provider_alias_columns, 4,
	                               sizeof(struct ref_provider_alias)},
	[REFTABLE_MODEL_WEIGHTS] = {"model-weights.csv", model_weights_columns, 4,
	                            sizeof(struct ref_model_weights)},
	[REFTABLE_MODEL_FAMILIES] = {"model-families.csv", model_family_columns, 5,
	                             sizeof(struct ref_model_family)},
};

const struct reftable *reftable_get(enum reftable_id t)
{
	return &tables[t];
}

void reftable_slot(struct refdata *rd, enum reftable_id t, void ***rows, size_t **n)
{
	switch (t) {
	case REFTABLE_AUTHORS:
		*rows = (void **)&rd->authors;
		*n = &rd->n_authors;
		return;
	case REFTABLE_OVERRIDES:
		*rows = (void **)&rd->overrides;
		*n = &rd->n_overrides;
		return;
	case REFTABLE_MODEL_NAMES:
		*rows = (void **)&rd->model_names;
		*n = &rd->n_model_names;
		return;
	case REFTABLE_PROVIDER_ALIASES:
		*rows = (void **)&rd->provider_aliases;
		*n = &rd->n_provider_aliases;
		return;
	case REFTABLE_MODEL_WEIGHTS:
		*rows = (void **)&rd->model_weights;
		*n = &rd->n_model_weights;
		return;
	case REFTABLE_MODEL_FAMILIES:
		*rows = (void **)&rd->model_families;
		*n = &rd->n_model_families;
		return;
	case REFTABLE_PROVIDERS:
	case REFTABLE_COUNT:
		break;
	}
	*rows = (void **)&rd->providers;
	*n = &rd->n_providers;
}

char **reftable_field(void *row, const struct reftable_column *c)
{
	return (char **)((char *)row + c->offset);
}

int reftable_cmp_key(const void *a, const void *b)
{
	// Every row struct starts with its key.
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int reftable_cmp_override(const void *a, const void *b)
{
	const struct ref_override *x = a, *y = b;
	size_t lx = strlen(x->model_prefix), ly = strlen(y->model_prefix);
	if (lx != ly)
		return lx > ly ? -1 : 1;
	return strcmp(x->model_prefix, y->model_prefix);
}

int reftable_cmp_model_name(const void *a, const void *b)
{
	const struct ref_model_name *x = a, *y = b;
	size_t lx = strlen(x->name_prefix), ly = strlen(y->name_prefix);
	if (lx != ly)
		return lx > ly ? -1 : 1;
	return strcmp(x->name_prefix, y->name_prefix);
}
