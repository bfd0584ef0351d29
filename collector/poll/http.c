/*
 * libcurl GET with a bounded body and the retry policy (see http.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <curl/curl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "collector/poll/http.h"
#include "core/log.h"
#include "core/xalloc.h"

#define BACKOFF_FIRST_MS 1000
#define BACKOFF_CAP_MS 60000

int http_init(void)
{
	// Jitter must differ between clients, or they retry in step.
	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void http_cleanup(void)
{
	curl_global_cleanup();
}

struct sink {
	struct buf *body;
	size_t max;
	int too_large;
};

static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
	struct sink *s = ctx;
	size_t len = size * n;
	if (s->body->len + len > s->max) {
		s->too_large = 1;
		return 0;       // makes libcurl stop with CURLE_WRITE_ERROR
	}
	buf_append(s->body, data, len);
	return len;
}

/* Ends a transfer in progress when a stop was requested. */
static int on_progress(void *ctx, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
	const volatile sig_atomic_t *stop = ctx;
	return stop && *stop;
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

long http_backoff_ms(int attempt, long retry_after, double random01)
{
	long wait = BACKOFF_FIRST_MS;
	for (int i = 2; i < attempt && wait < BACKOFF_CAP_MS; i++)
		wait *= 2;
	if (wait > BACKOFF_CAP_MS)
		wait = BACKOFF_CAP_MS;
	// Jitter: somewhere between half and all of the wait, so clients spread out.
	wait = wait / 2 + (long)((double)(wait / 2) * random01);
	if (retry_after >= 0 && retry_after * 1000 > wait)
		wait = retry_after * 1000;
	return wait;
}

static bool transient_status(long status)
{
	return status == 408 || status == 429 || status == 500 || status == 502 ||
	       status == 503 || status == 504 || status == 524 || status == 529;
}

static bool transient_curl(CURLcode rc)
{
	// Not CURLE_COULDNT_RESOLVE_HOST or CURLE_COULDNT_CONNECT: offline, or
	// nothing listening, does not change in a minute (curl's own --retry
	// leaves them alone too); retrying held cron's slot for ten minutes.
	return rc == CURLE_OPERATION_TIMEDOUT || rc == CURLE_RECV_ERROR ||
	       rc == CURLE_SEND_ERROR || rc == CURLE_GOT_NOTHING ||
	       rc == CURLE_PARTIAL_FILE || rc == CURLE_SSL_CONNECT_ERROR;
}

/* Sleeps ms, in short steps so that a stop request ends the wait; false if stopped. */
static bool sleep_ms(long ms, const volatile sig_atomic_t *stop)
{
	while (ms > 0) {
		if (stop && *stop)
			return false;
		long step = ms < 100 ? ms : 100;
		struct timespec ts = {0, step * 1000000};
		nanosleep(&ts, NULL);
		ms -= step;
	}
	return !(stop && *stop);
}

enum http_result http_get(const char *url, const struct http_options *opt,
                          struct http_response *resp)
{
	*resp = (struct http_response){0};
	CURL *curl = curl_easy_init();
	if (!curl) {
		snprintf(resp->error, sizeof resp->error, "cannot start libcurl");
		return HTTP_FAILED;
	}
	struct curl_slist *headers = NULL;
	char *auth = opt->key && *opt->key ? xasprintf("Authorization: Bearer %s", opt->key) : NULL;
	if (auth)
		headers = curl_slist_append(headers, auth);
	headers = curl_slist_append(headers, "Accept: application/json");
	double start = now_s();
	enum http_result result = HTTP_UNREACHABLE;
	for (;;) {
		if (opt->before_attempt &&
		    opt->before_attempt(opt->ctx, resp->error, sizeof resp->error) != 0) {
			result = HTTP_UNREACHABLE;
			break;
		}
		resp->attempts++;
		buf_finish(&resp->body);
		struct sink sink = {&resp->body, opt->max_body, 0};
		curl_easy_reset(curl);
		curl_easy_setopt(curl, CURLOPT_URL, url);
		curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
		curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
		curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
		curl_easy_setopt(curl, CURLOPT_TIMEOUT, opt->timeout);
		curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, opt->timeout < 30 ? opt->timeout : 30L);
		curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
		curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
		curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
		curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
		curl_easy_setopt(curl, CURLOPT_USERAGENT, "tokenshare");
		curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
		if (opt->stop) {
			curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
			curl_easy_setopt(curl, CURLOPT_XFERINFODATA, (void *)opt->stop);
			curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
		}
		CURLcode rc = curl_easy_perform(curl);
		long status = 0;
		curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
		resp->status = status;
		curl_off_t retry_after = -1;
		curl_easy_getinfo(curl, CURLINFO_RETRY_AFTER, &retry_after);
		if (retry_after <= 0)
			retry_after = -1;       // libcurl says 0 when there was no header
		bool again;
		if (sink.too_large) {
			snprintf(resp->error, sizeof resp->error, "the response is larger than %zu bytes",
			         opt->max_body);
			result = HTTP_TOO_LARGE;
			break;
		} else if (rc == CURLE_ABORTED_BY_CALLBACK) {
			snprintf(resp->error, sizeof resp->error, "stopped by a signal");
			result = HTTP_UNREACHABLE;
			break;
		} else if (rc != CURLE_OK) {
			snprintf(resp->error, sizeof resp->error, "%s", curl_easy_strerror(rc));
			again = transient_curl(rc);
			result = again ? HTTP_UNREACHABLE : HTTP_FAILED;
		} else if (status >= 200 && status < 300) {
			result = HTTP_OK;
			break;
		} else {
			snprintf(resp->error, sizeof resp->error, "HTTP %ld", status);
			again = transient_status(status);
			result = status == 401 || status == 403 ? HTTP_DENIED
			         : again                       ? HTTP_UNREACHABLE
			                                       : HTTP_REFUSED;
		}
		if (!again)
			break;
		long wait = http_backoff_ms(resp->attempts + 1, (long)retry_after,
		                            (double)rand() / ((double)RAND_MAX + 1));
		if (now_s() - start + (double)wait / 1000 + 1 > (double)opt->budget) {
			size_t n = strlen(resp->error);
			snprintf(resp->error + n, sizeof resp->error - n,
			         " (gave up after %d attempt%s: the %lds budget would run out)",
			         resp->attempts, resp->attempts == 1 ? "" : "s", opt->budget);
			break;
		}
		log_info("%s: %s; attempt %d, trying again in %.1f s%s",
		         opt->label ? opt->label : url, resp->error, resp->attempts,
		         (double)wait / 1000, retry_after >= 0 ? " (Retry-After)" : "");
		if (!sleep_ms(wait, opt->stop)) {
			snprintf(resp->error, sizeof resp->error, "stopped while waiting to try again");
			break;
		}
	}
	curl_slist_free_all(headers);
	if (auth) {
		// The key is a secret: do not leave it in freed memory.
		memset(auth, 0, strlen(auth));
		free(auth);
	}
	curl_easy_cleanup(curl);
	return result;
}
