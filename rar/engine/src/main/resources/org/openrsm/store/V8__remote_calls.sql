-- schema version 8: calls that servers standing by queue for the server that drives the catalog (a session on any
-- server of a shared catalog). STATE: 0 queued, 1 being served, 2 answered (ANSWER set); the caller deletes its row
-- once it has the answer. Calls are served by PRIORITY (highest first), then in the order they came (ID).
-- STANDING_BY: when each server that has sessions served by the owner was last seen (the database's clock, in
-- milliseconds since 1970); the owner ends the sessions of a server not seen for a lease.
CREATE TABLE REMOTE_CALL (
    ID BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    CALLER VARCHAR(200) NOT NULL,
    SESSION_ID VARCHAR(36) NOT NULL,
    PRIORITY INT NOT NULL,
    STATE INT NOT NULL,
    CALL_DATA BLOB NOT NULL,
    ANSWER BLOB
);
CREATE INDEX REMOTE_CALL_QUEUED ON REMOTE_CALL (STATE, PRIORITY, ID);
CREATE TABLE STANDING_BY (
    SERVER VARCHAR(200) NOT NULL PRIMARY KEY,
    SEEN BIGINT NOT NULL
)
