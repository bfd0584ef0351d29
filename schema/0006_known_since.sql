-- 0006: when each attribution became public, and model families.
-- known_since (UTC date 'YYYY-MM-DD', '' = always known) lets a report label
-- the data as it was known on a day (--known-at): a stealth model revealed
-- later counts as unknown before its reveal. mapping_model_family names the
-- families that --by family folds dated versions and variants into.
ALTER TABLE mapping_author ADD COLUMN known_since TEXT NOT NULL DEFAULT '';
ALTER TABLE mapping_override ADD COLUMN known_since TEXT NOT NULL DEFAULT '';

CREATE TABLE mapping_model_family (
	mapping_id INTEGER NOT NULL REFERENCES mapping (id),
	model TEXT NOT NULL,                    -- rule id: permaslug without ~, :variant, -YYYYMMDD
	family TEXT NOT NULL,                   -- '' = model is a family; else the family it folds into
	name TEXT NOT NULL,                     -- display name of a family ('' when folded)
	notes TEXT NOT NULL,
	source TEXT NOT NULL,
	PRIMARY KEY (mapping_id, model)
) STRICT, WITHOUT ROWID;
