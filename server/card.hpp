// The printable invitation card of a municipality and channel: the engine lays it out
// (engine/card_svg.hpp); the QR code comes from libqrencode (Debian's libqrencode-dev), here.
#pragma once
#include <string>

#include "engine/card_svg.hpp"

namespace klantpeil::server {

// The QR code of `text` (error correction M, 8-bit mode, smallest version that fits).
// Throws std::runtime_error when libqrencode cannot encode it.
QrModules qr_modules(const std::string& text);

// The card for `municipality` on `channel`: its QR code and text hold
// {public_url}/s/kto-{channel}?m={code}&source=card.
std::string card_for(const std::string& public_url, const std::string& code, const std::string& name, Channel channel);

} // namespace klantpeil::server
