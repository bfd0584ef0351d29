-- 0005: OpenRouter generation ids (gen-...) are one request wherever they
-- come from (generation records, chat completions, Broadcast spans), so
-- their seen_request keys now hash "openrouter\0id" in every dataset and take
-- their day from the id's own time stamp. Keys stored before hashed
-- "DATASET\0id" with the record's day: a database that holds any is marked,
-- and its writers look up the old key of a gen- id as well, so a file read
-- before and read again is still counted once.
INSERT INTO setting (key, value)
	SELECT 'dedup.legacy_gen_keys', '1' WHERE EXISTS (SELECT 1 FROM seen_request);
