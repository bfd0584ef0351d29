/*
 * Group labels (see labels.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "reporter/views/labels.h"

static const char *const by_names[SHARE_BY_COUNT] = {
	[SHARE_BY_AUTHOR_COUNTRY] = "author-country",
	[SHARE_BY_AUTHOR] = "author",
	[SHARE_BY_MODEL] = "model",
	[SHARE_BY_PROVIDER] = "provider",
	[SHARE_BY_PROVIDER_COUNTRY] = "provider-country",
	[SHARE_BY_PROVIDER_ENTITY_COUNTRY] = "provider-entity-country",
	[SHARE_BY_LINEAGE_COUNTRY] = "lineage-country",
	[SHARE_BY_VARIANT] = "variant",
	[SHARE_BY_WEIGHTS] = "weights",
	[SHARE_BY_FAMILY] = "family",
	[SHARE_BY_WEIGHTS_ORIGIN] = "weights-origin",
};

bool share_by_parse(const char *name, enum share_by *by)
{
	for (int i = 0; i < SHARE_BY_COUNT; i++) {
		if (strcmp(name, by_names[i]) == 0) {
			*by = (enum share_by)i;
			return true;
		}
	}
	return false;
}

const char *share_by_name(enum share_by by)
{
	return by_names[by];
}

bool share_by_is_country(enum share_by by)
{
	return by == SHARE_BY_AUTHOR_COUNTRY || by == SHARE_BY_LINEAGE_COUNTRY ||
	       by == SHARE_BY_PROVIDER_COUNTRY || by == SHARE_BY_PROVIDER_ENTITY_COUNTRY;
}

bool share_by_needs_provider(enum share_by by)
{
	return by == SHARE_BY_PROVIDER || by == SHARE_BY_PROVIDER_COUNTRY ||
	       by == SHARE_BY_PROVIDER_ENTITY_COUNTRY;
}

const char *share_by_names(void)
{
	return "author-country, lineage-country, author, model, provider, provider-country, "
	       "provider-entity-country, variant, weights, family, weights-origin";
}

void dims_finish(struct dims *d)
{
	for (size_t i = 0; i < d->n_models; i++) {
		free(d->models[i]);
		free(d->permaslugs[i]);
	}
	for (size_t i = 0; i < d->n_providers; i++)
		free(d->providers[i]);
	free(d->models);
	free(d->permaslugs);
	free(d->providers);
	*d = (struct dims){0};
}

void labeler_init(struct labeler *l, enum share_by by, const struct refdata *rd,
                  const struct provsnap *ps, const struct dims *dims)
{
	*l = (struct labeler){.by = by, .rd = rd, .ps = ps, .dims = dims};
	l->model_label = xcalloc(dims->n_models + 1, sizeof *l->model_label);
	l->provider_label = xcalloc(dims->n_providers + 1, sizeof *l->provider_label);
}

void labeler_finish(struct labeler *l)
{
	for (size_t i = 0; i < l->n_owned; i++)
		free(l->owned[i]);
	free(l->owned);
	free(l->model_label);
	free(l->provider_label);
	*l = (struct labeler){0};
}

static const char *own(struct labeler *l, const char *s)
{
	xgrow(&l->owned, &l->cap_owned, l->n_owned + 1, sizeof *l->owned);
	return l->owned[l->n_owned++] = xstrdup(s);
}

const char *provider_slug(const struct refdata *rd, const struct provsnap *ps, const char *name,
                          char *buf, size_t size, bool *unknown)
{
	*unknown = !*name;
	if (!*name)
		return NULL;
	size_t n = 0;
	for (; name[n] && n + 1 < size; n++) {
		char c = name[n];
		buf[n] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	buf[n] = '\0';
	const struct ref_provider *p = refdata_provider(rd, buf);
	if (p)
		return p->slug;
	const char *alias;
	if (refdata_provider_alias(rd, buf, &alias)) {
		*unknown = !*alias;
		return *alias ? alias : NULL;
	}
	const struct provider_entity *e = ps ? provsnap_find(ps, name) : NULL;
	if (e && (p = refdata_provider(rd, e->slug)))
		return p->slug;
	if (e)
		return e->slug;
	// "Amazon Bedrock" -> amazon-bedrock, "Z.AI" -> z-ai.
	for (size_t i = 0; buf[i]; i++) {
		if (buf[i] == ' ' || buf[i] == '.' || buf[i] == '_')
			buf[i] = '-';
	}
	p = refdata_provider(rd, buf);
	return p ? p->slug : NULL;
}

/*
 * The variant class of a model id: OpenRouter's ":free" variants are
 * free, any other ":suffix" (":nitro", ":thinking", ":extended" ...) is a
 * variant, a plain id is paid.
 */
