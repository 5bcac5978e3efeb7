#include "server/migrations.hpp"

namespace klantpeil::server {

namespace {

// The body is the canonical JSON text, not a JSON column type: replays compare its hash,
// and an export gives back exactly what was stored. One index besides the key, for the staff
// queries (per municipality and channel, by time): every index is written by every insert,
// and the rare retention purge can afford a scan.
const std::vector<Migration> kSqlite = {
    {1, "responses, municipalities, staff tokens, invitation counts", R"SQL(
CREATE TABLE responses (
    id TEXT PRIMARY KEY,
    municipality TEXT NOT NULL,
    channel TEXT NOT NULL,
    questionnaire TEXT NOT NULL,
    version INTEGER NOT NULL,
    submitted_at INTEGER NOT NULL,
    stored_at TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    body TEXT NOT NULL,
    texts_purged INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX responses_by_municipality ON responses (municipality, channel, submitted_at);
CREATE TABLE municipalities (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE municipality_origins (
    municipality TEXT NOT NULL REFERENCES municipalities (code),
    origin TEXT NOT NULL,
    PRIMARY KEY (municipality, origin)
);
CREATE TABLE staff_tokens (
    token_hash TEXT PRIMARY KEY,
    municipality TEXT NOT NULL REFERENCES municipalities (code),
    created_at TEXT NOT NULL
);
CREATE TABLE invitation_days (
    municipality TEXT NOT NULL,
    channel TEXT NOT NULL,
    day TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (municipality, channel, day)
)
)SQL"},
};

const std::vector<Migration> kPostgres = {
    {1, "responses, municipalities, staff tokens, invitation counts", R"SQL(
CREATE TABLE responses (
    id TEXT PRIMARY KEY,
    municipality TEXT NOT NULL,
    channel TEXT NOT NULL,
    questionnaire TEXT NOT NULL,
    version INTEGER NOT NULL,
    submitted_at BIGINT NOT NULL,
    stored_at TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    body TEXT NOT NULL,
    texts_purged BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX responses_by_municipality ON responses (municipality, channel, submitted_at);
CREATE TABLE municipalities (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE municipality_origins (
    municipality TEXT NOT NULL REFERENCES municipalities (code),
    origin TEXT NOT NULL,
    PRIMARY KEY (municipality, origin)
);
CREATE TABLE staff_tokens (
    token_hash TEXT PRIMARY KEY,
    municipality TEXT NOT NULL REFERENCES municipalities (code),
    created_at TEXT NOT NULL
);
CREATE TABLE invitation_days (
    municipality TEXT NOT NULL,
    channel TEXT NOT NULL,
    day TEXT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (municipality, channel, day)
)
)SQL"},
};

} // namespace

const std::vector<Migration>& migrations(Dialect d) { return d == Dialect::sqlite ? kSqlite : kPostgres; }

} // namespace klantpeil::server
