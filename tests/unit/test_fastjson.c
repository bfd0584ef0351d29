/*
 * The flat-JSON fast path against jansson. The fast scanner may refuse
 * anything (jansson then decides), but whatever it accepts must be JSON
 * that jansson accepts too, and the record a format extracts must be the
 * same, field by field, or rejected for the same reason. Inputs are real
 * log lines, mutated at random with a fixed seed (deterministic).
 *
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdlib.h>

#include "collector/logs/jget.h"
#include "collector/logs/logfmt.h"
#include "harness.h"

static const char *const seeds[] = {
	("{\"id\":\"gen-1735516848-PJrXCdM4Vy2NoYREvVfq\",\"total_cost\":0.0003012,\"cache_discount\":null,"
	"\"created_at\":\"2024-12-30T00:00:48Z\",\"model\":\"meta-llama/llama-3.3-70b-instruct\","
	"\"app_id\":null,\"streamed\":false,\"provider_name\":\"Chutes\",\"latency\":15162,"
	"\"generation_time\":14977,\"finish_reason\":\"stop\",\"native_finish_reason\":\"stop\","
	"\"tokens_prompt\":703,\"tokens_completion\":538,\"native_tokens_reasoning\":0,"
	"\"native_tokens_cached\":0,\"is_byok\":false}"),
	("{\"id\": \"gen-1\", \"created_at\": \"2026-03-02T14:05:11.482913+00:00\", \"model\": "
	"\"deepseek/deepseek-v3.2:free\", \"provider_name\": \"DeepInfra\", \"tokens_prompt\": 2304, "
	"\"tokens_completion\": 311, \"native_tokens_prompt\": 2287, \"native_tokens_completion\": 309, "
	"\"native_tokens_reasoning\": 0, \"native_tokens_cached\": 1024, \"total_cost\": 7.1e-4, "
	"\"usage\": 0.00071, \"latency\": 1840}"),
	("{\"id\":\"gen-2\",\"created_at\":\"2025-06-01T00:00:00Z\",\"model\":\"x\",\"provider_name\":null,"
	"\"tokens_prompt\":-1,\"tokens_completion\":1.5,\"total_cost\":12345678901234567}"),
};

/* What a record looks like after extraction, comparable field by field. */
static bool same_record(const struct usage_record *a, const struct usage_record *b)
{
#define SAME_STR(f) (a->f##_len == b->f##_len && (a->f##_len == 0 || memcmp(a->f, b->f, a->f##_len) == 0))
	return a->time == b->time && a->requests == b->requests && a->prompt == b->prompt &&
	       a->completion == b->completion && a->reasoning == b->reasoning &&
	       a->cached == b->cached && a->cost_micro == b->cost_micro && SAME_STR(id) &&
	       SAME_STR(model) && SAME_STR(permaslug) && SAME_STR(provider);
#undef SAME_STR
}

static uint64_t state = 0x9E3779B97F4A7C15ull;