static const char *variant_class(const char *slug)
{
	const char *colon = strrchr(slug, ':');
	if (!colon)
		return LABEL_PAID;
	return strcmp(colon, ":free") == 0 ? LABEL_FREE : LABEL_VARIANT;
}

static const char *model_group(struct labeler *l, uint32_t model)
{
	const struct dims *d = l->dims;
	const char *slug = d->models[model];
	if (l->by == SHARE_BY_MODEL)
		return slug;
	if (l->by == SHARE_BY_VARIANT)
		return strcmp(slug, REFDATA_OTHER_MODEL) == 0 ? LABEL_UNATTRIBUTED : variant_class(slug);
	if (strcmp(slug, REFDATA_OTHER_MODEL) == 0 &&
	    (l->by == SHARE_BY_WEIGHTS || l->by == SHARE_BY_FAMILY))
		return LABEL_UNATTRIBUTED;
	if (l->by == SHARE_BY_FAMILY) {
		char buf[256];
		return own(l, refdata_family(l->rd, d->permaslugs[model][0] ? d->permaslugs[model]
		                                                            : slug, buf, sizeof buf));
	}
	const char *w = NULL;
	if (l->by == SHARE_BY_WEIGHTS || l->by == SHARE_BY_WEIGHTS_ORIGIN) {
		w = refdata_weights(l->rd, slug);
		if (!w && d->permaslugs[model][0])
			w = refdata_weights(l->rd, d->permaslugs[model]);
		if (l->by == SHARE_BY_WEIGHTS)
			return w ? w : LABEL_UNKNOWN;
	}
	struct model_origin o;
	refdata_resolve(l->rd, slug, &o);
	if (!o.unattributed && !o.author && !o.override && !o.not_yet_known &&
	    d->permaslugs[model][0])
		refdata_resolve(l->rd, d->permaslugs[model], &o);
	if (o.unattributed)
		return LABEL_UNATTRIBUTED;
	if (l->by == SHARE_BY_WEIGHTS_ORIGIN) {
		// Closed weights are closed wherever they come from; open ones by country.
		if (!w)
			return LABEL_UNKNOWN;
		if (strcmp(w, "closed") == 0)
			return LABEL_CLOSED;
		if (!o.author_country)
			return LABEL_OPEN_UNKNOWN;
		return strcmp(o.author_country, "CN") == 0 ? LABEL_OPEN_CN : LABEL_OPEN_REST;
	}
	if (l->by == SHARE_BY_AUTHOR)
		return o.author ? o.author : LABEL_UNKNOWN;
	if (l->by == SHARE_BY_LINEAGE_COUNTRY)
		return o.lineage_country ? o.lineage_country : LABEL_UNKNOWN;
	return o.author_country ? o.author_country : LABEL_UNKNOWN;
}

static const char *provider_group(struct labeler *l, uint32_t provider)
{
	const char *name = l->dims->providers[provider];
	char buf[128];
	bool unknown;
	const char *slug = provider_slug(l->rd, l->ps, name, buf, sizeof buf, &unknown);
	// A name no table knows is still a provider: show it as the log spells it.
	if (!slug)
		return l->by == SHARE_BY_PROVIDER && !unknown ? own(l, name) : LABEL_UNKNOWN;
	if (l->by == SHARE_BY_PROVIDER)
		return own(l, slug);
	if (l->by == SHARE_BY_PROVIDER_COUNTRY) {
		const struct ref_provider *p = refdata_provider(l->rd, slug);
		return p && *p->country ? p->country : LABEL_UNKNOWN;
	}
	const struct provider_entity *e = l->ps ? provsnap_find(l->ps, slug) : NULL;
	if (!e && l->ps)
		e = provsnap_find(l->ps, name);
	return e && *e->headquarters ? own(l, e->headquarters) : LABEL_UNKNOWN;
}

const char *labeler_group(struct labeler *l, uint32_t model, uint32_t provider)
{
	if (share_by_needs_provider(l->by)) {
		if (!l->provider_label[provider])
			l->provider_label[provider] = provider_group(l, provider);
		return l->provider_label[provider];
	}
	if (!l->model_label[model])
		l->model_label[model] = model_group(l, model);
	return l->model_label[model];
}
