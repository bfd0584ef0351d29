/*
 * Rankings rows: what each input shape accepts, and applying batches.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>

#include "collector/rankings/rankings.h"
#include "core/log.h"
#include "harness.h"
#include "store/rankings_store.h"
#include "store/store.h"

static size_t parse(const char *text, struct rank_batch *b, struct diag *d)
{
	struct rank_input in = {.name = "t", .data = text, .len = strlen(text),
	                        .as_of_default = RANK_AS_OF_UNKNOWN};
	diag_init(d, "t");
	rank_parse_input(&in, NULL, b, d);
	rank_input_finish(&in);
	return d->count;
}

TEST("the API response gives its rows and meta.as_of")
{
	struct rank_batch b = {0};
	struct diag d;
	CHECK_INT(parse("{\"data\":[{\"date\":\"2026-03-01\",\"model_permaslug\":\"a/b:free\","
	                "\"total_tokens\":\"18446744073\"},{\"date\":\"2026-03-01\","
	                "\"model_permaslug\":\"other\",\"total_tokens\":5}],\"meta\":{\"as_of\":"
	                "\"2026-03-03T02:00:00.000Z\",\"start_date\":\"2026-03-01\","
	                "\"end_date\":\"2026-03-01\"}}", &b, &d), 0);
	CHECK_INT(b.n, 2);
	CHECK_STR(b.rows[0].model, "a/b:free");
	CHECK(b.rows[0].tokens == 18446744073ull);
	CHECK_INT(b.rows[1].tokens, 5);  // a JSON integer is accepted too
	CHECK_INT(b.rows[0].as_of, 1772503200);
	diag_finish(&d);
	rank_batch_finish(&b);
}

TEST("an archived day takes fetched_at when as_of is null, and rows must carry its date")
{
	struct rank_batch b = {0};
	struct diag d;
	CHECK_INT(parse("{\"date\":\"2026-03-01\",\"fetched_at\":\"2026-09-28T03:00:00+00:00\","
	                "\"as_of\":null,\"data\":[{\"date\":\"2026-03-01\",\"model_permaslug\":"
	                "\"a/b\",\"total_tokens\":\"7\"}]}", &b, &d), 0);
	CHECK_INT(b.n, 1);
	CHECK_INT(b.rows[0].as_of, 1790564400);
	diag_finish(&d);
	CHECK_INT(parse("{\"date\":\"2026-03-01\",\"data\":[{\"date\":\"2026-03-02\","
	                "\"model_permaslug\":\"a/b\",\"total_tokens\":\"7\"}]}", &b, &d), 1);
	CHECK(strstr(d.kept[0], "differs from the file's date") != NULL);
	diag_finish(&d);
	rank_batch_finish(&b);
}

TEST("wrong JSON types are each reported with their field")
{
	struct rank_batch b = {0};
	struct diag d;
	CHECK_INT(parse("{\"data\":[\n{\"date\":20260301,\"model_permaslug\":\"a/b\",\"total_tokens\":\"1\"},\n"
	                "{\"date\":\"2026-03-01\",\"model_permaslug\":null,\"total_tokens\":1.5},\n"
	                "{\"date\":\"2026-03-01\",\"total_tokens\":-3},\n"
	                "7]}", &b, &d), 6);
	CHECK_STR(d.kept[0], "t:2: data[0].date is not a string");
	CHECK_STR(d.kept[1], "t:3: data[1].model_permaslug is null");
	CHECK_STR(d.kept[2], "t:3: data[1].total_tokens is not a whole number");
	CHECK_STR(d.kept[3], "t:4: data[2].model_permaslug is missing");
	CHECK_STR(d.kept[4], "t:4: data[2].total_tokens is negative");
	CHECK_STR(d.kept[5], "t:5: data[3] is not an object");
	CHECK_INT(b.n, 0);
	diag_finish(&d);
	rank_batch_finish(&b);
}

TEST("model ids with spaces or control characters are rejected")
{
	struct rank_batch b = {0};
	struct diag d;
	CHECK_INT(parse("date,model_permaslug,total_tokens\n2026-03-01,a b,1\n2026-03-01,\"a\tb\",1\n"
	                "2026-03-01,,1\n2026-03-01,ok/model,1\n", &b, &d), 3);
	CHECK_INT(b.n, 1);
	CHECK_STR(d.kept[2], "t:4: model_permaslug is empty");
	diag_finish(&d);
	rank_batch_finish(&b);
}

TEST("CSV columns may come in any order and extra columns are ignored")
{
	struct rank_batch b = {0};
	struct diag d;
	CHECK_INT(parse("total_tokens,note,date,model_permaslug\r\n12,x,2026-03-01,a/b\r\n", &b, &d), 0);
	CHECK_INT(b.n, 1);
	CHECK_INT(b.rows[0].tokens, 12);
	CHECK_STR(b.rows[0].model, "a/b");
	diag_finish(&d);
	rank_batch_finish(&b);
}

/* The one number sql answers, or -1. */
static int64_t count(struct store *st, const char *sql)
{
	sqlite3_stmt *q = store_prepare(st, sql);
	return q ? store_int(st, q, sql) : -1;
}

