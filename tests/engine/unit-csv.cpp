#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine/csv.hpp"

using namespace klantpeil;

namespace {

struct Row {
    std::size_t line;
    std::vector<std::string> cells;
};

// Every row of `text`, or the first error as a row with line and a single "ERROR: ..." cell.
std::vector<Row> read_all(std::string_view text, char sep) {
    CsvReader reader(text, sep);
    std::vector<std::string_view> cells;
    std::vector<Row> rows;
    for (;;) {
        CsvReader::Status s = reader.next(cells);
        if (s == CsvReader::Status::end) return rows;
        if (s == CsvReader::Status::error) rows.push_back({reader.line(), {"ERROR: " + reader.error()}});
        else rows.push_back({reader.line(), std::vector<std::string>(cells.begin(), cells.end())});
    }
}

using Cells = std::vector<std::string>;

} // namespace

TEST_CASE("plain rows split on the separator", "[csv]") {
    auto rows = read_all("a;b;c\n1;;3\n", ';');
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].cells == Cells{"a", "b", "c"});
    CHECK(rows[1].cells == Cells{"1", "", "3"});
    CHECK(rows[1].line == 2);
}

TEST_CASE("a trailing separator gives an empty last cell, also at the end of the text", "[csv]") {
    auto rows = read_all("a,b,\nc,d,", ',');
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].cells == Cells{"a", "b", ""});
    CHECK(rows[1].cells == Cells{"c", "d", ""});
}

TEST_CASE("quoted cells keep separators, doubled quotes and line breaks", "[csv]") {
    std::string text = "id;tekst\n"
                       "1;\"ja; zeker\"\n"
                       "2;\"zei \"\"prima\"\"\"\n"
                       "3;\"regel een\nregel twee\r\nregel drie\"\n"
                       "4;laatste\n";
    auto rows = read_all(text, ';');
    REQUIRE(rows.size() == 5);
    CHECK(rows[1].cells == Cells{"1", "ja; zeker"});
    CHECK(rows[2].cells == Cells{"2", "zei \"prima\""});
    CHECK(rows[3].cells == Cells{"3", "regel een\nregel twee\r\nregel drie"});
    CHECK(rows[3].line == 4);
    // The quoted cell spans lines 4-6, so the next row starts on line 7.
    CHECK(rows[4].line == 7);
    CHECK(rows[4].cells == Cells{"4", "laatste"});
}

TEST_CASE("a byte order mark, CRLF endings and blank lines are skipped", "[csv]") {
    auto rows = read_all("\xEF\xBB\xBFnaam;n\r\n\r\n   \r\nAmsterdam;1\r\n\nUtrecht;2", ';');
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].cells == Cells{"naam", "n"});
    CHECK(rows[1].cells == Cells{"Amsterdam", "1"});
    CHECK(rows[1].line == 4);
    CHECK(rows[2].cells == Cells{"Utrecht", "2"});
    CHECK(rows[2].line == 6);
}

TEST_CASE("a quote that is never closed is an error on the row's first line", "[csv]") {
    auto rows = read_all("a;b\n1;\"open\n2;x\n", ';');
    REQUIRE(rows.size() == 2);
    CHECK(rows[1].line == 2);
    CHECK(rows[1].cells == Cells{"ERROR: quoted field is never closed"});
}

TEST_CASE("text after a closing quote is an error; reading goes on at the next line", "[csv]") {
    auto rows = read_all("a;b\n1;\"x\"y\n2;z\n", ';');
    REQUIRE(rows.size() == 3);
    CHECK(rows[1].cells == Cells{"ERROR: unexpected text after a closing quote"});
    CHECK(rows[1].line == 2);
    CHECK(rows[2].cells == Cells{"2", "z"});
    CHECK(rows[2].line == 3);
}

