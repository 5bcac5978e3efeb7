// Versioned schema migrations. At every start each storage applies, in one transaction, the
// ones its `schema_migrations` table does not list yet. A migration is never
// edited once released: a change is a new migration with the next version.
#pragma once
#include <string>
#include <vector>

namespace klantpeil::server {

struct Migration {
    int version;
    const char* name;
    std::string sql;  // one or more statements separated by ';'
};

enum class Dialect { sqlite, postgresql };

const std::vector<Migration>& migrations(Dialect d);

} // namespace klantpeil::server
