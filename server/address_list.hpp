// The e-mail addresses staff hand the Inviter: a JSON array, or CSV text as spreadsheets
// save it (one address per line, or a column named email, e-mail, e-mailadres or adres; a
// UTF-8 byte order mark; `;` or `,` between cells). Every bad address is a problem naming
// its place ("addresses[2]", "line 3"); duplicates are dropped, keeping the first.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/result.hpp"

namespace klantpeil::server {

struct AddressList {
    std::vector<std::string> addresses;  // in their first order, each once
    std::size_t duplicates = 0;
};

Result<AddressList> addresses_from_json(const nlohmann::json& array);
Result<AddressList> addresses_from_csv(std::string_view text);

// A plain address that is safe to put in a mail header: local@domain.tld, at most 254
// characters, no spaces, quotes, angle brackets or control characters.
bool is_mail_address(std::string_view s);

} // namespace klantpeil::server
