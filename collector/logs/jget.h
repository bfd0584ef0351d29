/*
 * Reading fields of one JSON record without caring who parsed it. A record
 * is either a flat object read by the fast scanner (fastjson.c) or any JSON
 * value parsed by jansson; format modules ask for fields through jget_*
 * and therefore extract the same record from both. The fast scanner only
 * accepts a strict subset of JSON on which it gives the values jansson
 * gives (checked by a differential fuzz test); anything else goes to
 * jansson.
 *
 * Paths are member names separated by '.', e.g. "usage.prompt_tokens".
 * Strings returned point into the record and live as long as it does.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_JGET_H
#define TOKENSHARE_JGET_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum jtype {
	JT_MISSING,
	JT_NULL,
	JT_FALSE,
	JT_TRUE,
	JT_INT,
	JT_REAL,
	JT_STRING,
	JT_OTHER,               // object or array
};

struct jfield {
	enum jtype type;
	const char *str;        // JT_STRING: bytes (not NUL-terminated)
	size_t len;
	int64_t i;              // JT_INT
	double d;               // JT_REAL
};

#define FJ_MAX_PAIRS 48

/* A flat object from the fast scanner: members in order of appearance. */
struct fj_pair {
	const char *key;
	uint32_t klen;
	struct jfield value;
};

struct fj_object {
	struct fj_pair pairs[FJ_MAX_PAIRS];
	unsigned n;
	bool duplicates;        // some member name occurs twice (the last one counts)
};

/*
 * Scans s[0..len) as one JSON object whose members are strings of printable
 * ASCII without escapes, numbers, true, false or null, with JSON white space
 * around. Returns false for anything else (the caller then uses jansson),
 * including integers of 19 digits or more and reals that overflow.
 */
bool fj_parse_flat(const char *s, size_t len, struct fj_object *o);

/* A record to read: exactly one of flat and json is set. */
struct jrec {
	const struct fj_object *flat;
	json_t *json;           // borrowed
	bool literal;           // json's member names contain dots: no path splitting
};

void jget(const struct jrec *r, const char *path, struct jfield *out);

/* Convenience readers; each returns false when the field is absent or null. */
bool jget_string(const struct jrec *r, const char *path, const char **s, size_t *len);
bool jget_int(const struct jrec *r, const char *path, int64_t *v);
/* An integer, or a string of decimal digits (OTLP intValue, analytics counts). */
bool jget_count(const struct jrec *r, const char *path, uint64_t *v, bool *bad);
/* A number (integer or real) as a double. */
bool jget_number(const struct jrec *r, const char *path, double *v);

/* Converts jansson's value to a jfield (strings borrow from v). */
void jfield_from_json(json_t *v, struct jfield *out);

#endif
