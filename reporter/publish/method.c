/*
 * The method text of dashboards and bundles (see method.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "reporter/publish/citation.h"
#include "reporter/publish/dashboard_def.h"
#include "reporter/publish/method.h"
#include "reporter/views/labels.h"
#include "reporter/views/share.h"

char *method_as_of(const struct share_table *t, size_t n)
{
	if (n && t[0].rankings)
		return share_as_of_text(&t[0]);
	// Router logs have no publisher's as-of: the last day they hold stands for it.
	if (n == 0 || t[0].n_rows == 0)
		return xstrdup("no data");
	char day[DATE_LEN + 1];
	date_format(t[0].rows[t[0].n_rows - 1].period.end, day);
	return xasprintf("%s (the last day in the logs)", day);
}

/* The views of d that show country shares, of all tokens (top 0) or top N. */
static void list_views(struct buf *m, const struct dashboard *d, bool top)
{
	size_t listed = 0;
	for (size_t i = 0; i < d->n_views; i++) {
		const struct dash_view *v = &d->views[i];
		bool shares = v->kind == VIEW_SHARE || v->kind == VIEW_CHART_SHARE ||
		              v->kind == VIEW_CHART_STACKED;
		if (!shares || v->query.by != SHARE_BY_AUTHOR_COUNTRY || (v->query.top != 0) != top)
			continue;
		buf_printf(m, "%s`%s.csv`", listed++ ? ", " : " In this dashboard: ", v->stem);
		if (top)
			buf_printf(m, " (N = %u)", v->query.top);
	}
	buf_append_str(m, listed ? ".\n" : "\n");
}

/* Which of the two China figures answers which question. */
static void quote_section(struct buf *m, const struct dashboard *d)
{
	buf_append_str(m,
		"## Which number to quote\n\n"
		"- *What share of all tokens went to models from China (or the US)?* Quote the "
		"**all-token share**: the group `CN` (or `US`) of a share view without `--top`. Its "
		"denominator is every token of the period, `unknown` and `unattributed` included, "
		"and every model counts. This is the headline figure.");
	list_views(m, d, false);
	buf_append_str(m,
		"- *How do China and the US compare among the leading models?* Quote the **press "
		"top-N share** (`--top N`), only with N named (\"among the 9 largest models\"): "
		"only the period's N largest models are labelled, everything else is "
		"`outside-top-N`. Its denominator is still all tokens, so it is lower than the "
		"all-token share and moves with N and with which models make the cut; use it to "
		"compare with figures published that way.");
	list_views(m, d, true);
	buf_append_str(m,
		"- Never add `unknown`, `unattributed` or `outside-top-N` to either side; give "
		"them beside the figure (`coverage-*.csv` has them per period), and prefer full "
		"periods to partial ones.\n\n");
}

