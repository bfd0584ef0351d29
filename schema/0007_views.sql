-- 0007: views for SQL users (tokenshare(1), SCHEMA). They hold nothing:
-- each reads the stored rows and labels them with the ACTIVE mapping
-- (setting 'mapping.active') by the rule reports use (mapping/refdata.c
-- refdata_resolve, reporter/views/labels.c), so 'reference load' relabels
-- them at once, as it does every report. Labels are the groups of
-- 'report share --by author-country' (and author, lineage-country,
-- provider, provider-country): an ISO 3166-1 alpha-2 code or an author
-- slug, 'unknown' (the mapping does not say), 'unattributed' (OpenRouter's
-- 'other' row). --known-at is not applied: every fact counts as known.
-- Days are UTC dates 'YYYY-MM-DD'; weeks are ISO 8601 weeks ('2026-W07',
-- Monday to Sunday); counts are tokens; times are ISO 8601 UTC text.

-- The mapping that labels reports and these views.
CREATE VIEW mapping_active AS
SELECT m.id AS mapping_id, m.version, m.sha256, m.origin,
	strftime('%Y-%m-%dT%H:%M:%SZ', m.loaded_at, 'unixepoch') AS loaded_at
FROM setting s JOIN mapping m ON m.version = s.value
WHERE s.key = 'mapping.active';

-- Every model id stored (rankings permaslugs, log slugs and permaslugs),
-- as the active mapping labels it: 'other' is unattributed; else, after a
-- leading '~', the longest model-overrides prefix (case-sensitive) wins;
-- else the authors.csv slug before the first '/' of the lower-cased id;
-- else the longest model-names prefix of the lower-cased id. matched = 1
-- when an override or an author was found (a log model whose slug matches
-- nothing is labelled by its permaslug instead).
CREATE VIEW model_label AS
WITH act(mid) AS (SELECT mapping_id FROM mapping_active),
ids(model) AS (
	SELECT model FROM rank_row
	UNION SELECT slug FROM model_dim
	UNION SELECT permaslug FROM model_dim WHERE permaslug <> ''),
m AS (
	SELECT model, iif(substr(model, 1, 1) = '~', substr(model, 2), model) AS id
	FROM ids),
o AS (
	SELECT m.model, m.id, lower(m.id) AS name,
		(SELECT r.model_prefix FROM mapping_override r, act
		 WHERE r.mapping_id = act.mid AND m.model <> 'other'
		   AND substr(m.id, 1, length(r.model_prefix)) = r.model_prefix
		 ORDER BY length(r.model_prefix) DESC LIMIT 1) AS override
	FROM m),
a AS MATERIALIZED (
	SELECT o.model, o.override,
		CASE WHEN o.model = 'other' THEN NULL
		WHEN o.override IS NOT NULL THEN
			(SELECT a.slug FROM mapping_author a, mapping_override r, act
			 WHERE a.mapping_id = act.mid AND r.mapping_id = act.mid
			   AND r.model_prefix = o.override AND r.author_org <> ''
			   AND a.organisation = r.author_org ORDER BY a.slug LIMIT 1)
		WHEN length(CAST(o.id AS BLOB)) >= 256 THEN NULL   -- too long to be a name
		ELSE coalesce(
			(SELECT a.slug FROM mapping_author a, act
			 WHERE a.mapping_id = act.mid AND instr(o.name, '/') > 0
			   AND a.slug = substr(o.name, 1, instr(o.name, '/') - 1)),
			(SELECT a.slug FROM mapping_model_name n, mapping_author a, act
			 WHERE n.mapping_id = act.mid AND a.mapping_id = act.mid AND a.slug = n.author
			   AND substr(o.name, 1, length(n.name_prefix)) = n.name_prefix
			 ORDER BY length(n.name_prefix) DESC LIMIT 1))
		END AS author
	FROM o),
