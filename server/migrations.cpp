#include "server/migrations.hpp"

namespace klantpeil::server {

namespace {

// The body is the canonical JSON text, not a JSON column type: replays compare its hash,
// and an export gives back exactly what was stored. One index besides the key, for the staff
// queries (per municipality and channel, by time): every index is written by every insert,
// and the rare retention purge can afford a scan.
//
// Migration 2 (issue 6): an invitation keeps only its token's SHA-256 hash; an outbox row
// holds the address and the token only until the relay accepts the mail, then it goes and
// the day's count in invitation_days grows. Hook secrets are kept as given: verifying an
// HMAC needs the key itself, so they are as sensitive as the database.
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
    {2, "invitations: one-time tokens, mail batches, outbox, hook secrets and events", R"SQL(
CREATE TABLE invitation_batches (
    id TEXT PRIMARY KEY,
    municipality TEXT NOT NULL REFERENCES municipalities (code),
    channel TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    total INTEGER NOT NULL,
    sent INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX invitation_batches_by_municipality ON invitation_batches (municipality, created_at);
CREATE TABLE invitations (
    token_hash TEXT PRIMARY KEY,
    municipality TEXT NOT NULL,
    channel TEXT NOT NULL,
    batch TEXT NOT NULL REFERENCES invitation_batches (id),
    expires_at INTEGER NOT NULL,
    used_by TEXT,
    used_at TEXT
);
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    batch TEXT NOT NULL REFERENCES invitation_batches (id),
    language TEXT NOT NULL,
    address TEXT NOT NULL,
    token TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt INTEGER NOT NULL
);
CREATE INDEX outbox_due ON outbox (next_attempt);
CREATE TABLE hook_secrets (
    municipality TEXT PRIMARY KEY REFERENCES municipalities (code),
    secret TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE hook_events (
    municipality TEXT NOT NULL,
    event_id TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (municipality, event_id)
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
    {2, "invitations: one-time tokens, mail batches, outbox, hook secrets and events", R"SQL(
CREATE TABLE invitation_batches (
    id TEXT PRIMARY KEY,
    municipality TEXT NOT NULL REFERENCES municipalities (code),
    channel TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    total BIGINT NOT NULL,
    sent BIGINT NOT NULL DEFAULT 0,
    failed BIGINT NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX invitation_batches_by_municipality ON invitation_batches (municipality, created_at);
CREATE TABLE invitations (
    token_hash TEXT PRIMARY KEY,
    municipality TEXT NOT NULL,
    channel TEXT NOT NULL,
    batch TEXT NOT NULL REFERENCES invitation_batches (id),
    expires_at BIGINT NOT NULL,
    used_by TEXT,
    used_at TEXT
);
CREATE TABLE outbox (
    id BIGSERIAL PRIMARY KEY,
    batch TEXT NOT NULL REFERENCES invitation_batches (id),
    language TEXT NOT NULL,
    address TEXT NOT NULL,
    token TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt BIGINT NOT NULL
);
CREATE INDEX outbox_due ON outbox (next_attempt);
CREATE TABLE hook_secrets (
    municipality TEXT PRIMARY KEY REFERENCES municipalities (code),
    secret TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE hook_events (
    municipality TEXT NOT NULL,
    event_id TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (municipality, event_id)
)
)SQL"},
};

} // namespace

const std::vector<Migration>& migrations(Dialect d) { return d == Dialect::sqlite ? kSqlite : kPostgres; }

} // namespace klantpeil::server
