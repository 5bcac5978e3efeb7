#include "server/card.hpp"

#include <memory>
#include <stdexcept>

#include <qrencode.h>

#include "server/invitation_mail.hpp"

namespace klantpeil::server {

QrModules qr_modules(const std::string& text) {
    std::unique_ptr<QRcode, void (*)(QRcode*)> code(QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M),
                                                    QRcode_free);
    if (!code) throw std::runtime_error("libqrencode could not encode the card's link");
    QrModules qr;
    qr.size = code->width;
    qr.dark.resize(static_cast<std::size_t>(code->width) * static_cast<std::size_t>(code->width));
    // Bit 0 of each byte is the module's colour; the other bits describe its role.
    for (std::size_t i = 0; i < qr.dark.size(); ++i) qr.dark[i] = (code->data[i] & 1) != 0;
    return qr;
}

std::string card_for(const std::string& public_url, const std::string& code, const std::string& name, Channel channel) {
    std::string link = survey_link(public_url, code, channel, "&source=card");
    return card_svg(qr_modules(link), {name, channel, link});
}

} // namespace klantpeil::server
