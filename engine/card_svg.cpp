#include "engine/card_svg.hpp"

#include <algorithm>
#include <cstdio>

#include "engine/factsheet_svg.hpp"

namespace klantpeil {

namespace {

constexpr double kWidth = 105, kMargin = 10;  // A6 is 105 x 148 mm
constexpr double kQrSide = 62;          // mm, quiet zone included
constexpr double kQrTop = 42;
constexpr int kQuietZone = 4;           // modules, as ISO/IEC 18004 asks
constexpr double kCharWidth = 0.6;      // of the font size: a generous mean for a URL in DejaVu Sans

std::string mm(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

std::string text(double y, double size, const std::string& s, const char* weight = "normal",
                 const char* fill = "#1a1a1a") {
    return "<text x=\"" + mm(kWidth / 2) + "\" y=\"" + mm(y) + "\" font-size=\"" + mm(size) +
           "\" font-weight=\"" + weight + "\" fill=\"" + fill + "\" text-anchor=\"middle\">" + escape_xml(s) +
           "</text>\n";
}

// One path of horizontal runs of dark modules, in absolute millimetres: simple SVG renderers
// (ImageMagick's, which zbarimg uses) misplace a scaled path, and printers do not care.
std::string qr_path(const QrModules& qr, double left, double top, double module) {
    std::string d;
    for (int y = 0; y < qr.size; ++y)
        for (int x = 0; x < qr.size;) {
            auto dark = [&](int at) { return qr.dark[static_cast<std::size_t>(y * qr.size + at)]; };
            if (!dark(x)) {
                ++x;
                continue;
            }
            int run = 0;
            while (x + run < qr.size && dark(x + run)) ++run;
            std::string w = mm(run * module);
            d += "M" + mm(left + (x + kQuietZone) * module) + " " + mm(top + (y + kQuietZone) * module) + "h" + w +
                 "v" + mm(module) + "h-" + w + "z";
            x += run;
        }
    return d;
}

std::string qr_group(const QrModules& qr) {
    double module = kQrSide / (qr.size + 2 * kQuietZone);
    double left = (kWidth - kQrSide) / 2;
    return "<rect x=\"" + mm(left) + "\" y=\"" + mm(kQrTop) + "\" width=\"" + mm(kQrSide) + "\" height=\"" +
           mm(kQrSide) + "\" fill=\"#ffffff\"/>\n<path aria-hidden=\"true\" shape-rendering=\"crispEdges\" "
           "fill=\"#000000\" d=\"" + qr_path(qr, left, kQrTop, module) + "\"/>\n";
}

std::string without_scheme(const std::string& link) {
    std::size_t scheme = link.find("://");
    return scheme == std::string::npos ? link : link.substr(scheme + 3);
}

} // namespace

std::string card_svg(const QrModules& qr, const CardText& t) {
    std::string shown = without_scheme(t.link);
    double link_size = std::min(3.6, (kWidth - 2 * kMargin) / (kCharWidth * static_cast<double>(shown.size())));
    std::string title = "Gemeente " + t.municipality_name + ": hoe hebben wij u geholpen?";
    std::string desc = "Uitnodigingskaart (" + channel_label(t.channel) +
                       ") voor het klanttevredenheidsonderzoek. De QR-code en de link openen de vragenlijst: " +
                       t.link;
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"105mm\" height=\"148mm\" viewBox=\"0 0 105 148\" "
                      "role=\"img\" aria-labelledby=\"title desc\" lang=\"nl\" "
                      "font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\">\n";
    out += "<title id=\"title\">" + escape_xml(title) + "</title>\n<desc id=\"desc\">" + escape_xml(desc) + "</desc>\n";
    out += "<rect width=\"105\" height=\"148\" fill=\"#ffffff\"/>\n";
    out += text(16, 6, "Gemeente " + t.municipality_name, "bold", "#1f5f8b");
    out += text(27, 5, "Hoe hebben wij u geholpen?", "bold");
    out += text(34, 3.4, "Scan de code: twee minuten, anoniem.");
    out += qr_group(qr);
    out += text(112, 3.2, "Of typ deze link:", "normal", "#555555");
    out += text(118, link_size, shown);
    out += text(128, 3.4, "How did we help you? Scan the code.", "bold", "#555555");
    out += text(138, 3, "Klanttevredenheid · " + channel_label(t.channel), "normal", "#555555");
    out += "</svg>\n";
    return out;
}

} // namespace klantpeil
