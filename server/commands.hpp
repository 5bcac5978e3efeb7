// The klantpeil-server command line (`./klantpeil server ...` forwards here):
//   serve          run the HTTP server (server/serve.cpp)
//   token create   a staff token for one municipality, printed once
//   municipality   add (or rename, or give more origins) / list
//   purge          remove open answers, or whole responses, past the retention period
//   migrate        apply the schema migrations and say the version
//   hook-secret    create the HMAC secret of a municipality's appointment-system hooks
//   card           the printable A6 invitation card (SVG) of a municipality and channel
// Settings come from options, else from the environment (KLANTPEIL_DB, KLANTPEIL_DATA_DIR,
// KLANTPEIL_ASSETS, KLANTPEIL_LISTEN, KLANTPEIL_WEB), else from the defaults.
#pragma once
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "server/args.hpp"
#include "server/storage.hpp"

namespace klantpeil::server {

// Runs one command line (without the program name); returns the exit code: 0 done,
// 1 failed, 2 the command line was wrong.
int run_command(const std::vector<std::string>& words, std::ostream& out, std::ostream& err);

// [SECTION] Shared by the commands

inline constexpr int kExitOk = 0, kExitFailed = 1, kExitUsage = 2;

struct Settings {
    std::string data_dir;  // --data-dir, KLANTPEIL_DATA_DIR, "var"
    std::string db;        // --db, KLANTPEIL_DB, "sqlite:<data_dir>/klantpeil.db"
    std::string assets;    // --assets, KLANTPEIL_ASSETS, "assets/questionnaires"
};

Settings settings_from(const Args& args);
// Opens the database, creating the folder of an SQLite file. Throws StorageError.
std::unique_ptr<Storage> open_settings_storage(const Settings& s);

// The environment variable `name`, or `fallback` when unset or empty.
std::string from_env(const char* name, std::string fallback);

// A site origin as browsers send it: scheme, lower-case host ([::1] for IPv6) and optional
// port 1-65535, nothing after: "https://www.example.nl", "http://localhost:8080".
bool is_origin(const std::string& s);
// The base of the links in mails and on cards: an origin, optionally with a path and no
// query: "https://kto.example.nl", "https://www.example.nl/kto/".
bool is_public_url(const std::string& s);
std::string public_url_error(const std::string& url);  // what is wrong with one, for the user

int cmd_serve(const std::vector<std::string>& words, std::ostream& out, std::ostream& err);  // serve.cpp

} // namespace klantpeil::server
