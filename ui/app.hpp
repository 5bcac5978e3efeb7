// The staff previewer's state and frame: the responses loaded so far, the engine's
// factsheets of them, what staff selected, and the panels that draw it (ui/panel_*.cpp).
//
// Nothing here computes a figure: the factsheets come from engine/factsheet.hpp, the cases
// from engine/cases.hpp, numbers are written by engine/number_format.hpp. The platform
// (ui/platform_emscripten.cpp, or a test) feeds files in and carries downloads out.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/cases.hpp"
#include "engine/demo.hpp"
#include "engine/factsheet.hpp"
#include "engine/questionnaire.hpp"
#include "engine/store.hpp"
#include "ui/loader.hpp"

namespace klantpeil::ui {

// What the app asks of the platform. Empty functions are allowed (a headless test).
struct PlatformHooks {
    std::function<void()> pick_file;  // opens the browser's file picker; the file comes back via load()
    std::function<void(const std::string& name, const std::string& mime, const std::string& data)> download;
    std::function<void(const std::string& token)> fetch_export;  // staff export of the backend
};

// One finished (or running) load, for the load panel.
struct LoadReport {
    std::string name;
    FileKind kind = FileKind::responses;
    ImportSummary summary;
    std::size_t refused_by_store = 0;
};

struct Selection {
    std::string municipality;
    Channel channel = Channel::balie;
    std::optional<Quarter> period;
};

class StaffApp {
public:
    StaffApp(QuestionnaireSet set, PlatformHooks hooks);

    // A file arrives in chunks (see ui/loader.hpp): open() starts it, with its size for the
    // progress bar (0 = not known); the page writes each chunk at room() and hands it over
    // with wrote(), which imports its complete rows; close() imports the rest. `last`:
    // no other file of the same pick follows, so the factsheets can be computed.
    void open(std::string name, std::uint64_t size);
    char* room(std::size_t bytes);      // null when no file is open (cleared meanwhile)
    bool wrote(std::size_t bytes);      // false when the file's later chunks are no use
    void close(bool last);
    void clear();                       // forget every response and invitation
    // Replaces everything by the engine's demo data; the default spec is the one the
    // server's demo seeds (server/demo_seed.cpp), so both show the same factsheets.
    void load_demo(DemoSpec spec = demo_spec());
    static DemoSpec demo_spec();
    void set_status(std::string text) { status_ = std::move(text); }

    // The whole window, `width` x `height` pixels.
    void draw(float width, float height);

    bool loading() const { return static_cast<bool>(loader_) || more_files_; }
    const Factsheet* current() const;   // the factsheet on screen; null when none
    std::string current_json() const;   // its DESIGN.md JSON, "null" when none
    std::string current_svg() const;    // "" when none
    std::string current_text() const;   // the engine's text of it (to_text), "" when none
    // Counts the selections made (every recompute makes one): the factsheet on screen may differ.
    std::uint64_t selections() const { return selections_; }
    const char* view() const { return view_; }  // the tab drawn last: "factsheet", "trend", "cases"
    void download_svg();                // hands the factsheet on screen to the platform's download
    const std::vector<Factsheet>& factsheets() const { return factsheets_; }
    const ResponseStore& store() const { return store_; }
    const std::vector<LoadReport>& reports() const { return reports_; }

    // [SECTION] What the panels share
    Selection selection;
    std::string token;                  // typed into the load panel, never stored
    std::string case_search;
    CaseOrder case_order = CaseOrder::newest;

    PlatformHooks& hooks() { return hooks_; }
    double load_fraction() const { return loader_ ? loader_->fraction() : 1.0; }
    const std::string& load_name() const { return loader_ ? loader_->name() : status_; }
    const std::string& status() const { return status_; }
    const std::vector<Case>& cases() const { return cases_; }
    void select(Selection s);           // recomputes what hangs on the selection (cases)
    std::vector<std::string> municipalities() const;
    std::vector<Channel> channels() const;
    std::vector<Quarter> quarters() const;   // of the selected municipality and channel

private:
    void report_progress();
    void recompute();

    QuestionnaireSet set_;
    PlatformHooks hooks_;
    ResponseStore store_;
    ImportedIds ids_;                   // of the responses in store_: a file loaded twice counts once
    InvitationCounts invitations_;
    std::unique_ptr<Loader> loader_;
    bool more_files_ = false;           // a file of the same pick follows the closed one
    std::vector<LoadReport> reports_;
    std::vector<Factsheet> factsheets_;
    std::uint64_t selections_ = 0;
    std::vector<Case> cases_;
    std::string status_;
    const char* view_ = "factsheet";
};

} // namespace klantpeil::ui