void method_markdown(struct buf *m, const struct dashboard *d, const struct share_table *tables,
                     size_t n, const char *as_of)
{
	const struct share_table *t = &tables[0];
	buf_printf(m, "# %s\n\n%s\n\n", d->title, d->description);
	buf_printf(m, "Dashboard `%s` (%s), made by tokenshare %s from ", d->name, d->origin,
	           TOKENSHARE_VERSION);
	for (size_t i = 0; i < n; i++)
		buf_printf(m, "%s%s", i ? " and " : "", tables[i].rankings
		           ? "OpenRouter's public daily rankings" : "the router logs ingested");
	buf_printf(m, ", as of %s.\n\n## What the numbers are\n\n", as_of);
	for (size_t i = 0; i < n; i++) {
		if (tables[i].rankings)
			buf_append_str(m, "- **Tokens** (rankings): prompt + completion tokens of a model on "
			               "a UTC day, as OpenRouter's rankings-daily dataset publishes them (GET "
			               "/api/v1/datasets/rankings-daily): the top 50 models of each day, and "
			               "one row `other` for all the rest.\n");
		else
			buf_printf(m, "- **Tokens** (router logs: %s): prompt + completion tokens of each "
			           "request as the router logged them, each request counted once by its "
			           "id; dollars are the cost the router charged, where it logged one.\n",
			           tables[i].source_label);
	}
	buf_append_str(m,
		"- **Share**: a group's tokens divided by all tokens of the period, the `other` row "
		"included, in percent, rounded half up to four decimals row by row (so a period's "
		"shares may sum to 100 plus or minus 0.00005 per row).\n"
		"- **Groups**: the country (ISO 3166-1 alpha-2) of the model's author, as the mapping "
		"below says; `unknown` = the author or its country is not known; `unattributed` = "
		"OpenRouter's `other` row, which names no model; `outside-top-N` = every model outside "
		"the period's N largest (the press method), `other` included. Other views (lineage, "
		"author, model, weights, variant) are described in each JSON file's `meta.groups`.\n"
		"- **Periods**: ISO 8601 weeks (Monday to Sunday), calendar months or days, in UTC. "
		"`days` counts the final, full days with data; a period with fewer days than its "
		"length is partial, and its missing, provisional and incomplete days are listed in "
		"each JSON file's `meta.coverage`. A *provisional* day was fetched before it ended "
		"(OpenRouter's current day updates live) and is restated by a later ingest of the "
		"whole day; an *incomplete* day has fewer than 50 model rows or no `other` row. "
		"Their tokens are in the figures, and charts mark their periods.\n"
		"- **Change**: `report change` gives the share change in percentage points and the "
		"tokens' change in percent since the previous period and since a year before (52 "
		"weeks, the same month, or 364 days).\n"
		"- **Coverage**: `coverage-*.csv` gives, per period, the days with data, the unknown "
		"and unattributed tokens, and with a top N the share of all tokens inside the N "
		"largest models.\n\n");
	quote_section(m, d);
	buf_append_str(m,
		"## The author-country rule\n\n"
		"A model counts for the country of the organisation that released it: the "
		"headquarters of its ultimate parent company (Qwen: Alibaba Group, CN; Gemini and "
		"Gemma: Google, US, though Google DeepMind sits in London; Seed: ByteDance, CN, though "
		"BytePlus is in Singapore), never where it was served, trained or fine-tuned. The "
		"author is the model id before the first `/` (a leading `~` dropped, variants such as "
		"`:free` ignored); `model-overrides.csv` (the longest matching prefix) overrides "
		"`authors.csv`. A fine-tune counts for whoever released it (the lineage view, "
		"`--by lineage-country`, counts it for its base model's maker instead). No country "
		"is guessed: an unmapped author, an empty country or an unrevealed stealth model is "
		"`unknown`, and a revealed one is relabelled over all history by a new mapping.\n\n");
	buf_printf(m, "## Mapping\n\nMapping version `%s` (sha256 `%s`, from %s): the tables "
	           "in `mapping/`, one row per author, model override, provider, model name, "
	           "provider alias and weights class, each with its source. Reports made with "
	           "another mapping differ; `tokenshare reference load mapping/` then "
	           "`tokenshare report share` reproduces these. Each table has a CSVW sidecar "
	           "(`NAME.csv-metadata.json`), like every CSV of the bundle. The notes of "
	           "tokenshare's built-in tables, with their rules, sources and doubtful cases, "
	           "are in `mapping/README.md`, `mapping/mapping.md` and `mapping/*-notes.md`%s."
	           "\n\n", t->mapping_version, t->mapping_sha256, t->mapping_origin,
	           strcmp(t->mapping_origin, "built-in") == 0 ? ""
	           : " (this mapping is not the built-in one: they describe those tables)");
	buf_append_str(m,
		"## Prices\n\nDollar views (if any view uses `--measure cost --prices`) reprice "
		"tokens at OpenRouter's published /models prices in force on the date given: a blend "
		"of 3 prompt to 1 completion token per model, `:free` variants at zero; models without "
		"a price are listed as unpriced in the JSON meta, never counted as zero dollars.\n\n");
	// The price sheet of each dollar view, as its definition names it.
	size_t priced = 0;
	for (size_t i = 0; i < d->n_views; i++) {
		const struct dash_view *v = &d->views[i];
		const char *sheet = NULL;
		bool cost = false;
		for (size_t k = 0; k < v->n_args; k++) {
			const char *a = v->args[k], *next = k + 1 < v->n_args ? v->args[k + 1] : "";
			if (strncmp(a, "--prices=", 9) == 0)
				sheet = a + 9;
			else if (strcmp(a, "--prices") == 0)
				sheet = next;
			cost |= strcmp(a, "--measure=cost") == 0 ||
			        (strcmp(a, "--measure") == 0 && strcmp(next, "cost") == 0);
		}
		if (!sheet && !cost)
			continue;
		buf_printf(m, "%s`%s`: ", priced++ ? "; " : "Dollars in this dashboard: ", v->stem);
		if (!sheet)
			buf_append_str(m, "the cost the router charged, as its logs say");
		else if (strcmp(sheet, "as-of-period") == 0)
			buf_append_str(m, "the price snapshot in force on each day");
		else
			buf_printf(m, "the price snapshot in force on %s", sheet);
	}
	buf_append_str(m, priced ? ".\n\n" : "No view of this dashboard is in dollars.\n\n");
	buf_append_str(m, "## Coverage of the data\n\n");
	struct citation_range r;
	if (citation_range(t, &r)) {
		char a[DATE_LEN + 1], b[DATE_LEN + 1];
		date_format(r.first, a);
		date_format(r.last, b);
		buf_printf(m, "The data runs from %s to %s (UTC days), %zu days missing in between. ",
		           a, b, r.missing);
	}
	buf_printf(m, "%zu days with data", t->n_days);
	if (t->n_missing) {
		buf_append_str(m, "; days missing inside the periods shown:");
		for (size_t i = 0; i < t->n_missing; i++) {
			char day[DATE_LEN + 1];
			date_format(t->missing_days[i], day);
			buf_printf(m, "%s %s", i ? "," : "", day);
		}
	}
	static const char *const flags[] = {"provisional (as of a time before the day ended)",
	                                     "incomplete (fewer than 50 model rows or no `other`)"};
	for (int k = 0; k < 2; k++) {
		const int32_t *days = k ? t->incomplete_days : t->provisional_days;
		size_t nd = k ? t->n_incomplete : t->n_provisional;
		buf_printf(m, "; %s days: ", flags[k]);
		if (!nd)
			buf_append_str(m, "none");
		for (size_t i = 0; i < nd; i++) {
			char day[DATE_LEN + 1];
			date_format(days[i], day);
			buf_printf(m, "%s%s", i ? ", " : "", day);
		}
	}
	buf_append_str(m, ".\n\n");
	if (t->query.known_at != INT32_MAX) {
		char day[DATE_LEN + 1];
		date_format(t->query.known_at, day);
		buf_printf(m, "## Labels as known on %s\n\nModels are labelled with what was public "
		           "on %s (`--known-at`): authors and model overrides whose `known_since` is "
		           "later (a stealth model revealed afterwards) count as `unknown`.\n\n",
		           day, day);
	}
	buf_append_str(m,
		"## Caveats\n\n"
		"- OpenRouter is one router among many: its traffic is not the market. Its users "
		"lean towards developers, agents and price-sensitive workloads.\n"
		"- Tokens are counted by each provider's own tokenizer, so the same text is a "
		"different number of tokens for different models; token shares are not shares of "
		"text, requests or money.\n"
		"- Free tiers (`:free` variants) are counted like paid traffic in token shares; the "
		"`variant` view separates them.\n"
		"- The `other` row is a magnitude only: it has no author, so it is unattributed.\n"
		"- The author's country is not where the model was served; the provider views of "
		"router logs answer that question, rankings cannot.\n\n"
		"## Regenerating\n\n"
		"Each chart is drawn by gnuplot from its `.gp` script and `.dat` file: "
		"`gnuplot STEM.gp` in this directory redraws `STEM.png` and `STEM.svg` (the SVG "
		"byte for byte). `tokenshare bundle --verify DIR` checks every file against "
		"`MANIFEST`.\n");
}
