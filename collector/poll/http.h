/*
 * HTTP GET for the collector, through libcurl: TLS verified, a timeout per
 * request, the body into a buffer with a maximum size, and a retry policy
 * for transient failures only (timeouts, a connection cut short, 408, 429,
 * 5xx, 524, 529; not a name that does not resolve or a connection refused,
 * which curl does not retry either): exponential backoff from 1 s, doubled to 60 s, with jitter,
 * honouring Retry-After, within a total time budget. A key goes in an
 * Authorization header and never into a message or a URL.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_HTTP_H
#define TOKENSHARE_HTTP_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

enum http_result {
	HTTP_OK,                // 2xx, body complete
	HTTP_UNREACHABLE,       // transient failures until the budget ran out
	HTTP_DENIED,            // 401 or 403
	HTTP_REFUSED,           // another 4xx: a request the server will never accept
	HTTP_TOO_LARGE,         // the body passed the maximum
	HTTP_FAILED,            // libcurl could not even start
};

struct http_options {
	long timeout;           // seconds per attempt
	long budget;            // seconds for all attempts and waits
	size_t max_body;        // bytes
	const char *key;        // bearer token, or NULL
	/*
	 * Called before every attempt (retries too), e.g. to keep a rate limit;
	 * a non-zero return stops the fetch as HTTP_UNREACHABLE with its message.
	 */
	int (*before_attempt)(void *ctx, char *why, size_t why_len);
	void *ctx;
	const volatile sig_atomic_t *stop;      // set: no more attempts or waits
	const char *label;                      // "source: GET url", for retry lines
};

struct http_response {
	long status;            // last HTTP status, 0 if none
	struct buf body;        // the body of the last attempt (owned)
	int attempts;
	char error[256];        // why it failed, one line, safe to log
};

/* Call once before any request (and http_cleanup once at the end). */
int http_init(void);
void http_cleanup(void);

/* GETs url. The caller frees resp->body with buf_finish. */
enum http_result http_get(const char *url, const struct http_options *opt,
                          struct http_response *resp);

/*
 * The wait before attempt number `attempt` (1-based, > 1) in milliseconds,
 * given a Retry-After in seconds (or -1) and a random value in [0, 1).
 */
long http_backoff_ms(int attempt, long retry_after, double random01);

#endif
