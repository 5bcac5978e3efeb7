// Invitation card: a printable A6 card (105 x 148 mm, portrait) that counter staff hand to
// residents: the municipality's name, a short request in Dutch and English, the QR code of
// the survey link and that link in text. Real text, <title> and <desc>, so the file is
// accessible and prints sharp at any size.
//
// The engine only lays it out: the QR code's modules come from the caller (the server asks
// libqrencode), so no QR encoder lives here.
#pragma once
#include <string>
#include <vector>

#include "engine/questionnaire.hpp"

namespace klantpeil {

// A QR symbol: `size` x `size` modules, row by row, true = dark. Without the quiet zone
// (the card adds the standard four modules).
struct QrModules {
    int size = 0;
    std::vector<bool> dark;
};

struct CardText {
    std::string municipality_name;   // "Amsterdam"
    Channel channel = Channel::balie;
    std::string link;                // what the QR code holds; also printed (without https://)
};

// The whole SVG document, UTF-8, ending in a newline; the same input gives the same bytes.
std::string card_svg(const QrModules& qr, const CardText& text);

} // namespace klantpeil
