/*
 * The collector's settings table (core/config.c) and retry timing
 * (collector/poll/http.c), and that the store and the log formats agree on
 * which datasets are daily. The HTTP behaviour itself is tested end to end in
 * tests/cli/collect.sh against a local fake server.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>

#include "collector/logs/logfmt.h"
#include "collector/poll/http.h"
#include "core/config.h"
#include "harness.h"
#include "store/usage_read.h"

static char *write_file(const char *name, const char *text)
{
	char *path = malloc(4096);
	snprintf(path, 4096, "%s/%s", test_tmpdir(), name);
	FILE *fp = fopen(path, "w");
	fputs(text, fp);
	fclose(fp);
	return path;
}

TEST("durations and sizes take their units and land in the setting's unit")
{
	struct config c;
	config_defaults(&c);
	CHECK_INT(c.rankings_interval, 6 * 3600);          // default "6h"
	CHECK_INT(c.http_max_body, 64 << 20);                // default "64MiB"
	CHECK_INT(c.follow_interval, 1000);                  // milliseconds
	CHECK_INT(config_set(&c, "rankings_interval", "90m", stderr), 0);
	CHECK_INT(c.rankings_interval, 5400);
	CHECK_INT(config_set(&c, "http_timeout", "2000ms", stderr), 0);
	CHECK_INT(c.http_timeout, 2);
	CHECK_INT(config_set(&c, "follow_interval", "2s", stderr), 0);
	CHECK_INT(c.follow_interval, 2000);
	CHECK_INT(config_set(&c, "follow_interval", "250", stderr), 0);
	CHECK_INT(c.follow_interval, 250);
	CHECK_INT(config_set(&c, "http_max_body", "3KiB", stderr), 0);
	CHECK_INT(c.http_max_body, 3072);
	config_finish(&c);
}

TEST("a value out of bounds or in a wrong unit is refused and changes nothing")
{
	struct config c;
	config_defaults(&c);
	test_capture_stderr();
	CHECK_INT(config_set(&c, "http_timeout", "0", stderr), -1);        // at least 1 s
	CHECK_INT(config_set(&c, "http_timeout", "1500ms", stderr), -1);   // not whole seconds
	CHECK_INT(config_set(&c, "rate_per_minute", "1001", stderr), -1);
	CHECK_INT(config_set(&c, "http_max_body", "1KB", stderr), -1);
	CHECK_INT(config_set(&c, "rankings_start", "2025-02-30", stderr), -1);
	CHECK_INT(config_set(&c, "api_base", "ftp://x", stderr), -1);
	CHECK_INT(config_set(&c, "no_such", "1", stderr), -1);
	char *err = test_captured_stderr();
	CHECK(strstr(err, "--http_timeout '0' is out of range") != NULL);
	CHECK(strstr(err, "--rankings_start '2025-02-30' is not a date") != NULL);
	free(err);
	CHECK_INT(c.http_timeout, 60);
	CHECK_INT(c.rate_per_minute, 30);
	config_finish(&c);
}

TEST("every problem of a file is reported with its file and line, not only the first")
{
	char *path = write_file("t.conf", "# comment\n"
	                                  "rankings_refetch = 5\n"
	                                  "\n"
	                                  "http_budget = soon\n"
	                                  "colour = blue   # unknown\n"
	                                  "follow /var/log/a.log\n");
	struct config c;
	config_defaults(&c);
	test_capture_stderr();
	CHECK_INT(config_load(&c, path, false, stderr), -1);
	char *err = test_captured_stderr();
	char want[4200];
	snprintf(want, sizeof want, "%s:4: http_budget 'soon' is not a non-negative whole number", path);
	CHECK(strstr(err, want) != NULL);
	snprintf(want, sizeof want, "%s:5: unknown setting 'colour'", path);
	CHECK(strstr(err, want) != NULL);
	free(err);
	config_finish(&c);
	free(path);
}

TEST("a reload may not move the database; other settings may change")
{
	struct config a, b;
	config_defaults(&a);
	config_defaults(&b);
	CHECK_INT(config_set(&a, "database", "/one.db", stderr), 0);
	CHECK_INT(config_set(&b, "database", "/two.db", stderr), 0);
	CHECK_INT(config_set(&b, "rankings_interval", "1h", stderr), 0);
	test_capture_stderr();
	CHECK_INT(config_fixed_changes(&a, &b, stderr), 1);
	char *err = test_captured_stderr();
	CHECK(strstr(err, "database cannot change on reload") != NULL);
	free(err);
	config_finish(&a);
	config_finish(&b);
}

TEST("retries back off from 1 s doubling to 60 s, with jitter, and honour Retry-After")
{
	// Jitter puts the wait between half and all of the step.
	CHECK_INT(http_backoff_ms(2, -1, 0.0), 500);
	CHECK_INT(http_backoff_ms(2, -1, 0.999999), 999);
	CHECK_INT(http_backoff_ms(3, -1, 0.0), 1000);
	CHECK_INT(http_backoff_ms(4, -1, 0.0), 2000);
	CHECK_INT(http_backoff_ms(8, -1, 0.0), 30000);
	CHECK_INT(http_backoff_ms(9, -1, 0.0), 30000);       // capped at 60 s
	CHECK_INT(http_backoff_ms(50, -1, 0.999999), 59999);
	// A Retry-After longer than the backoff wins; a shorter one does not.
	CHECK_INT(http_backoff_ms(2, 7, 0.5), 7000);
	CHECK_INT(http_backoff_ms(9, 1, 0.0), 30000);
}

TEST("the store's daily datasets are the log formats marked daily, and no other")
{
	// Reports ask the store (usage_dataset_daily), ingest asks the format:
	// both must say the same of every dataset.
	size_t daily = 0;
	for (size_t i = 0; log_formats[i]; i++) {
		CHECK(usage_dataset_daily(log_formats[i]->dataset) == log_formats[i]->daily);
		daily += log_formats[i]->daily;
	}
	CHECK(daily > 0);
	CHECK(!usage_dataset_daily("rankings"));
	CHECK(!usage_dataset_daily("no-such-dataset"));
}
