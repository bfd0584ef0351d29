/*
 * Reference data: freeing a mapping, and looking up what it says about a
 * model (author, country, family, weights) or a provider (see refdata.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "mapping/refdata.h"
#include "mapping/reftable.h"

void refdata_finish(struct refdata *rd)
{
	for (int t = 0; t < REFTABLE_COUNT; t++) {
		const struct reftable *tab = reftable_get((enum reftable_id)t);
		void **rows;
		size_t *n;
		reftable_slot(rd, (enum reftable_id)t, &rows, &n);
		for (size_t i = 0; i < *n; i++) {
			void *row = (char *)*rows + i * tab->row_size;
			for (size_t c = 0; c < tab->n_columns; c++)
				free(*reftable_field(row, &tab->columns[c]));
		}
		free(*rows);
	}
	free(rd->origin);
	*rd = (struct refdata){0};
}

static const char *country_or_null(const char *c)
{
	return c && *c ? c : NULL;
}

/* Copies s in lower case into out (size n); false if it does not fit. */
static bool lower(const char *s, size_t len, char *out, size_t n)
{
	if (len >= n)
		return false;
	for (size_t i = 0; i < len; i++)
		out[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	out[len] = '\0';
	return true;
}

/* True if a fact public since known_since ("" = always) was public on day known_at. */
static bool known_by(const char *known_since, int32_t known_at)
{
	int32_t day;
	return !*known_since || known_at == INT32_MAX ||
	       !date_parse(known_since, strlen(known_since), &day) || day <= known_at;
}

void refdata_resolve(const struct refdata *rd, const char *model, struct model_origin *out)
{
	*out = (struct model_origin){0};
	if (strcmp(model, REFDATA_OTHER_MODEL) == 0) {
		out->unattributed = true;
		return;
	}
	if (model[0] == '~')
		model++;
	for (size_t i = 0; i < rd->n_overrides; i++) {
		const struct ref_override *o = &rd->overrides[i];
		if (strncmp(model, o->model_prefix, strlen(o->model_prefix)) == 0) {
			out->override = o;
			if (!known_by(o->known_since, rd->known_at)) {
				out->not_yet_known = true;      // as the world saw it then: unknown
				return;
			}
			out->author = refdata_author_by_org(rd, o->author_org);
			out->author_country = country_or_null(o->author_country);
			out->lineage_country = country_or_null(o->lineage_country);
			return;
		}
	}
	char name[256];
	if (!lower(model, strlen(model), name, sizeof name))
		return;
	const struct ref_author *a = NULL;
	char *slash = strchr(name, '/');
	if (slash) {
		*slash = '\0';
		const char *k = name;
		a = bsearch(&k, rd->authors, rd->n_authors, sizeof *rd->authors, reftable_cmp_key);
		*slash = '/';
	}
	for (size_t i = 0; !a && i < rd->n_model_names; i++) {
		const struct ref_model_name *m = &rd->model_names[i];
		if (strncmp(name, m->name_prefix, strlen(m->name_prefix)) == 0) {
			const char *k = m->author;
			a = bsearch(&k, rd->authors, rd->n_authors, sizeof *rd->authors,
			            reftable_cmp_key);
		}
	}
	if (a && !known_by(a->known_since, rd->known_at)) {
		out->not_yet_known = true;
		a = NULL;
	}
	if (a) {
		out->author = a->slug;
		out->author_country = country_or_null(a->country);
		out->lineage_country = out->author_country;
	}
}

const char *refdata_weights(const struct refdata *rd, const char *model)
{
	char name[256];
	if (model[0] == '~')
		model++;
	size_t len = strcspn(model, ":");
	if (!lower(model, len, name, sizeof name))
		return NULL;
	const struct ref_model_weights *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; i < rd->n_model_weights; i++) {
		const struct ref_model_weights *w = &rd->model_weights[i];
		size_t n = strlen(w->model_prefix);
		if (n > best_len && strncmp(name, w->model_prefix, n) == 0) {
			best = w;
			best_len = n;
		}
	}
	return best && *best->weights ? best->weights : NULL;
}

const char *refdata_family(const struct refdata *rd, const char *model, char *buf, size_t n)
{
	if (model[0] == '~')
		model++;
	size_t len = strcspn(model, ":");
	if (!lower(model, len, buf, n))
		return model;
	// One trailing -YYYYMMDD, a date of this century: the permaslug's release date.
	if (len > 9 && buf[len - 9] == '-' && buf[len - 8] == '2' && buf[len - 7] == '0' &&
	    strspn(buf + len - 8, "0123456789") == 8)
		buf[len - 9] = '\0';
	const char *k = buf;
	const struct ref_model_family *f = bsearch(&k, rd->model_families, rd->n_model_families,
	                                           sizeof *rd->model_families, reftable_cmp_key);
	if (f && *f->family && strlen(f->family) < n)
		memmove(buf, f->family, strlen(f->family) + 1);
	return buf;
}

const char *refdata_family_name(const struct refdata *rd, const char *family)
{
	const char *k = family;
	const struct ref_model_family *f = bsearch(&k, rd->model_families, rd->n_model_families,
	                                           sizeof *rd->model_families, reftable_cmp_key);
	return f && *f->name ? f->name : NULL;
}

const char *refdata_author_by_org(const struct refdata *rd, const char *org)
{
	for (size_t i = 0; org && *org && i < rd->n_authors; i++) {
		if (strcmp(rd->authors[i].organisation, org) == 0)
			return rd->authors[i].slug;
	}
	return NULL;
}

const struct ref_provider *refdata_provider(const struct refdata *rd, const char *slug)
{
	const char *k = slug;
	return bsearch(&k, rd->providers, rd->n_providers, sizeof *rd->providers, reftable_cmp_key);
}

bool refdata_provider_alias(const struct refdata *rd, const char *alias, const char **slug)
{
	char name[128];
	if (!lower(alias, strlen(alias), name, sizeof name))
		return false;
	const char *k = name;
	const struct ref_provider_alias *a = bsearch(&k, rd->provider_aliases,
	                                             rd->n_provider_aliases,
	                                             sizeof *rd->provider_aliases,
	                                             reftable_cmp_key);
	if (!a)
		return false;
	*slug = a->slug;
	return true;
}
