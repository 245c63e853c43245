-- schema version 6: which server drives the libraries of this catalog (several servers on one database). One
-- row: the owner's name, its fencing token (one more at each change of owner) and the end of its lease by the
-- database's clock (milliseconds since 1970). Every transaction of the owner checks its token here first, so a
-- server that lost its lease can change nothing any more.
CREATE TABLE CATALOG_OWNER (
    ID INT NOT NULL PRIMARY KEY,
    OWNER VARCHAR(200) NOT NULL,
    TOKEN BIGINT NOT NULL,
    EXPIRES BIGINT NOT NULL
)