static void apply(struct store *st, const char *csv, struct rank_apply_stats *stats)
{
	struct rank_batch b = {0};
	struct diag d;
	CHECK_INT(parse(csv, &b, &d), 0);
	const char *files[] = {"t"};
	CHECK_INT(rank_batch_check(&b, &d, files, 1), 0);
	CHECK_INT(store_begin(st), 0);
	int64_t id = store_new_batch(st, "test");
	CHECK_INT(rank_batch_apply(st, &b, id, stats, NULL, NULL), 0);
	CHECK_INT(store_commit(st), 0);
	diag_finish(&d);
	rank_batch_finish(&b);
}

TEST("a re-ingested day is replaced whole and each difference is one restatement")
{
	struct store st;
	CHECK_INT(store_open(&st, ":memory:", STORE_WRITE), 0);
	struct rank_apply_stats s;
	apply(&st, "date,model_permaslug,total_tokens\n2026-03-01,a/x,10\n2026-03-01,a/y,20\n"
	           "2026-03-01,other,5\n2026-03-02,a/x,1\n", &s);
	CHECK_INT(s.days_new, 2);
	CHECK_INT(s.rows, 4);
	apply(&st, "date,model_permaslug,total_tokens\n2026-03-01,a/x,10\n2026-03-01,a/z,20\n"
	           "2026-03-01,other,6\n2026-03-02,a/x,1\n2026-03-02,a/x,1\n", &s);
	CHECK_INT(s.days_restated, 1);
	CHECK_INT(s.days_unchanged, 1);
	CHECK_INT(s.duplicates, 1);
	CHECK_INT(s.restatements, 3);    // a/y left, a/z came, other changed
	CHECK_INT(count(&st, "SELECT count(*) FROM restatement"), 3);
	CHECK_INT(count(&st, "SELECT count(*) FROM restatement WHERE model = 'a/y' AND new_tokens IS NULL"), 1);
	CHECK_INT(count(&st, "SELECT count(*) FROM restatement WHERE model = 'a/z' AND old_tokens IS NULL"), 1);
	CHECK_INT(count(&st, "SELECT new_tokens FROM restatement WHERE model = 'other'"), 6);
	CHECK_INT(count(&st, "SELECT count(*) FROM rank_row WHERE day = '2026-03-01'"), 3);
	CHECK_INT(count(&st, "SELECT rows FROM rank_day WHERE day = '2026-03-01'"), 3);
	store_close(&st);
}

TEST("conflicting values for one day and model in a batch are found")
{
	struct rank_batch b = {0};
	struct diag d[2];
	struct rank_input in[2] = {
		{.name = "a", .data = "date,model_permaslug,total_tokens\n2026-03-01,a/x,10\n"},
		{.name = "b", .data = "date,model_permaslug,total_tokens\n2026-03-01,a/x,11\n"},
	};
	for (int i = 0; i < 2; i++) {
		in[i].len = strlen(in[i].data);
		in[i].as_of_default = RANK_AS_OF_UNKNOWN;
		diag_init(&d[i], in[i].name);
		rank_parse_input(&in[i], NULL, &b, &d[i]);
	}
	const char *files[] = {in[0].name, in[1].name};
	CHECK_INT(rank_batch_check(&b, d, files, 2), 1);
	CHECK_INT(d[1].count, 1);
	CHECK(d[1].count && strstr(d[1].kept[0], "b:2: 2026-03-01 a/x has 11 tokens here but 10 at a:2") != NULL);
	diag_finish(&d[0]);
	diag_finish(&d[1]);
	rank_batch_finish(&b);
}

TEST("checking and applying an empty batch is defined behaviour")
{
	// 2026-11-24: an empty input file made rank_batch_check call
	// qsort(NULL, 0, ...), which UBSan reported; xqsort skips empty arrays.
	struct rank_batch b = {0};
	struct diag d;
	diag_init(&d, "t");
	const char *files[] = {"t"};
	CHECK_INT(rank_batch_check(&b, &d, files, 1), 0);
	struct store st;
	CHECK_INT(store_open(&st, ":memory:", STORE_WRITE), 0);
	struct rank_apply_stats s;
	CHECK_INT(store_begin(&st), 0);
	CHECK_INT(rank_batch_apply(&st, &b, store_new_batch(&st, "test"), &s, NULL, NULL), 0);
	CHECK_INT(store_commit(&st), 0);
	CHECK_INT(s.rows, 0);
	store_close(&st);
	diag_finish(&d);
}
