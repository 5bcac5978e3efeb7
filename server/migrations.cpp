#include "server/migrations.hpp"

#include <cstring>

namespace klantpeil::server {

namespace {

// One schema text for both databases, with placeholders for the few words that differ
// (kWords below): the SQL each database runs is exactly what it ran before the two were
// merged, so released migrations are unchanged.
//
// The body is the canonical JSON text, not a JSON column type: replays compare its hash,
// and an export gives back exactly what was stored. One index besides the key, for the staff
// queries (per municipality and channel, by time): every index is written by every insert,
// and the rare retention purge can afford a scan.
//
// Migration 2 (issue 6): an invitation keeps only its token's SHA-256 hash; an outbox row
// holds the address and the token only until the relay accepts the mail, then it goes and
// the day's count in invitation_days grows. Hook secrets are kept as given: verifying an
// HMAC needs the key itself, so they are as sensitive as the database.
const Migration kSchema[] = {
    {1, "responses, municipalities, staff tokens, invitation counts", R"SQL(
CREATE TABLE responses (
    id TEXT PRIMARY KEY,
    municipality TEXT NOT NULL,
    channel TEXT NOT NULL,
    questionnaire TEXT NOT NULL,
    version INTEGER NOT NULL,
    submitted_at {int64} NOT NULL,
    stored_at TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    body TEXT NOT NULL,
    texts_purged {flag}
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
    count {int64} NOT NULL,
    PRIMARY KEY (municipality, channel, day)
)
)SQL"},
    {2, "invitations: one-time tokens, mail batches, outbox, hook secrets and events", R"SQL(
CREATE TABLE invitation_batches (
    id TEXT PRIMARY KEY,
    municipality TEXT NOT NULL REFERENCES municipalities (code),
    channel TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_at {int64} NOT NULL,
    total {int64} NOT NULL,
    sent {int64} NOT NULL DEFAULT 0,
    failed {int64} NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX invitation_batches_by_municipality ON invitation_batches (municipality, created_at);
CREATE TABLE invitations (
    token_hash TEXT PRIMARY KEY,
    municipality TEXT NOT NULL,
    channel TEXT NOT NULL,
    batch TEXT NOT NULL REFERENCES invitation_batches (id),
    expires_at {int64} NOT NULL,
    used_by TEXT,
    used_at TEXT
);
CREATE TABLE outbox (
    id {serial},
    batch TEXT NOT NULL REFERENCES invitation_batches (id),
    language TEXT NOT NULL,
    address TEXT NOT NULL,
    token TEXT NOT NULL,
    attempts {int64} NOT NULL DEFAULT 0,
    next_attempt {int64} NOT NULL
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
    received_at {int64} NOT NULL,
    PRIMARY KEY (municipality, event_id)
)
)SQL"},
};

// The words that differ between the two databases.
struct Word {
    const char* token;
    const char* sqlite;
    const char* postgresql;
};
const Word kWords[] = {
    {"{int64}", "INTEGER", "BIGINT"},
    {"{flag}", "INTEGER NOT NULL DEFAULT 0", "BOOLEAN NOT NULL DEFAULT FALSE"},
    {"{serial}", "INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY"},
};

std::string render(std::string sql, Dialect d) {
    for (const Word& w : kWords) {
        const std::string word = d == Dialect::sqlite ? w.sqlite : w.postgresql;
        for (auto at = sql.find(w.token); at != std::string::npos; at = sql.find(w.token, at + word.size()))
            sql.replace(at, std::strlen(w.token), word);
    }
    return sql;
}

std::vector<Migration> rendered(Dialect d) {
    std::vector<Migration> out;
    for (const Migration& m : kSchema) out.push_back({m.version, m.name, render(m.sql, d)});
    return out;
}

} // namespace

const std::vector<Migration>& migrations(Dialect d) {
    static const std::vector<Migration> sqlite = rendered(Dialect::sqlite);
    static const std::vector<Migration> postgresql = rendered(Dialect::postgresql);
    return d == Dialect::sqlite ? sqlite : postgresql;
}

} // namespace klantpeil::server
