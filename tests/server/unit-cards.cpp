// The printable card: an A6 SVG with real text whose QR code decodes (Debian's zbarimg) to
// the survey link with source=card; from the staff endpoint and from the command line.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "inviter_fixture.hpp"
#include "server/commands.hpp"

using namespace klantpeil;
using namespace klantpeil::server;
using namespace klantpeil::server::test;

namespace {

// zbarimg rasterises an SVG through ImageMagick at 72 dpi, where a module of a longer link
// (1.4 mm) is under 4 pixels and too coarse for zbar; a print or a phone camera sees far
// more. So the card is read at 216 dpi: its width and height tripled, the drawing unchanged.
std::string decode_qr(const std::string& svg_file) {
    std::ifstream in(svg_file);
    std::string svg((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string a6 = "width=\"105mm\" height=\"148mm\"";
    REQUIRE(svg.find(a6) != std::string::npos);
    svg.replace(svg.find(a6), a6.size(), "width=\"315mm\" height=\"444mm\"");
    std::ofstream(svg_file + ".216dpi.svg") << svg;
    std::string out = run_capture("zbarimg --quiet --raw '" + svg_file + ".216dpi.svg'");
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
}

} // namespace

TEST_CASE("cards: the staff download is an A6 SVG whose QR code holds the card link", "[cards]") {
    InviteServer s("");
    auto r = s.staff_get("/api/v1/cards?channel=balie");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    CHECK(r->get_header_value("Content-Type") == "image/svg+xml");
    CHECK(r->body.find("width=\"105mm\" height=\"148mm\"") != std::string::npos);
    CHECK(r->body.find("<title id=\"title\">Gemeente Amsterdam: hoe hebben wij u geholpen?</title>") != std::string::npos);
    CHECK(r->body.find("<desc id=\"desc\">") != std::string::npos);
    CHECK(r->body.find(">klantpeil.test/s/kto-balie?m=0363&amp;source=card</text>") != std::string::npos);
    TempDir dir;
    std::ofstream(dir.file("card.svg")) << r->body;
    CHECK(decode_qr(dir.file("card.svg")) == "http://klantpeil.test/s/kto-balie?m=0363&source=card");

    CHECK(s.staff_get("/api/v1/cards")->status == 400);  // which channel?
    CHECK(s.server().client().Get("/api/v1/cards?channel=balie")->status == 401);
}

TEST_CASE("cards: klantpeil-server card writes the file for the municipality and channel", "[cards][commands]") {
    TestDatabase db;
    register_test_municipalities(*db.open());
    TempDir dir;
    std::ostringstream out, err;
    int code = run_command({"card", "--municipality", "0599", "--channel", "telefoon", "--db", db.url(), "--out",
                            dir.file("kaart.svg"), "--public-url", "https://klantpeil.rotterdam.nl/"},
                           out, err);
    INFO(err.str());
    REQUIRE(code == 0);
    CHECK(decode_qr(dir.file("kaart.svg")) == "https://klantpeil.rotterdam.nl/s/kto-telefoon?m=0599&source=card");
    std::ifstream in(dir.file("kaart.svg"));
    std::string svg((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(svg.find("Gemeente Rotterdam") != std::string::npos);

    std::ostringstream out2, err2;
    CHECK(run_command({"card", "--municipality", "9999", "--channel", "balie", "--db", db.url()}, out2, err2) == 1);
    CHECK(err2.str().find("unknown municipality 9999") != std::string::npos);
}
