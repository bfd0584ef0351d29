-- 0003: the collector's memory. Per source: when it last ran, succeeded and
-- failed, and when it runs next; every HTTP request made to a rate-limited
-- API, so cron runs and the daemon share the limits; /models snapshots
-- (ids, canonical slugs, prices) with their date.

CREATE TABLE poll_state (
	source TEXT PRIMARY KEY,                -- rankings, providers, models, activity
	last_attempt INTEGER,                   -- UTC seconds
	last_success INTEGER,                   -- UTC seconds
	last_error_at INTEGER,                  -- UTC seconds
	last_error TEXT,                        -- one line, never a key
	next_run INTEGER,                       -- UTC seconds
	rows INTEGER NOT NULL DEFAULT 0,        -- rows stored by the last success
	rejects INTEGER NOT NULL DEFAULT 0,
	restatements INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;

CREATE TABLE http_request (
	api TEXT NOT NULL,                      -- 'data' (rankings), 'api'
	at INTEGER NOT NULL                     -- UTC seconds
) STRICT;
CREATE INDEX http_request_at ON http_request (api, at);

-- A snapshot is stored when the table differs from the latest one, so a
-- price's effective date is the first snapshot that shows it; a second
-- change on the same day replaces that day's snapshot.
CREATE TABLE model_snapshot (
	id INTEGER PRIMARY KEY,
	taken_on TEXT NOT NULL UNIQUE,          -- UTC date
	origin TEXT NOT NULL,                   -- URL or file it came from
	sha256 TEXT NOT NULL                    -- of the normalised table (model_price rows)
) STRICT;
CREATE TABLE model_price (
	snapshot_id INTEGER NOT NULL REFERENCES model_snapshot (id),
	model TEXT NOT NULL,                    -- request id, e.g. anthropic/claude-sonnet-4.5
	canonical_slug TEXT NOT NULL,           -- permaslug
	prompt TEXT NOT NULL,                   -- USD per token, decimal text as published ('' = none)
	completion TEXT NOT NULL,               -- USD per token
	pricing TEXT NOT NULL,                  -- the whole pricing object, JSON
	PRIMARY KEY (snapshot_id, model)
) STRICT, WITHOUT ROWID;
