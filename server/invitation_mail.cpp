#include "server/invitation_mail.hpp"

#include <ctime>

#include "server/crypto.hpp"

namespace klantpeil::server {

namespace {

// RFC 2047: a subject with a municipality name like "Súdwest-Fryslân" must be encoded.
std::string encoded_word(const std::string& text) {
    static const char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += 3) {
        unsigned n = static_cast<unsigned char>(text[i]) << 16;
        if (i + 1 < text.size()) n |= static_cast<unsigned char>(text[i + 1]) << 8;
        if (i + 2 < text.size()) n |= static_cast<unsigned char>(text[i + 2]);
        out += table[n >> 18 & 63];
        out += table[n >> 12 & 63];
        out += i + 1 < text.size() ? table[n >> 6 & 63] : '=';
        out += i + 2 < text.size() ? table[n & 63] : '=';
    }
    return "=?UTF-8?B?" + out + "?=";
}

std::string with_crlf(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\n') out += '\r';
        out += c;
    }
    return out;
}

std::string domain_of(const std::string& address) {
    std::size_t at = address.rfind('@');
    return at == std::string::npos ? "localhost" : address.substr(at + 1);
}

} // namespace

std::string survey_link(const std::string& public_url, const std::string& municipality, Channel channel,
                        const std::string& extra) {
    std::string base = public_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base + "/s/kto-" + to_string(channel) + "?m=" + municipality + extra;
}

MailText invitation_text(const std::string& language, const std::string& municipality_name, const std::string& link,
                         int valid_days) {
    std::string days = std::to_string(valid_days);
    if (language == "en")
        return {"How did the municipality of " + municipality_name + " help you?",
                "Dear resident,\n\nYou recently contacted the municipality of " + municipality_name +
                    ". We would like to know how you were helped. Answering takes about two minutes and is "
                    "anonymous.\n\n" + link + "\n\nThe link works once and for " + days +
                    " days. This e-mail address is not kept: it was erased as soon as this message was sent.\n\n"
                    "Thank you,\nMunicipality of " + municipality_name + "\n"};
    return {"Hoe heeft de gemeente " + municipality_name + " u geholpen?",
            "Beste inwoner,\n\nU had onlangs contact met de gemeente " + municipality_name +
                ". We horen graag hoe u bent geholpen. Invullen duurt ongeveer twee minuten en is anoniem.\n\n" +
                link + "\n\nDe link werkt één keer en " + days +
                " dagen lang. Uw e-mailadres bewaren we niet: het is gewist zodra dit bericht verstuurd was.\n\n"
                "Hartelijk dank,\nGemeente " + municipality_name + "\n"};
}

std::string compose_mail(const std::string& from, const std::string& to, const MailText& text, long long now) {
    std::time_t t = static_cast<std::time_t>(now);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char date[64];
    std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    std::string headers = "Date: " + std::string(date) + "\nFrom: <" + from + ">\nTo: <" + to + ">\nSubject: " +
                          encoded_word(text.subject) + "\nMessage-ID: <" + random_hex(16) + "@" + domain_of(from) +
                          ">\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
                          "Content-Transfer-Encoding: 8bit\nAuto-Submitted: auto-generated\n\n";
    return with_crlf(headers + text.body);
}

} // namespace klantpeil::server
