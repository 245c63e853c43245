-- schema version 7: which server prepared a transaction branch (its name among the servers of a shared catalog; null
-- for a catalog of one server). Only that server's transaction manager is told of the branch when it recovers.
ALTER TABLE TX_LOG ADD COLUMN PREPARED_BY VARCHAR(200)
