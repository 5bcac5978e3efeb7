// Staff endpoints: bearer tokens per municipality, exports (NDJSON and CSV for Dutch Excel),
// factsheets and cases.
#include <catch2/catch.hpp>

#include "engine/response.hpp"
#include "harness.hpp"
#include "server/crypto.hpp"
#include "server/retention.hpp"
#include "server/staff_data.hpp"

using namespace klantpeil;
using namespace klantpeil::server;
using namespace klantpeil::server::test;
using nlohmann::json;

namespace {

const std::string kAmsterdamToken = "kp_test_amsterdam";
const std::string kRotterdamToken = "kp_test_rotterdam";

// A server with both test tokens.
struct StaffServer {
    TestServer server;
    StaffServer() {
        server.storage().add_staff_token("0363", sha256_hex(kAmsterdamToken));
        server.storage().add_staff_token("0599", sha256_hex(kRotterdamToken));
    }
    httplib::Result get(const std::string& path, const std::string& token = kAmsterdamToken) {
        return server.client().Get(path, {{"Authorization", "Bearer " + token}});
    }
    void store(const json& record) { REQUIRE(server.post(record.dump())->status == 201); }
};

json record_at(const std::string& code, const std::string& at, int grade) {
    json r = balie_record(new_uuid(), code);
    r["submitted_at"] = at;
    r["answers"]["totaaloordeel"] = grade;
    return r;
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        out.push_back(text.substr(start, end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

} // namespace

TEST_CASE("staff: no token or a wrong token is 401", "[http][staff][auth]") {
    StaffServer s;
    auto none = s.server.client().Get("/api/v1/responses");
    auto wrong = s.get("/api/v1/responses", "kp_guess");
    auto basic = s.server.client().Get("/api/v1/factsheets", {{"Authorization", "Basic YTpi"}});
    for (auto* r : {&none, &wrong, &basic}) {
        REQUIRE(*r);
        CHECK((*r)->status == 401);
        CHECK((*r)->has_header("WWW-Authenticate"));
        CHECK(json::parse((*r)->body)["error"].is_string());
    }
}

TEST_CASE("staff: a token sees only its own municipality", "[http][staff][auth]") {
    StaffServer s;
    s.store(record_at("0363", "2026-08-01T10:00:00Z", 8));
    s.store(record_at("0599", "2026-08-01T10:00:00Z", 6));

    auto other = s.get("/api/v1/responses?municipality=0363", kRotterdamToken);
    REQUIRE(other);
    CHECK(other->status == 403);
    CHECK(s.get("/api/v1/factsheets?municipality=0363", kRotterdamToken)->status == 403);
    CHECK(s.get("/api/v1/cases?municipality=0363", kRotterdamToken)->status == 403);
    // Regression: only the first value was compared, so naming its own first passed.
    CHECK(s.get("/api/v1/responses?municipality=0599&municipality=0363", kRotterdamToken)->status == 403);

    auto own = s.get("/api/v1/responses", kRotterdamToken);
    REQUIRE(own);
    CHECK(own->status == 200);
    auto rows = lines(own->body);
    REQUIRE(rows.size() == 1);
    CHECK(json::parse(rows[0])["municipality"] == "0599");
    CHECK(own->get_header_value("Cache-Control") == "no-store");
}

TEST_CASE("staff: the NDJSON export filters by channel and Amsterdam days", "[http][staff][export]") {
    StaffServer s;
    s.store(record_at("0363", "2026-06-30T21:59:59Z", 8));  // 23:59:59 on 30 June in Amsterdam
    s.store(record_at("0363", "2026-06-30T22:00:00Z", 7));  // 00:00 on 1 July
    s.store(record_at("0363", "2026-07-31T21:59:59Z", 6));  // 23:59:59 on 31 July
    s.store(record_at("0363", "2026-07-31T22:00:00Z", 5));  // 1 August

    auto r = s.get("/api/v1/responses?channel=balie&from=2026-07-01&to=2026-07-31");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->get_header_value("Content-Type") == "application/x-ndjson");
    auto rows = lines(r->body);
    REQUIRE(rows.size() == 2);
    CHECK(json::parse(rows[0])["answers"]["totaaloordeel"] == 7);
    CHECK(json::parse(rows[1])["answers"]["totaaloordeel"] == 6);
    CHECK(lines(s.get("/api/v1/responses?channel=telefoon")->body).empty());

    auto bad = s.get("/api/v1/responses?from=1-7-2026");
    REQUIRE(bad);
    CHECK(bad->status == 400);
    CHECK(json::parse(bad->body)["field"] == "from");
    CHECK(s.get("/api/v1/responses?format=xlsx")->status == 400);
    CHECK(s.get("/api/v1/responses?channel=post")->status == 400);
}

TEST_CASE("staff: the CSV export is for Dutch Excel and neutralises formulas", "[http][staff][export][csv]") {
    StaffServer s;
    json r = record_at("0363", "2026-08-01T10:00:00Z", 8);
    r["answers"]["toelichting"] = "=HYPERLINK(\"http://evil\";\"klik\")";
    r["answers"]["suggesties"] = "ja";
    r["answers"]["tip"] = "-1+1; @SUM(A1)";
    s.store(r);

    auto csv = s.get("/api/v1/responses?format=csv");
    REQUIRE(csv);
    CHECK(csv->status == 200);
    CHECK(csv->get_header_value("Content-Type") == "text/csv; charset=utf-8");
    const std::string& body = csv->body;
    CHECK(body.compare(0, 3, "\xEF\xBB\xBF") == 0);  // UTF-8 byte order mark
    CHECK(body.compare(3, 16, "id;questionnaire") == 0);
    CHECK(body.find("\r\n") != std::string::npos);
    // A leading apostrophe makes the cell text; quotes doubled, the cell quoted (RFC 4180).
    CHECK(body.find(";\"'=HYPERLINK(\"\"http://evil\"\";\"\"klik\"\")\";") != std::string::npos);
    CHECK(body.find(";\"'-1+1; @SUM(A1)\"") != std::string::npos);
    CHECK(body.find(";=") == std::string::npos);
    CHECK(body.find(";-1") == std::string::npos);
}

TEST_CASE("staff: factsheets are the engine's, for the token's municipality", "[http][staff][factsheets]") {
    StaffServer s;
    // Ten responses in 2026-Q3 with grades 1..10: mean 5.5; moeite 4 for all: CES +100.
    for (int grade = 1; grade <= 10; ++grade) s.store(record_at("0363", "2026-08-01T10:00:00Z", grade));
    s.store(record_at("0599", "2026-08-01T10:00:00Z", 9));  // another municipality, too few to publish

    auto r = s.get("/api/v1/factsheets?channel=balie&period=2026-Q3");
    REQUIRE(r);
    CHECK(r->status == 200);
    json sheets = json::parse(r->body);
    REQUIRE(sheets.size() == 1);
    const json& f = sheets[0];
    CHECK(f["municipality"] == "0363");
    CHECK(f["period"] == "2026-Q3");
    CHECK(f["responses"] == 10);
    CHECK(f["published"] == true);
    CHECK(f["totaaloordeel"]["mean"] == 5.5);
    CHECK(f["totaaloordeel"]["distribution"] == json::array({1, 1, 1, 1, 1, 1, 1, 1, 1, 1}));
    CHECK(f["ces"]["score"] == 100.0);
    CHECK(f["reviews"] == 10);  // every record has a toelichting
    CHECK(f["benchmark"]["municipalities"] == 1);  // 0599 has 1 response: not published

    CHECK(s.get("/api/v1/factsheets?period=2026-Q5")->status == 400);
}

TEST_CASE("staff: factsheets of one quarter are those of all quarters, comparisons included", "[http][staff][factsheets]") {
    StaffServer s;
    // Three quarters of 0363 and a benchmark peer, 0599, in each; the filtered request reads
    // only its quarter and the one before.
    const char* days[] = {"2026-02-10T10:00:00Z", "2026-05-12T10:00:00Z", "2026-08-14T10:00:00Z"};
    for (int q = 0; q < 3; ++q)
        for (int grade = 1; grade <= 10; ++grade) {
            s.store(record_at("0363", days[q], std::min(10, grade + q)));
            s.store(record_at("0599", days[q], 11 - grade));
        }
    auto all = s.get("/api/v1/factsheets?channel=balie");
    REQUIRE(all);
    REQUIRE(all->status == 200);
    for (const std::string period : {"2026-Q1", "2026-Q2", "2026-Q3"}) {
        json expected = json::array();
        for (const json& f : json::parse(all->body))
            if (f["period"] == period) expected.push_back(f);
        auto one = s.get("/api/v1/factsheets?channel=balie&period=" + period);
        REQUIRE(one);
        CHECK(one->status == 200);
        INFO(period);
        CHECK(json::parse(one->body) == expected);
        CHECK(expected[0]["previous"].is_null() == (period == "2026-Q1"));
        CHECK(expected[0]["benchmark"]["municipalities"] == 2);
    }
}

TEST_CASE("staff: cases list reviews and tips with their grade, newest first, searchable", "[http][staff][cases]") {
    StaffServer s;
    json a = record_at("0363", "2026-08-01T10:00:00Z", 4);
    a["answers"]["toelichting"] = "Lang moeten WACHTEN bij de balie";
    json b = record_at("0363", "2026-08-02T10:00:00Z", 9);
    b["answers"]["toelichting"] = "   ";  // blank: not a review
    b["answers"]["suggesties"] = "ja";
    b["answers"]["tip"] = "Meer loketten open bij drukte";
    json c = record_at("0363", "2026-08-03T10:00:00Z", 7);
    c["answers"].erase("toelichting");  // neither review nor tip
    for (const json& r : {a, b, c}) s.store(r);

    auto all = s.get("/api/v1/cases?channel=balie&period=2026-Q3");
    REQUIRE(all);
    CHECK(all->status == 200);
    json body = json::parse(all->body);
    CHECK(body["total"] == 2);
    REQUIRE(body["cases"].size() == 2);
    CHECK(body["cases"][0]["id"] == b["id"]);  // newest first
    CHECK(body["cases"][0]["totaaloordeel"] == 9);
    CHECK(body["cases"][0]["toelichting"].is_null());
    CHECK(body["cases"][0]["tip"] == "Meer loketten open bij drukte");
    CHECK(body["cases"][1]["totaaloordeel"] == 4);

    json found = json::parse(s.get("/api/v1/cases?q=wachten")->body);
    REQUIRE(found["cases"].size() == 1);
    CHECK(found["cases"][0]["id"] == a["id"]);
    CHECK(json::parse(s.get("/api/v1/cases?period=2026-Q2")->body)["total"] == 0);
    CHECK(s.get("/api/v1/cases?limit=0")->status == 400);
}

TEST_CASE("staff: cases leave out responses whose texts were purged; factsheets still count them", "[http][staff][cases]") {
    StaffServer s;
    json old = record_at("0363", "2026-07-01T10:00:00Z", 4);
    old["answers"]["toelichting"] = "Een oude klacht";
    json recent = record_at("0363", "2026-08-01T10:00:00Z", 9);
    recent["answers"]["toelichting"] = "Een nieuwe klacht";
    s.store(old);
    s.store(recent);
    CHECK(s.server.storage().purge_texts_older_than(*parse_timestamp("2026-07-15T00:00:00Z"), [](const std::string& body) {
        return strip_open_answers(body, assets_catalog().set);
    }) == 1);

    json cases = json::parse(s.get("/api/v1/cases?period=2026-Q3")->body);
    CHECK(cases["total"] == 1);
    REQUIRE(cases["cases"].size() == 1);
    CHECK(cases["cases"][0]["id"] == recent["id"]);
    json sheets = json::parse(s.get("/api/v1/factsheets?period=2026-Q3&channel=balie")->body);
    REQUIRE(sheets.size() == 1);
    CHECK(sheets[0]["responses"] == 2);
    CHECK(sheets[0]["reviews"] == 2);  // a purged review still counts as a review
}

// Regression: a day outside the record timestamps' years 2000-2199 went through their parser,
// which refused it, and an empty optional was read: from=1999-01-01 exported nothing and
// to=1999-12-31 everything.
TEST_CASE("staff: export bounds and periods before 2000 or after 2199 are real days", "[http][staff][export]") {
    CHECK(start_of_local_day(LocalDate{1999, 1, 1}) == 915145200);    // 1998-12-31T23:00:00Z
    CHECK(start_of_local_day(LocalDate{2200, 1, 1}) == 7258114800);   // 2199-12-31T23:00:00Z
    CHECK(start_of_local_day(LocalDate{2026, 7, 1}) == *parse_timestamp("2026-06-30T22:00:00Z"));

    StaffServer s;
    s.store(record_at("0363", "2026-08-01T10:00:00Z", 8));
    CHECK(lines(s.get("/api/v1/responses?from=1999-01-01")->body).size() == 1);
    CHECK(lines(s.get("/api/v1/responses?to=1999-12-31")->body).empty());
    CHECK(lines(s.get("/api/v1/responses?from=2000-01-01&to=2199-12-31")->body).size() == 1);
    CHECK(lines(s.get("/api/v1/responses?from=2200-01-01")->body).empty());
    CHECK(json::parse(s.get("/api/v1/cases?period=1999-Q4")->body)["total"] == 0);
    CHECK(json::parse(s.get("/api/v1/cases?period=2199-Q4")->body)["total"] == 0);
}

// Regression: from after to gave a 200 with nothing in it, as if there were no responses.
TEST_CASE("staff: an export whose from is not before its to is 400 naming to", "[http][staff][export]") {
    StaffServer s;
    s.store(record_at("0363", "2026-08-01T10:00:00Z", 8));
    for (const char* range : {"from=2026-09-01&to=2026-08-01", "from=2026-08-01T10:00:00Z&to=2026-08-01T10:00:00Z",
                              "from=2026-08-02&to=2026-08-01T23:00:00%2B02:00"}) {
        auto r = s.get(std::string("/api/v1/responses?") + range);
        REQUIRE(r);
        CHECK(r->status == 400);
        CHECK(json::parse(r->body)["field"] == "to");
    }
    CHECK(lines(s.get("/api/v1/responses?from=2026-08-01&to=2026-08-01")->body).size() == 1);  // one whole day
}

// Regression: "bearer" (the scheme is case-insensitive, RFC 7235) was told to send a token.
TEST_CASE("staff: the Bearer scheme is case-insensitive", "[http][staff][auth]") {
    StaffServer s;
    for (const char* scheme : {"bearer ", "BEARER ", "Bearer "}) {
        auto r = s.server.client().Get("/api/v1/cases", {{"Authorization", scheme + kAmsterdamToken}});
        REQUIRE(r);
        CHECK(r->status == 200);
    }
}

// Regression: a "+" typed in the query arrives as a space, and a valid time with an offset
// was refused as "must be a date like 2026-07-01 or a time like 2026-07-01T00:00:00Z".
TEST_CASE("staff: a time offset typed with a plain + in the query is read as +", "[http][staff][export]") {
    StaffServer s;
    s.store(record_at("0363", "2026-08-01T10:00:00Z", 8));  // 12:00 in Amsterdam
    for (const char* to : {"2026-08-01T12:00:01+02:00", "2026-08-01T12:00:01%2B02:00", "2026-08-01T12:00:01%2002:00"}) {
        auto r = s.get(std::string("/api/v1/responses?to=") + to);
        REQUIRE(r);
        CHECK(r->status == 200);
        CHECK(lines(r->body).size() == 1);
    }
    CHECK(lines(s.get("/api/v1/responses?from=2026-08-01T12:00:01+02:00")->body).empty());
}

// Regression: only ASCII letters were folded, so "één" did not find "Één keer geholpen"; and
// "echt" did not find "écht", as staff typing without accents expect.
TEST_CASE("staff: the cases search ignores the case and the accents of letters", "[http][staff][cases]") {
    StaffServer s;
    json r = record_at("0363", "2026-08-01T10:00:00Z", 9);
    r["answers"]["toelichting"] = "Één keer langs geweest, ÉCHT snel";
    s.store(r);
    for (const char* q : {"%C3%A9%C3%A9n", "%C3%89%C3%89N", "%C3%A9cht", "%C3%89Cht", "een", "ECHT"}) {
        json found = json::parse(s.get(std::string("/api/v1/cases?q=") + q)->body);
        CHECK(found["total"] == 1);
    }
    CHECK(json::parse(s.get("/api/v1/cases?q=%C3%A9%C3%A9nmaal")->body)["total"] == 0);
}

// Regression: the first of repeated parameters counted and the others were dropped, so
// channel=balie&channel=telefoon exported balie alone.
TEST_CASE("staff: a parameter given twice is 400 naming it", "[http][staff]") {
    StaffServer s;
    for (const char* path : {"/api/v1/responses?channel=balie&channel=telefoon", "/api/v1/factsheets?period=2026-Q3&period=2026-Q2",
                             "/api/v1/cases?q=a&q=b"}) {
        auto r = s.get(path);
        REQUIRE(r);
        CHECK(r->status == 400);
        CHECK(json::parse(r->body)["error"].get<std::string>().find("may be given only once") != std::string::npos);
    }
    CHECK(s.get("/api/v1/responses?channel=balie&format=csv")->status == 200);
}

// Regression: unknown parameters were ignored, so ?chanel=balie exported every channel and
// ?periode=2026-Q3 gave the factsheets of every quarter.
TEST_CASE("staff: an unknown parameter is 400 naming it and the known ones", "[http][staff]") {
    StaffServer s;
    for (const char* path : {"/api/v1/responses?chanel=balie", "/api/v1/factsheets?periode=2026-Q3", "/api/v1/cases?query=x"}) {
        auto r = s.get(path);
        REQUIRE(r);
        CHECK(r->status == 400);
        json body = json::parse(r->body);
        CHECK(body["error"].get<std::string>().rfind("unknown parameter ", 0) == 0);
        CHECK(body["error"].get<std::string>().find("; use channel, ") != std::string::npos);
    }
    CHECK(s.get("/api/v1/responses?channel=balie&from=2026-01-01&to=2026-12-31&format=csv&municipality=0363")->status == 200);
    CHECK(s.get("/api/v1/cases?channel=balie&period=2026-Q3&q=a&limit=5")->status == 200);
}

namespace {

// `n` stored responses of municipality 0363, stored at once.
void store_many(Storage& storage, int n) {
    std::vector<StoredResponse> rows;
    for (int i = 0; i < n; ++i) rows.push_back(to_stored(*parse_record(record_at("0363", "2026-08-01T10:00:00Z", 1 + i % 10))));
    REQUIRE(storage.insert_many(rows) == static_cast<std::size_t>(n));
}

} // namespace

// A municipality's export was built whole in memory before the first byte went out (and
// its gzip'ed copy beside it), and the previewer's progress bar read the compressed
// Content-Length against the unpacked bytes, so it was full at an eighth.
TEST_CASE("staff: a large export streams, gzip'ed on request, with its unpacked size", "[http][staff][export]") {
    StaffServer s;
    store_many(s.server.storage(), 3000);
    std::string expected;
    s.server.storage().list_responses({}, [&](const ResponseRow& row) { expected += row.body + "\n"; });
    REQUIRE(expected.size() > 20 * 64 * 1024);  // many pieces

    auto r = s.server.client().Get("/api/v1/responses", {{"Authorization", "Bearer " + kAmsterdamToken},
                                                         {"Accept-Encoding", "gzip"}});
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->get_header_value("Transfer-Encoding") == "chunked");
    CHECK(r->get_header_value("Content-Encoding") == "gzip");
    CHECK(r->body == expected);
    CHECK(r->get_header_value("X-Klantpeil-Export-Bytes") == std::to_string(expected.size()));

    auto csv = s.get("/api/v1/responses?format=csv");
    REQUIRE(csv);
    CHECK(lines(csv->body).size() == 3001);  // header and rows, each ending in CRLF
}

TEST_CASE("staff: an export whose database fails halfway breaks off instead of ending short", "[http][staff][export]") {
    TestDatabase db;
    auto real = db.open();
    register_test_municipalities(*real);
    real->add_staff_token("0363", sha256_hex(kAmsterdamToken));
    store_many(*real, 3000);
    FailingStorage failing(*real);
    failing.rows_before_failure = 1500;
    TestServer server(failing, test_config());
    httplib::Headers auth{{"Authorization", "Bearer " + kAmsterdamToken}};
    for (const char* path : {"/api/v1/responses", "/api/v1/responses?format=csv"}) {
        auto r = server.client().Get(path, auth);
        INFO(path);
        CHECK_FALSE(r);  // a 200 with a body that just stops would look like a whole export
    }
    failing.rows_before_failure.reset();
    auto whole = server.client().Get("/api/v1/responses", auth);
    REQUIRE(whole);
    CHECK(lines(whole->body).size() == 3000);
}
