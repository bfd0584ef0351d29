/*
 * The method and citation texts of dashboards and bundles (see method.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>

#include "config.h"
#include "core/buf.h"
#include "core/date.h"
#include "reporter/dashboard.h"
#include "reporter/method.h"
#include "reporter/share.h"

void method_markdown(struct buf *m, const struct dashboard *d, const struct share_table *t,
                   const char *as_of)
{
	buf_printf(m, "# %s\n\n%s\n\n", d->title, d->description);
	buf_printf(m, "Dashboard `%s` (%s), made by tokenshare %s from OpenRouter's public "
	           "daily rankings as of %s.\n\n", d->name, d->origin, TOKENSHARE_VERSION, as_of);
	buf_append_str(m,
		"## What the numbers are\n\n"
		"- **Tokens**: prompt + completion tokens of a model on a UTC day, as OpenRouter's "
		"rankings-daily dataset publishes them (GET /api/v1/datasets/rankings-daily): the top 50 "
		"models of each day, and one row `other` for all the rest.\n"
		"- **Share**: a group's tokens divided by all tokens of the period, the `other` row "
		"included, in percent, rounded half up to four decimals row by row (so a period's "
		"shares may sum to 100 plus or minus 0.00005 per row).\n"
		"- **Groups**: the country (ISO 3166-1 alpha-2) of the model's author, as the mapping "
		"below says; `unknown` = the author or its country is not known; `unattributed` = "
		"OpenRouter's `other` row, which names no model; `outside-top-N` = every model outside "
		"the period's N largest (the press method), `other` included. Other views (lineage, "
		"author, model, weights, variant) are described in each JSON file's `meta.groups`.\n"
		"- **Periods**: ISO 8601 weeks (Monday to Sunday), calendar months or days, in UTC. "
		"`days` counts the days with data; a period with fewer days than its length is "
		"partial, and the missing days are listed in each JSON file's `meta.coverage`.\n"
		"- **Change**: `report change` gives the share change in percentage points and the "
		"tokens' change in percent since the previous period and since a year before (52 "
		"weeks, the same month, or 364 days).\n"
		"- **Coverage**: `coverage-*.csv` gives, per period, the days with data, the unknown "
		"and unattributed tokens, and with a top N the share of all tokens inside the N "
		"largest models.\n\n");
	buf_printf(m, "## Mapping\n\nMapping version `%s` (sha256 `%s`, from %s): the tables "
	           "in `mapping/`, one row per author, model override, provider, model name, "
	           "provider alias and weights class, each with its source. Reports made with "
	           "another mapping differ; `tokenshare reference load mapping/` then "
	           "`tokenshare report share` reproduces these.\n\n", t->mapping_version,
	           t->mapping_sha256, t->mapping_origin);
	buf_append_str(m,
		"## Prices\n\nDollar views (if any view uses `--measure cost --prices`) reprice "
		"tokens at OpenRouter's published /models prices in force on the date given: a blend "
		"of 3 prompt to 1 completion token per model, `:free` variants at zero; models without "
		"a price are listed as unpriced in the JSON meta, never counted as zero dollars.\n\n");
	buf_printf(m, "## Coverage of the data\n\n%zu days with data", t->n_days);
	if (t->n_missing) {
		buf_append_str(m, "; days missing inside the periods shown:");
		for (size_t i = 0; i < t->n_missing; i++) {
			char day[DATE_LEN + 1];
			date_format(t->missing_days[i], day);
			buf_printf(m, "%s %s", i ? "," : "", day);
		}
	}
	buf_append_str(m, ".\n\n");
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

void method_citation(struct buf *c, const struct dashboard *d, const struct share_table *t)
{
	char *as_of = share_as_of_text(t), *citation = share_citation(t);
	buf_printf(c, "%s\n\nLicence of the data: CC BY 4.0 (OpenRouter). Cite these "
	           "numbers as:\n\n  %s, %s, mapping %s, made with tokenshare %s.\n",
	           citation, d->title, as_of, t->mapping_version, TOKENSHARE_VERSION);
	free(as_of);
	free(citation);
}
