-- 0004: open or closed weights per model-id prefix, a sixth mapping table
-- (data/reference/model-weights.csv), for the report view --by weights.

CREATE TABLE mapping_model_weights (
	mapping_id INTEGER NOT NULL REFERENCES mapping (id),
	model_prefix TEXT NOT NULL,             -- lower case; "author/" = the author's default
	weights TEXT NOT NULL,                  -- open, closed, '' = unknown
	notes TEXT NOT NULL,
	source TEXT NOT NULL,
	PRIMARY KEY (mapping_id, model_prefix)
) STRICT, WITHOUT ROWID;