static uint64_t next(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

/* Replaces, inserts or deletes a few bytes, or cuts the line short. */
static size_t mutate(char *buf, size_t len, size_t cap)
{
	static const char pool[] = "{}[]\":,.-+eE0123456789 \\\t\nnulltruefalse\x01\x7f\xc3\xa9\xff";
	int edits = 1 + (int)(next() % 4);
	for (int e = 0; e < edits && len > 0; e++) {
		size_t at = next() % len;
		char c = pool[next() % (sizeof pool - 1)];
		switch (next() % 5) {
		case 0:
			buf[at] = c;
			break;
		case 1:
			if (len + 1 < cap) {
				memmove(buf + at + 1, buf + at, len - at);
				buf[at] = c;
				len++;
			}
			break;
		case 2:
			memmove(buf + at, buf + at + 1, len - at - 1);
			len--;
			break;
		case 3:
			len = at;
			break;
		default:
			// Digits are where the two parsers could disagree most.
			if (buf[at] >= '0' && buf[at] <= '9')
				buf[at] = (char)('0' + next() % 10);
			break;
		}
	}
	return len;
}

TEST("whatever the fast path accepts, jansson reads the same record or the same rejection")
{
	char buf[2048];
	long accepted = 0, compared = 0;
	for (int round = 0; round < 300000; round++) {
		const char *seed = seeds[round % 3];
		size_t len = strlen(seed);
		memcpy(buf, seed, len);
		if (round >= 3)
			len = mutate(buf, len, sizeof buf);
		struct fj_object flat;
		if (!fj_parse_flat(buf, len, &flat))
			continue;
		accepted++;
		json_error_t err;
		json_t *doc = json_loadb(buf, len, 0, &err);
		if (!doc) {
			test_fail(__FILE__, __LINE__, "fast path accepted what jansson rejects (%s): %.*s",
			          err.text, (int)len, buf);
			return;
		}
		struct jrec fast = {.flat = &flat}, slow = {.json = doc};
		struct usage_record a = {.time = INT64_MIN}, b = {.time = INT64_MIN};
		const char *why_a = log_format_generation.extract(&fast, &a);
		const char *why_b = log_format_generation.extract(&slow, &b);
		bool ok = why_a == why_b && (why_a || same_record(&a, &b));
		if (!ok) {
			test_fail(__FILE__, __LINE__, "records differ (%s / %s): %.*s", why_a ? why_a : "ok",
			          why_b ? why_b : "ok", (int)len, buf);
			json_decref(doc);
			return;
		}
		// Every member, not only those the format reads.
		for (unsigned i = 0; i < flat.n; i++) {
			char key[256];
			snprintf(key, sizeof key, "%.*s", (int)flat.pairs[i].klen, flat.pairs[i].key);
			struct jfield x, y;
			jget(&fast, key, &x);
			json_t *v = json_object_get(doc, key);
			jfield_from_json(v, &y);
			bool eq = x.type == y.type &&
			          (x.type != JT_INT || x.i == y.i) &&
			          (x.type != JT_REAL || x.d == y.d || (isnan(x.d) && isnan(y.d))) &&
			          (x.type != JT_STRING || (x.len == y.len && memcmp(x.str, y.str, x.len) == 0));
			if (!eq && !strchr(key, '.')) {
				test_fail(__FILE__, __LINE__, "member %s differs: %.*s", key, (int)len, buf);
				json_decref(doc);
				return;
			}
		}
		compared++;
		json_decref(doc);
	}
	// The mutations must leave the fast path plenty to accept.
	CHECK(accepted > 20000);
	CHECK(compared == accepted);
}

TEST("the fast path refuses what it cannot read exactly")
{
	static const char *const refused[] = {
		"{\"a\":\"caf\xc3\xa9\"}",          // non-ASCII: jansson checks UTF-8
		"{\"a\":\"x\\ny\"}",                // an escape
		"{\"a\":{\"b\":1}}",                // nested
		"{\"a\":[1]}",
		"{\"a\":1234567890123456789}",      // 19 digits: jansson may overflow
		"{\"a\":1e999}",                    // a real that overflows
		"{\"a\":01}",                       // not JSON
		"{\"a\":1,}",
		"{\"a\":1} x",
		"[1]",
		"{\"a\":\"\t\"}",                   // a raw control character
	};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		struct fj_object o;
		if (fj_parse_flat(refused[i], strlen(refused[i]), &o))
			test_fail(__FILE__, __LINE__, "accepted: %s", refused[i]);
	}
	struct fj_object o;
	const char *dup = " {\"a\" : -0.5e-3 , \"a\":true}\r\n";
	CHECK(fj_parse_flat(dup, strlen(dup), &o));
	CHECK(o.duplicates);
	struct jrec r = {.flat = &o};
	struct jfield f;
	jget(&r, "a", &f);
	CHECK(f.type == JT_TRUE);   // the last of repeated names counts, as in jansson
}