c AS MATERIALIZED (
	SELECT a.model, a.override, a.author,
		CASE WHEN a.override IS NOT NULL THEN r.author_country ELSE au.country END AS country,
		CASE WHEN a.override IS NOT NULL THEN r.lineage_country ELSE au.country END AS lineage
	FROM a
	LEFT JOIN mapping_override r
		ON a.override IS NOT NULL AND r.mapping_id = (SELECT mid FROM act)
		AND r.model_prefix = a.override
	LEFT JOIN mapping_author au
		ON a.override IS NULL AND au.mapping_id = (SELECT mid FROM act) AND au.slug = a.author)
SELECT model,
	iif(model = 'other', 'unattributed', coalesce(author, 'unknown')) AS author,
	iif(model = 'other', 'unattributed', coalesce(nullif(country, ''), 'unknown'))
		AS author_country,
	iif(model = 'other', 'unattributed', coalesce(nullif(lineage, ''), 'unknown'))
		AS lineage_country,
	override AS override_prefix,
	(model = 'other' OR override IS NOT NULL OR author IS NOT NULL) AS matched
FROM c;

-- One row per stored rankings day. status: 'final'; 'provisional' (as of
-- a time before the day ended: the live current day); 'incomplete' (fewer
-- than 50 model rows or no 'other' row). Only final days count in a
-- report's days column; the tokens of every day count.
CREATE VIEW rankings_days AS
WITH d AS (
	SELECT d.day, d.as_of, d.rows, b.started_at,
		EXISTS (SELECT 1 FROM rank_row o WHERE o.day = d.day AND o.model = 'other') AS has_other
	FROM rank_day d JOIN batch b ON b.id = d.batch_id)
SELECT day,
	strftime('%Y', day, 'weekday 0', '-3 days') || '-W' ||
		printf('%02d', (strftime('%j', day, 'weekday 0', '-3 days') - 1) / 7 + 1) AS iso_week,
	date(day, 'weekday 0', '-6 days') AS week_start,
	date(day, 'weekday 0') AS week_end,
	substr(day, 1, 7) AS month,
	rows - has_other AS models,
	has_other,
	CASE WHEN as_of IS NOT NULL AND as_of < CAST(strftime('%s', day, '+1 day') AS INTEGER) THEN 'provisional'
	     WHEN NOT has_other OR rows - has_other < 50 THEN 'incomplete'
	     ELSE 'final' END AS status,
	strftime('%Y-%m-%dT%H:%M:%SZ', as_of, 'unixepoch') AS as_of,
	strftime('%Y-%m-%dT%H:%M:%SZ', started_at, 'unixepoch') AS fetched_at
FROM d;

-- One row per stored rankings model-day (only the latest fetch of a day is
-- stored): exactly the rows 'report share' sums, labelled.
CREATE VIEW rankings_daily_labelled AS
SELECT r.day, d.iso_week, d.week_start, d.week_end, d.month, r.model,
	l.author, l.author_country, l.lineage_country, r.tokens,
	d.status AS day_status, d.as_of, d.fetched_at,
	(SELECT version FROM mapping_active) AS mapping_version
FROM rank_row r
JOIN rankings_days d ON d.day = r.day
JOIN model_label l ON l.model = r.model;

