// Loader: imports a response file into the store a slice per frame, so a large file shows
// a progress bar instead of freezing the page. Invitation files are read in one go (small).
//
// Slices end on row boundaries: NDJSON at a line break, CSV where the engine's CSV reader
// ends a row (quoted line breaks stay inside), and every CSV slice gets the header row in
// front. Error line numbers are those of the whole file.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "engine/import.hpp"
#include "engine/questionnaire.hpp"
#include "engine/store.hpp"

namespace klantpeil::ui {

enum class FileKind { responses, invitations };

// By name ("...invitations...", "uitnodigingen") or by content (a `count` field and no answers).
FileKind guess_kind(const std::string& name, const std::string& text);

class Loader {
public:
    Loader(std::string name, std::string text, const QuestionnaireSet& set, ResponseStore& store,
           InvitationCounts& invitations);

    // Imports the next slice of about `bytes` bytes; true when the whole file is in.
    bool step(std::size_t bytes);

    bool done() const { return pos_ >= text_.size(); }
    double fraction() const { return text_.empty() ? 1.0 : static_cast<double>(pos_) / static_cast<double>(text_.size()); }
    const std::string& name() const { return name_; }
    FileKind kind() const { return kind_; }
    std::size_t size() const { return text_.size(); }
    // The summary of the whole file so far (errors with file line numbers).
    const ImportSummary& summary() const { return summary_; }
    std::size_t refused_by_store() const { return refused_; }

private:
    std::size_t slice_end(std::size_t bytes) const;
    void import_slice(std::size_t end);
    std::string_view csv_slice(std::size_t end, std::string& copy) const;
    void merge(const ImportSummary& s, std::size_t first_line);

    std::string name_;
    std::string text_;
    const QuestionnaireSet& set_;
    ResponseStore& store_;
    InvitationCounts& invitations_;
    FileKind kind_;
    ImportFormat format_ = ImportFormat::ndjson;
    std::string csv_header_;      // with its line break
    std::size_t csv_header_lines_ = 0;
    std::size_t pos_ = 0;         // bytes of text_ imported
    std::size_t line_ = 1;        // line of text_[pos_]
    ImportSummary summary_;
    std::size_t refused_ = 0;
    ImportedIds ids_;             // of every slice so far: a repeat in a later one is caught
};

} // namespace klantpeil::ui
