// The Inviter's mail: the Dutch and English texts with the municipality's name and the
// one-time link, and the RFC 5322 message around them (UTF-8, 8bit, CRLF).
#pragma once
#include <string>

#include "engine/questionnaire.hpp"

namespace klantpeil::server {

// {public_url}/s/kto-{channel}?m={code}, plus `extra` ("&t=TOKEN", "&source=card").
std::string survey_link(const std::string& public_url, const std::string& municipality, Channel channel,
                        const std::string& extra);

struct MailText {
    std::string subject;
    std::string body;
};

// `language` "en" gives English, anything else Dutch.
MailText invitation_text(const std::string& language, const std::string& municipality_name, const std::string& link,
                         int valid_days);

// The whole message; `now` (seconds since 1970) dates it.
std::string compose_mail(const std::string& from, const std::string& to, const MailText& text, long long now);

} // namespace klantpeil::server