-- The serving provider as each log names it, as the active mapping and the
-- latest /providers snapshot read it: providers.csv slug of the lower-cased
-- name; else provider-aliases.csv (slug '' = unknown); else a snapshot
-- entity of that slug or name; else the name with ' ', '.', '_' as '-'.
-- provider = the slug, or the name as logged when no table knows it, or
-- 'unknown' (not given, or the tables say it is not known);
-- provider_country = the owner's country in providers.csv, or 'unknown'.
CREATE VIEW provider_label AS
WITH act(mid) AS (SELECT mapping_id FROM mapping_active),
snap(id) AS (SELECT id FROM provider_snapshot ORDER BY taken_on DESC, id DESC LIMIT 1),
n AS (SELECT id, name, lower(name) AS key FROM provider_dim),
s AS MATERIALIZED (
	SELECT n.id, n.name,
		CASE WHEN n.name = '' THEN NULL
		WHEN EXISTS (SELECT 1 FROM mapping_provider p, act
		             WHERE p.mapping_id = act.mid AND p.slug = n.key) THEN n.key
		WHEN EXISTS (SELECT 1 FROM mapping_provider_alias a, act
		             WHERE a.mapping_id = act.mid AND a.alias = n.key) THEN
			(SELECT nullif(a.slug, '') FROM mapping_provider_alias a, act
			 WHERE a.mapping_id = act.mid AND a.alias = n.key)
		ELSE coalesce(
			(SELECT e.slug FROM provider_entity e, snap
			 WHERE e.snapshot_id = snap.id AND lower(e.slug) = n.key ORDER BY e.slug DESC LIMIT 1),
			(SELECT e.slug FROM provider_entity e, snap
			 WHERE e.snapshot_id = snap.id AND lower(e.name) = n.key ORDER BY e.slug DESC LIMIT 1),
			(SELECT p.slug FROM mapping_provider p, act
			 WHERE p.mapping_id = act.mid
			   AND p.slug = replace(replace(replace(n.key, ' ', '-'), '.', '-'), '_', '-')))
		END AS slug,
		n.name = '' OR EXISTS (SELECT 1 FROM mapping_provider_alias a, act
		                       WHERE a.mapping_id = act.mid AND a.alias = n.key AND a.slug = '')
			AS said_unknown
	FROM n)
SELECT s.id AS provider_id, s.name,
	coalesce(s.slug, iif(s.said_unknown, 'unknown', s.name)) AS provider,
	coalesce(nullif(p.country, ''), 'unknown') AS provider_country
FROM s LEFT JOIN mapping_provider p
	ON p.mapping_id = (SELECT mid FROM act) AND p.slug = s.slug;

-- One row per log dataset, UTC day, model and serving provider: the rows
-- 'report share --source DATASET' (or logs, every dataset) sums. tokens =
-- prompt + completion (reasoning tokens are inside completion, cached ones
-- inside prompt); cost in USD micro-units, of the requests whose cost is
-- known. A model is labelled by its slug, or by its permaslug when the
-- slug matches nothing.
CREATE VIEW usage_daily_labelled AS
WITH u AS (
	SELECT u.*, date(u.day * 86400, 'unixepoch') AS date FROM usage_day u)
SELECT s.name AS source, u.date AS day,
	strftime('%Y', u.date, 'weekday 0', '-3 days') || '-W' ||
		printf('%02d', (strftime('%j', u.date, 'weekday 0', '-3 days') - 1) / 7 + 1) AS iso_week,
	date(u.date, 'weekday 0', '-6 days') AS week_start,
	date(u.date, 'weekday 0') AS week_end,
	substr(u.date, 1, 7) AS month,
	md.slug AS model, md.permaslug,
	coalesce(lp.author, ls.author) AS author,
	coalesce(lp.author_country, ls.author_country) AS author_country,
	coalesce(lp.lineage_country, ls.lineage_country) AS lineage_country,
	pl.name AS provider_name, pl.provider, pl.provider_country,
	u.requests, u.prompt_tokens + u.completion_tokens AS tokens,
	u.prompt_tokens, u.completion_tokens, u.reasoning_tokens, u.cached_tokens,
	u.cost_micro AS cost_microusd, u.cost_requests,
	(SELECT version FROM mapping_active) AS mapping_version
FROM u
JOIN log_source s ON s.id = u.source_id
JOIN model_dim md ON md.id = u.model_id
JOIN model_label ls ON ls.model = md.slug
LEFT JOIN model_label lp ON NOT ls.matched AND md.permaslug <> '' AND lp.model = md.permaslug
JOIN provider_label pl ON pl.provider_id = u.provider_id;