TEST_CASE("the separator is detected from the header, ignoring quoted ones", "[csv]") {
    CHECK(detect_separator("id;questionnaire;version\n1,2,3,4,5") == ';');
    CHECK(detect_separator("id,questionnaire,version") == ',');
    CHECK(detect_separator("\"a;b;c\",d,e") == ',');
    CHECK(detect_separator("\xEF\xBB\xBF" "a;b") == ';');
    CHECK(detect_separator("alleen") == ';');
}

TEST_CASE("cells are quoted only when they need it", "[csv]") {
    std::string out;
    append_csv_row(out, {"plain", "met;puntkomma", "met \"quote\"", "twee\nregels", ""}, ';');
    CHECK(out == "plain;\"met;puntkomma\";\"met \"\"quote\"\"\";\"twee\nregels\";\r\n");
    out.clear();
    append_csv_row(out, {"met;puntkomma", "a,b"}, ',');
    CHECK(out == "met;puntkomma,\"a,b\"\r\n");
}

TEST_CASE("cells a spreadsheet would run as a formula get an apostrophe", "[csv][security]") {
    std::string out;
    append_csv_row(out, {"=HYPERLINK(\"x\")", "+31", "-1", "@SUM(A1)", "\tx", "\rx", "'s-Gravenhage", "8"}, ';');
    CHECK(out == "\"'=HYPERLINK(\"\"x\"\")\";'+31;'-1;'@SUM(A1);'\tx;\"'\rx\";'s-Gravenhage;8\r\n");
}

TEST_CASE("written cells read back as the same text", "[csv][security]") {
    const Cells originals = {"=1+1", "'=1+1", "''@x", "'s-Gravenhage", "'t Zand", "-", "a;b", "\"", "", "één\nregel",
                             "\r\n", "'"};
    std::string text;
    std::vector<std::string_view> views(originals.begin(), originals.end());
    append_csv_row(text, views, ';');
    CsvReader reader(text, ';');
    std::vector<std::string_view> cells;
    REQUIRE(reader.next(cells) == CsvReader::Status::row);
    REQUIRE(cells.size() == originals.size());
    for (std::size_t i = 0; i < cells.size(); ++i) CHECK(std::string(unneutralise_cell(cells[i])) == originals[i]);
}

TEST_CASE("an apostrophe that protects nothing is kept on reading", "[csv]") {
    CHECK(unneutralise_cell("'s-Hertogenbosch") == "'s-Hertogenbosch");
    CHECK(unneutralise_cell("'=1") == "=1");
    CHECK(unneutralise_cell("''=1") == "'=1");
    CHECK(unneutralise_cell("'") == "'");
}

TEST_CASE("a CSV arriving in chunks is cut after its last complete row, never inside a quoted cell", "[csv]") {
    const std::string text = "id;tip\n1;\"twee\nregels\"\n2;\"een \"\"quote\"\"\"\n3;kort\n";
    // The header ends at 7; row 1 holds a line break in quotes (offset 14) and ends at 23.
    CHECK(csv_complete_rows(text) == text.size());
    CHECK(csv_complete_rows(text.substr(0, 6)) == 0);              // not even the header
    CHECK(csv_complete_rows(text.substr(0, 15)) == 7);             // past the quoted line break
    CHECK(csv_complete_rows(text.substr(0, 23)) == 23);
    CHECK(csv_complete_rows(text.substr(0, 30)) == 23);            // between the doubled quotes
    CHECK(csv_complete_rows(text.substr(0, text.size() - 1)) == text.find("3;kort"));
    CHECK(csv_complete_rows("a;b") == 0);                          // no line break at all
    // Every cut lands on a row end: the rows of the pieces are the rows of the whole.
    for (std::size_t n = 0; n <= text.size(); ++n) {
        std::size_t end = csv_complete_rows(text.substr(0, n));
        CHECK((end == 0 || text[end - 1] == '\n'));
        CHECK(csv_complete_rows(text.substr(0, end)) == end);
    }
}
