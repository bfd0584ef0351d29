/*
 * Reference tables: the lookup rules of data/reference/README.md, checks on
 * loaded tables, and the content version.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <sys/stat.h>

#include "core/log.h"
#include "core/xalloc.h"
#include "harness.h"
#include "mapping/refdata.h"
#include "store/mapping_store.h"
#include "store/store.h"

static void write_file(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *fp = fopen(path, "w");
	CHECK(fp != NULL);
	if (fp) {
		fputs(text, fp);
		fclose(fp);
	}
	free(path);
}

static const char *const authors_csv =
	"slug,organisation,country,kind,notes,source\n"
	"openai,OpenAI,US,both,,\n"
	"deepseek,DeepSeek,CN,both,,\n"
	"perplexity,Perplexity,US,both,,\n"
	"openrouter,OpenRouter stealth,,both,,\n"
	"sao10k,Sao10K,,lab,,\n";
static const char *const overrides_csv =
	"model_prefix,author_org,author_country,lineage_country,notes,source\n"
	"openrouter/pony-alpha,Z.ai,CN,CN,,\n"
	"openrouter/p,Someone,FR,FR,,\n"
	"perplexity/r1-1776,Perplexity,US,CN,,\n"
	"openrouter/horizon,,,,,\n";
static const char *const providers_csv =
	"slug,organisation,country,kind,notes,source,or_headquarters\n"
	"deepinfra,DeepInfra,US,provider,,,US\n";

static void small_tables(struct refdata *rd, const char *authors)
{
	write_file(test_tmpdir(), "authors.csv", authors);
	write_file(test_tmpdir(), "model-overrides.csv", overrides_csv);
	write_file(test_tmpdir(), "providers.csv", providers_csv);
	CHECK_INT(refdata_parse_dir(rd, test_tmpdir()), 0);
}

static const char *country(const struct refdata *rd, const char *model)
{
	struct model_origin o;
	refdata_resolve(rd, model, &o);
	if (o.unattributed)
		return "unattributed";
	return o.author_country ? o.author_country : "unknown";
}

TEST("the author is the text before the first slash, variants and ~ aside")
{
	struct refdata rd;
	small_tables(&rd, authors_csv);
	CHECK_STR(country(&rd, "deepseek/deepseek-v3.2-20251201"), "CN");
	CHECK_STR(country(&rd, "deepseek/deepseek-r1:free"), "CN");
	CHECK_STR(country(&rd, "~openai/gpt-latest"), "US");
	CHECK_STR(country(&rd, "other"), "unattributed");
	CHECK_STR(country(&rd, "gpt-4o"), "unknown");          // no author at all
	CHECK_STR(country(&rd, "newlab/model"), "unknown");    // author not in the table
	CHECK_STR(country(&rd, "sao10k/l3-euryale"), "unknown");  // empty country
	refdata_finish(&rd);
}

TEST("the longest matching override wins over the author table")
{
	struct refdata rd;
	small_tables(&rd, authors_csv);
	CHECK_STR(country(&rd, "openrouter/pony-alpha"), "CN");
	CHECK_STR(country(&rd, "openrouter/polaris-alpha"), "FR");   // shorter prefix
	CHECK_STR(country(&rd, "openrouter/horizon-beta"), "unknown");  // explicit unknown
	CHECK_STR(country(&rd, "openrouter/sonoma-sky-alpha"), "unknown");  // author empty
	struct model_origin o;
	refdata_resolve(&rd, "perplexity/r1-1776:free", &o);
	CHECK_STR(o.author_country, "US");
	CHECK_STR(o.lineage_country, "CN");
	refdata_finish(&rd);
}

TEST("the shipped tables load, and every country is a code or empty")
{
	struct refdata rd;
	CHECK_INT(refdata_parse_builtin(&rd), 0);
	CHECK(rd.n_authors >= 100);
	CHECK(rd.n_providers >= 136);
	CHECK_STR(country(&rd, "qwen/qwen3-coder:free"), "CN");
	CHECK_STR(country(&rd, "openrouter/pony-alpha"), "CN");
	CHECK_STR(country(&rd, "tngtech/deepseek-r1t2-chimera:free"), "DE");
	CHECK_STR(country(&rd, "openrouter/aurora-alpha"), "unknown");
	CHECK_INT(strlen(rd.version), REFDATA_VERSION_LEN);
	refdata_finish(&rd);
}

TEST("the version changes with content but not with row order")
{
	struct refdata a, b, c;
	small_tables(&a, authors_csv);
	small_tables(&b, "slug,organisation,country,kind,notes,source\n"
	                 "sao10k,Sao10K,,lab,,\n"
	                 "openrouter,OpenRouter stealth,,both,,\n"
	                 "perplexity,Perplexity,US,both,,\n"
	                 "deepseek,DeepSeek,CN,both,,\n"
	                 "\"openai\",OpenAI,US,both,,\r\n");
	small_tables(&c, "slug,organisation,country,kind,notes,source\n"
	                 "openai,OpenAI,US,both,,\n"
	                 "deepseek,DeepSeek,,both,,\n");
	CHECK_STR(a.version, b.version);
	CHECK(strcmp(a.version, c.version) != 0);
	refdata_finish(&a);
	refdata_finish(&b);
	refdata_finish(&c);
}

TEST("bad rows are reported with file and line and nothing is loaded")
{
	write_file(test_tmpdir(), "authors.csv",
	           "slug,organisation,country,kind,notes,source\n"
	           "openai,OpenAI,US,both,,\n"
	           ",Nobody,US,lab,,\n"
	           "x,X,US,company,,\n"
	           "openai,Again,US,both,,\n"
	           "y,Y,us,lab,,\n");
	write_file(test_tmpdir(), "model-overrides.csv", "model_prefix,author_org\n");
	write_file(test_tmpdir(), "providers.csv", providers_csv);
	test_capture_stderr();
	struct refdata rd;
	CHECK_INT(refdata_parse_dir(&rd, test_tmpdir()), -1);
	char *text = test_captured_stderr();
	CHECK(rd.authors == NULL && rd.n_authors == 0);
	CHECK(strstr(text, "/authors.csv:6: country \"us\": must be empty") != NULL);
	CHECK(strstr(text, "/authors.csv:3: slug \"\": must not be empty") != NULL);
	CHECK(strstr(text, "/authors.csv:4: kind \"company\": must be lab, provider or both") != NULL);
	CHECK(strstr(text, "/authors.csv:5: slug \"openai\" appears a second time") != NULL);
	CHECK(strstr(text, "/model-overrides.csv:1: header must name exactly these columns") != NULL);
	CHECK(strstr(text, "nothing was loaded") != NULL);
	free(text);
}

TEST("a stored mapping loads back with the same version and rows")
{
	struct store st;
	CHECK_INT(store_open(&st, ":memory:", STORE_WRITE), 0);
	struct refdata a, b;
	small_tables(&a, authors_csv);
	bool changed;
	CHECK_INT(mapping_store_save(&a, &st, &changed), 0);
	CHECK(changed);
	CHECK_INT(mapping_store_save(&a, &st, &changed), 0);
	CHECK(!changed);
	CHECK_INT(mapping_store_load(&b, &st, NULL), 0);
	CHECK_STR(b.version, a.version);
	CHECK_INT(b.n_authors, a.n_authors);
	CHECK_INT(b.n_overrides, a.n_overrides);
	CHECK_STR(country(&b, "openrouter/pony-alpha"), "CN");
	refdata_finish(&a);
	refdata_finish(&b);
	store_close(&st);
}
