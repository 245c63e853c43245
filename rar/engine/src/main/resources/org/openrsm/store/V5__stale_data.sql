-- schema version 5: a side given back by its owner (deallocated, or its allocation rolled back) reads blank to the
-- next one until it is written again
ALTER TABLE SIDE ADD COLUMN STALE_DATA SMALLINT NOT NULL DEFAULT 0
