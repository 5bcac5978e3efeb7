#include "server/commands.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "engine/response.hpp"
#include "server/card.hpp"
#include "server/catalog.hpp"
#include "server/crypto.hpp"
#include "server/retention.hpp"

namespace klantpeil::server {

namespace {

const char* const kHelp = R"(Usage: klantpeil-server COMMAND [OPTIONS]

Commands:
  serve [--listen HOST:PORT] [--db URL] [--data-dir DIR] [--assets DIR] [--web [PREFIX=]DIR]...
        [--demo] [--threads N] [--rate N] [--burst N] [--no-rate-limit]
        [--forwarded-header NAME] [--access-log]
        [--smtp-url smtp://HOST:PORT] [--smtp-starttls] [--smtp-user USER] [--mail-from ADDRESS]
        [--public-url URL] [--invitation-days N]
      Runs the HTTP server (default 127.0.0.1:8080). --demo loads the demo data set on the
      first start and prints a staff token for 0363 (kept in DATA_DIR/demo-token.txt).
      --threads: workers for requests that may wait, 1-1024 (default 64). --rate/--burst: submissions per second (0.001 and
      up) and burst (1 and up) per client (default 1 and 60).
      --forwarded-header: take the client address from this header's last entry (only
      behind a proxy you run). Stop with Ctrl-C or SIGTERM.
      Invitations: --smtp-url is the mail relay (KLANTPEIL_SMTP_URL; without one the server
      refuses invitations), its password only from KLANTPEIL_SMTP_PASSWORD; --public-url is
      the base of the links in mails and on cards (KLANTPEIL_PUBLIC_URL); a link works once,
      for --invitation-days (default 30).
  token create --municipality CODE
      Prints a new staff token for the municipality, once; only its hash is stored.
  token revoke TOKEN | token revoke --municipality CODE
      Revokes one staff token, or every token of the municipality; the next request with
      it is refused.
  municipality add CODE [--name NAME] [--origin URL]...
      Adds a municipality (CBS code) or renames it, and allows site origins
      (https://www.example.nl) to submit responses for it from the browser.
  municipality remove-origin CODE --origin URL
      Takes a site off the municipality's list: its pages can no longer submit
      (running servers see it within 10 seconds). Stored responses stay.
  municipality list
  purge --older-than AGE [--whole-records]
      Replaces the open answers of responses submitted longer than AGE ago (30d, 8w, 24m,
      2y) with a marker; with --whole-records deletes those responses.
  migrate
      Applies the schema migrations and prints the schema version.
  backup --to FILE
      Writes a consistent copy of the SQLite database to the new FILE while the server
      runs (PostgreSQL: use pg_dump). It never overwrites a file.
  hook-secret create --municipality CODE
      Prints a new secret for the appointment-system hooks of the municipality, once (it
      replaces the previous one). The vendor signs each delivery with it (HMAC-SHA-256).
  card --municipality CODE --channel balie|telefoon|digitaal [--out FILE] [--public-url URL]
      Writes the printable A6 invitation card (SVG) with the QR code of
      URL/s/kto-CHANNEL?m=CODE&source=card (default URL: KLANTPEIL_PUBLIC_URL or
      http://127.0.0.1:8080); to stdout without --out.

Common options (or environment):
  --db URL          sqlite:PATH or postgresql://user@host:port/db   (KLANTPEIL_DB;
                    default sqlite:DATA_DIR/klantpeil.db)
  --data-dir DIR    runtime data (KLANTPEIL_DATA_DIR; default var)
  --assets DIR      questionnaire documents (KLANTPEIL_ASSETS; default assets/questionnaires)
)";

const std::set<std::string> kCommonOptions = {"--db", "--data-dir", "--assets"};

std::set<std::string> with_common(std::set<std::string> options) {
    options.insert(kCommonOptions.begin(), kCommonOptions.end());
    return options;
}

// Runs `body` with the storage of `args`; storage failures end the command with exit 1.
template <class Body>
int with_storage(const Args& args, std::ostream& err, Body body) {
    try {
        auto storage = open_settings_storage(settings_from(args));
        return body(*storage);
    } catch (const StorageError& e) {
        err << "klantpeil-server: " << e.what() << '\n';
        return kExitFailed;
    }
}

int usage(std::ostream& err, const std::string& message) {
    err << "klantpeil-server: " << message << "\n(see klantpeil-server --help)\n";
    return kExitUsage;
}

// [SECTION] token

int token_create(const Args& args, std::ostream& out, std::ostream& err) {
    auto code = args.get("--municipality");
    if (args.positional().size() != 1 || !code) return usage(err, "use: token create --municipality CODE");
    return with_storage(args, err, [&](Storage& storage) {
        bool known = false;
        for (const Municipality& m : storage.municipalities()) known = known || m.code == *code;
        if (!known) {
            err << "klantpeil-server: unknown municipality " << *code << "; add it first with: municipality add "
                << *code << " --name NAME\n";
            return kExitFailed;
        }
        std::string token = "kp_" + random_hex(24);
        storage.add_staff_token(*code, sha256_hex(token));
        out << token << '\n';
        err << "klantpeil-server: staff token for " << *code << " created; it is shown only this once\n";
        return kExitOk;
    });
}

// One token (a leaked one, its value at hand), or every token of a municipality (values
// lost). The next request with a revoked token is refused: tokens are not cached.
int token_revoke(const Args& args, std::ostream& out, std::ostream& err) {
    auto code = args.get("--municipality");
    if (args.positional().size() != (code ? 1u : 2u))
        return usage(err, "use: token revoke TOKEN, or token revoke --municipality CODE (all its tokens)");
    return with_storage(args, err, [&](Storage& storage) {
        if (code) {
            out << storage.remove_staff_tokens(*code) << " staff token(s) of " << *code << " revoked\n";
            return kExitOk;
        }
        auto municipality = storage.remove_staff_token(sha256_hex(args.positional()[1]));
        if (!municipality) {
            err << "klantpeil-server: no such staff token (revoked already, or mistyped)\n";
            return kExitFailed;
        }
        out << "the staff token of " << *municipality << " is revoked\n";
        return kExitOk;
    });
}

int cmd_token(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
    Args args(words, with_common({"--municipality"}), {});
    if (!args.error().empty()) return usage(err, args.error());
    std::string sub = args.positional().empty() ? "" : args.positional()[0];
    if (sub == "create") return token_create(args, out, err);
    if (sub == "revoke") return token_revoke(args, out, err);
    return usage(err, "use: token create --municipality CODE, or token revoke TOKEN | --municipality CODE");
}

// [SECTION] municipality

int municipality_add(const Args& args, std::ostream& out, std::ostream& err) {
    if (args.positional().size() != 2 || !is_municipality_code(args.positional()[1]))
        return usage(err, "use: municipality add CODE (four digits) [--name NAME] [--origin URL]...");
    Municipality m{args.positional()[1], args.get("--name").value_or(""), args.all("--origin")};
    for (const std::string& o : m.origins)
        if (!is_origin(o))
            return usage(err, "--origin " + o +
                                  " must look like https://www.example.nl or http://localhost:8080: lower case, a port"
                                  " from 1 to 65535 at most (not the scheme's own :443 or :80), no path, query or"
                                  " trailing slash");
    return with_storage(args, err, [&](Storage& storage) {
        for (const Municipality& existing : storage.municipalities())
            if (existing.code == m.code && m.name.empty()) m.name = existing.name;
        if (m.name.empty()) return usage(err, "a new municipality needs --name NAME");
        storage.add_municipality(m);
        out << "municipality " << m.code << " (" << m.name << ") saved\n";
        return kExitOk;
    });
}

int municipality_remove_origin(const Args& args, std::ostream& out, std::ostream& err) {
    auto origin = args.get("--origin");
    if (args.positional().size() != 2 || !is_municipality_code(args.positional()[1]) || !origin ||
        args.all("--origin").size() != 1)
        return usage(err, "use: municipality remove-origin CODE (four digits) --origin URL");
    const std::string& code = args.positional()[1];
    return with_storage(args, err, [&](Storage& storage) {
        if (!storage.remove_origin(code, *origin)) {
            err << "klantpeil-server: " << *origin << " is not on the list of municipality " << code
                << " (see: municipality list)\n";
            return kExitFailed;
        }
        out << *origin << " can no longer submit for municipality " << code << '\n';
        return kExitOk;
    });
}

int municipality_list(const Args& args, std::ostream& out, std::ostream& err) {
    if (args.positional().size() != 1) return usage(err, "use: municipality list (it lists all; it takes no words)");
    return with_storage(args, err, [&](Storage& storage) {
        for (const Municipality& m : storage.municipalities()) {
            out << m.code << '\t' << m.name;
            for (const std::string& o : m.origins) out << '\t' << o;
            out << '\n';
        }
        return kExitOk;
    });
}

int cmd_municipality(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
    Args args(words, with_common({"--name", "--origin"}), {});
    if (!args.error().empty()) return usage(err, args.error());
    std::string sub = args.positional().empty() ? "" : args.positional()[0];
    if (sub == "add") return municipality_add(args, out, err);
    if (sub == "list") return municipality_list(args, out, err);
    if (sub == "remove-origin") return municipality_remove_origin(args, out, err);
    return usage(err, "use: municipality add CODE ..., municipality remove-origin CODE --origin URL or municipality list");
}

// [SECTION] hook-secret and card

// The municipality `code`'s name, or none after telling the user.
std::optional<std::string> municipality_name(Storage& storage, const std::string& code, std::ostream& err) {
    for (const Municipality& m : storage.municipalities())
        if (m.code == code) return m.name;
    err << "klantpeil-server: unknown municipality " << code << "; add it first with: municipality add " << code
        << " --name NAME\n";
    return std::nullopt;
}

int cmd_hook_secret(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
    Args args(words, with_common({"--municipality"}), {});
    if (!args.error().empty()) return usage(err, args.error());
    auto code = args.get("--municipality");
    if (args.positional() != std::vector<std::string>{"create"} || !code)
        return usage(err, "use: hook-secret create --municipality CODE");
    return with_storage(args, err, [&](Storage& storage) {
        if (!municipality_name(storage, *code, err)) return kExitFailed;
        std::string secret = "kph_" + random_hex(32);
        storage.set_hook_secret(*code, secret);
        out << secret << '\n';
        err << "klantpeil-server: hook secret for " << *code << " created; it is shown only this once\n";
        return kExitOk;
    });
}

int cmd_card(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
    Args args(words, with_common({"--municipality", "--channel", "--out", "--public-url"}), {});
    if (!args.error().empty()) return usage(err, args.error());
    auto code = args.get("--municipality");
    auto channel = parse_channel(args.get("--channel").value_or(""));
    if (!code || !channel || !args.positional().empty())
        return usage(err, "use: card --municipality CODE --channel balie|telefoon|digitaal [--out FILE]");
    std::string url = args.get("--public-url").value_or(from_env("KLANTPEIL_PUBLIC_URL", "http://127.0.0.1:8080"));
    if (!is_public_url(url)) return usage(err, public_url_error(url));
    return with_storage(args, err, [&](Storage& storage) {
        auto name = municipality_name(storage, *code, err);
        if (!name) return kExitFailed;
        std::string svg = card_for(url, *code, *name, *channel);
        if (!args.get("--out")) {
            out << svg;
            return kExitOk;
        }
        std::ofstream file(*args.get("--out"), std::ios::binary | std::ios::trunc);
        file << svg;
        if (!file) {
            err << "klantpeil-server: cannot write " << *args.get("--out") << '\n';
            return kExitFailed;
        }
        err << "klantpeil-server: card written to " << *args.get("--out") << " (" << svg.size() << " bytes)\n";
        return kExitOk;
    });
}

// [SECTION] purge, migrate and backup

int cmd_purge(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
    Args args(words, with_common({"--older-than"}), {"--whole-records"});
    if (!args.error().empty()) return usage(err, args.error());
    auto age = args.get("--older-than");
    if (!age || !args.positional().empty()) return usage(err, "use: purge --older-than AGE (30d, 8w, 24m, 2y)");
    auto cutoff = retention_cutoff(*age, static_cast<long long>(std::time(nullptr)));
    if (!cutoff)
        return usage(err, "--older-than " + *age +
                              " must be a whole number above 0 followed by d, w, m or y (days, weeks, months, years),"
                              " reaching back no further than 1970: 30d, 8w, 24m, 2y");
    auto catalog = load_catalog(settings_from(args).assets);
    if (!catalog) {
        err << "klantpeil-server: questionnaires: " << describe(catalog.problems) << '\n';
        return kExitFailed;
    }
    return with_storage(args, err, [&](Storage& storage) {
        PurgeResult r = purge(storage, catalog->set, *cutoff, args.has("--whole-records"));
        out << (r.whole ? "deleted " : "removed the open answers of ") << r.responses << " responses older than "
            << *age << '\n';
        return kExitOk;
    });
}

int cmd_migrate(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
    Args args(words, kCommonOptions, {});
    if (!args.error().empty() || !args.positional().empty()) return usage(err, "use: migrate [--db URL]");
    return with_storage(args, err, [&](Storage& storage) {
        out << storage.backend() << " schema version " << storage.schema_version() << '\n';
        return kExitOk;
    });
}

int cmd_backup(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
    Args args(words, with_common({"--to"}), {});
    if (!args.error().empty()) return usage(err, args.error());
    auto to = args.get("--to");
    if (!to || !args.positional().empty()) return usage(err, "use: backup --to FILE");
    return with_storage(args, err, [&](Storage& storage) {
        storage.backup(*to);
        out << "backup written to " << *to << '\n';
        return kExitOk;
    });
}

// [SECTION] Origins and public URLs

// A port as an origin writes it: 1 to 65535, no leading zero.
bool is_port(const std::string& s) {
    return !s.empty() && s.size() <= 5 && s[0] != '0' && s.find_first_not_of("0123456789") == std::string::npos &&
           std::stoi(s) <= 65535;
}

} // namespace

// Anything else would be stored and never match a browser's Origin.
bool is_origin(const std::string& s) {
    std::size_t start = s.rfind("https://", 0) == 0 ? 8 : s.rfind("http://", 0) == 0 ? 7 : 0;
    if (start == 0) return false;
    std::string rest = s.substr(start);
    std::size_t host_end = rest.rfind(']') != std::string::npos ? rest.rfind(']') + 1 : rest.find(':');
    std::string host = rest.substr(0, host_end);
    bool bracketed = host.size() > 2 && host.front() == '[' && host.back() == ']';
    const char* allowed = bracketed ? "[]:0123456789abcdef" : "abcdefghijklmnopqrstuvwxyz0123456789.-";
    if (host.empty() || host.find_first_not_of(allowed) != std::string::npos) return false;
    if (host_end >= rest.size()) return true;
    // A browser leaves the scheme's own port out of an Origin, so with it the entry never matches.
    std::string port = rest.substr(host_end + 1);
    bool default_port = port == (start == 8 ? "443" : "80");
    return rest[host_end] == ':' && is_port(port) && !default_port;
}

// Anything else would go into every mail and onto every printed card as a broken link.
bool is_public_url(const std::string& s) {
    std::size_t scheme_end = s.find("://");
    std::size_t path = scheme_end == std::string::npos ? std::string::npos : s.find('/', scheme_end + 3);
    if (path == std::string::npos) return is_origin(s);
    return is_origin(s.substr(0, path)) && s.find_first_of("?# \t\r\n", path) == std::string::npos;
}

std::string public_url_error(const std::string& url) {
    return "--public-url (or KLANTPEIL_PUBLIC_URL) " + url +
           " must look like https://kto.example.nl or https://www.example.nl/kto: http or https, lower case, no query";
}

std::string from_env(const char* name, std::string fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : fallback;
}

Settings settings_from(const Args& args) {
    Settings s;
    s.data_dir = args.get("--data-dir").value_or(from_env("KLANTPEIL_DATA_DIR", "var"));
    s.db = args.get("--db").value_or(from_env("KLANTPEIL_DB", "sqlite:" + s.data_dir + "/klantpeil.db"));
    s.assets = args.get("--assets").value_or(from_env("KLANTPEIL_ASSETS", "assets/questionnaires"));
    return s;
}

std::unique_ptr<Storage> open_settings_storage(const Settings& s) {
    bool postgres = s.db.rfind("postgresql://", 0) == 0 || s.db.rfind("postgres://", 0) == 0;
    std::filesystem::path folder = std::filesystem::path(s.db.rfind("sqlite:", 0) == 0 ? s.db.substr(7) : s.db).parent_path();
    std::error_code ec;
    if (!postgres && !folder.empty()) std::filesystem::create_directories(folder, ec);
    if (ec) throw StorageError("cannot create the folder " + folder.string() + ": " + ec.message());
    return open_storage(s.db);
}

int run_command(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
    std::string command = words.empty() ? "--help" : words[0];
    std::vector<std::string> rest(words.begin() + (words.empty() ? 0 : 1), words.end());
    if (command == "--help" || command == "-h" || command == "help") {
        out << kHelp;
        return kExitOk;
    }
    if (command == "serve") return cmd_serve(rest, out, err);
    if (command == "token") return cmd_token(rest, out, err);
    if (command == "municipality") return cmd_municipality(rest, out, err);
    if (command == "purge") return cmd_purge(rest, out, err);
    if (command == "migrate") return cmd_migrate(rest, out, err);
    if (command == "backup") return cmd_backup(rest, out, err);
    if (command == "hook-secret") return cmd_hook_secret(rest, out, err);
    if (command == "card") return cmd_card(rest, out, err);
    return usage(err, "unknown command " + command);
}

} // namespace klantpeil::server
