#include "server/address_list.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "engine/ascii.hpp"
#include "engine/csv.hpp"

namespace klantpeil::server {

namespace {

constexpr std::size_t kMaxAddresses = 10000;

// A typed cell or array entry without the white space around it and one pair of quotes.
std::string bare(std::string_view s) {
    auto space = [](unsigned char c) { return std::isspace(c) != 0; };
    while (!s.empty() && space(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && space(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
    return std::string(s);
}

bool domain_ok(std::string_view d) {
    if (d.empty() || d.size() > 253 || d.find('.') == std::string_view::npos) return false;
    std::size_t label = 0;
    for (std::size_t i = 0; i <= d.size(); ++i) {
        if (i == d.size() || d[i] == '.') {
            if (label == 0 || label > 63 || d[i - 1] == '-' || d[i - label] == '-') return false;
            label = 0;
        } else if (std::isalnum(static_cast<unsigned char>(d[i])) || d[i] == '-') {
            ++label;
        } else {
            return false;
        }
    }
    return true;
}

// Collects addresses in order, each once, and the problems of the bad ones.
class Collector {
public:
    void refuse(std::string where, std::string message) { problems_.push_back({std::move(where), std::move(message)}); }

    void add(const std::string& address, std::string where) {
        if (!is_mail_address(address)) {
            problems_.push_back({std::move(where), "\"" + address.substr(0, 80) + "\" is not an e-mail address"});
            return;
        }
        if (!seen_.insert(ascii_lower(address)).second) {
            ++list_.duplicates;
            return;
        }
        list_.addresses.push_back(address);
    }

    Result<AddressList> result() {
        if (problems_.empty() && list_.addresses.empty()) return Result<AddressList>::fail("addresses", "no addresses given");
        if (problems_.empty() && list_.addresses.size() > kMaxAddresses)
            return Result<AddressList>::fail("addresses", "at most 10000 addresses at once");
        if (!problems_.empty()) return Result<AddressList>::fail(std::move(problems_));
        return Result<AddressList>::ok(std::move(list_));
    }

private:
    AddressList list_;
    std::set<std::string> seen_;
    std::vector<Problem> problems_;
};

// The address column of a header row, or -1 when the row is no header.
int address_column(const std::vector<std::string_view>& header) {
    static const std::set<std::string> names = {"email", "e-mail", "e-mailadres", "emailadres", "adres", "mail"};
    for (std::size_t i = 0; i < header.size(); ++i)
        if (names.count(ascii_lower(bare(header[i])))) return static_cast<int>(i);
    return -1;
}

// The separator of the first row: `,` unless it holds a `;` (Dutch Excel), so a single
// column of addresses whose lines read "x@example.nl, a note" still splits at the comma.
char separator_of(std::string_view text) {
    text = skip_bom(text);
    std::size_t start = text.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) return ',';
    std::string_view line = text.substr(start, text.find('\n', start) - start);
    return line.find(';') == std::string_view::npos ? ',' : detect_separator(line);
}

} // namespace

bool is_mail_address(std::string_view s) {
    std::size_t at = s.rfind('@');
    if (s.size() > 254 || at == std::string_view::npos || at == 0 || at > 64) return false;
    for (char c : s.substr(0, at)) {
        auto u = static_cast<unsigned char>(c);
        if (u <= ' ' || u == 0x7f || std::string_view("\"(),:;<>@[\\]").find(c) != std::string_view::npos) return false;
    }
    return domain_ok(s.substr(at + 1));
}

Result<AddressList> addresses_from_json(const nlohmann::json& array) {
    if (!array.is_array()) return Result<AddressList>::fail("addresses", "must be a list of e-mail addresses");
    Collector c;
    for (std::size_t i = 0; i < array.size(); ++i) {
        std::string where = "addresses[" + std::to_string(i) + "]";
        c.add(array[i].is_string() ? bare(array[i].get<std::string>()) : array[i].dump(), where);
    }
    return c.result();
}

// RFC 4180 through the engine's reader: a quoted cell may hold the separator ("Jansen,
// Jan"), doubled quotes and line breaks.
Result<AddressList> addresses_from_csv(std::string_view text) {
    CsvReader reader(text, separator_of(text));
    std::vector<std::string_view> row;
    Collector c;
    int column = -1;
    for (bool first = true;; first = false) {
        CsvReader::Status status = reader.next(row);
        if (status == CsvReader::Status::end) break;
        std::string where = "line " + std::to_string(reader.line());
        if (status == CsvReader::Status::error) {
            c.refuse(where, reader.error());
            continue;
        }
        if (first && (column = address_column(row)) >= 0) continue;  // a header row
        std::size_t col = column >= 0 ? static_cast<std::size_t>(column) : 0;
        c.add(col < row.size() ? bare(row[col]) : std::string(), where);
    }
    return c.result();
}

} // namespace klantpeil::server
