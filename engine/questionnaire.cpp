// Questionnaire: loading and checking a questionnaire document.
// Index: [SECTION] Names  [SECTION] Field reading  [SECTION] Questions  [SECTION] Document
//        [SECTION] References  [SECTION] QuestionnaireSet
#include "engine/questionnaire.hpp"

#include <algorithm>
#include <set>

#include "engine/json_guard.hpp"
#include "engine/json_keys.hpp"

namespace klantpeil {

using nlohmann::json;

//-----------------------------------------------------------------------------
// [SECTION] Names
//-----------------------------------------------------------------------------

namespace {
const char* const kChannels[] = {"balie", "telefoon", "digitaal"};
const char* const kTypes[] = {"grade", "effort", "yesno", "choice", "text", "grid"};
constexpr std::size_t kMaxTextLength = 5000;
constexpr int kEffortPoints = 5;
} // namespace

const char* to_string(Channel c) { return kChannels[static_cast<int>(c)]; }
const char* to_string(QuestionType t) { return kTypes[static_cast<int>(t)]; }

std::optional<Channel> parse_channel(std::string_view s) {
    for (int i = 0; i < 3; ++i)
        if (s == kChannels[i]) return static_cast<Channel>(i);
    return std::nullopt;
}

namespace {

std::optional<QuestionType> parse_type(std::string_view s) {
    for (int i = 0; i < 6; ++i)
        if (s == kTypes[i]) return static_cast<QuestionType>(i);
    return std::nullopt;
}

//-----------------------------------------------------------------------------
// [SECTION] Field reading
//-----------------------------------------------------------------------------

// Reads the fields of one JSON object, recording a problem (with its path) for every
// missing, mistyped or unknown field. Problems accumulate so a document shows them all.
class Reader {
public:
    Reader(const json& obj, std::string path, std::vector<Problem>& problems)
        : obj_(obj), path_(std::move(path)), problems_(problems) {
        if (!obj_.is_object()) report(path_, "must be an object");
    }
    ~Reader() { report_unknown(); }
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;

    bool ok() const { return obj_.is_object(); }
    std::string at(const std::string& key) const { return path_ + "." + key; }
    void report(const std::string& path, std::string message) { problems_.push_back({path, std::move(message)}); }

    // The field's value when present (and marks it known), else nullptr.
    const json* field(const std::string& key, bool required) {
        known_.insert(key);
        if (!ok()) return nullptr;
        auto it = obj_.find(key);
        if (it != obj_.end()) return &*it;
        if (required) report(at(key), "is missing");
        return nullptr;
    }
    std::string string(const std::string& key, bool required) {
        const json* v = field(key, required);
        if (!v) return {};
        if (v->is_string() && !v->get_ref<const std::string&>().empty()) return v->get<std::string>();
        report(at(key), "must be a non-empty string");
        return {};
    }
    std::optional<long long> integer(const std::string& key, bool required) {
        const json* v = field(key, required);
        if (!v) return std::nullopt;
        if (v->is_number_integer()) return v->get<long long>();
        report(at(key), "must be a whole number");
        return std::nullopt;
    }
    bool boolean(const std::string& key, bool fallback) {
        const json* v = field(key, false);
        if (!v) return fallback;
        if (v->is_boolean()) return v->get<bool>();
        report(at(key), "must be true or false");
        return fallback;
    }
    const json* array(const std::string& key, bool required) {
        const json* v = field(key, required);
        if (!v || v->is_array()) return v;
        report(at(key), "must be an array");
        return nullptr;
    }

private:
    void report_unknown() {
        if (!ok()) return;
        for (auto it = obj_.begin(); it != obj_.end(); ++it)
            if (!known_.count(it.key())) report(at(it.key()), "unknown field");
    }

    const json& obj_;
    std::string path_;
    std::vector<Problem>& problems_;
    std::set<std::string> known_;
};

// Reads {"nl": "...", "en": "..."}: every declared language must have a non-empty text.
Texts read_texts(Reader& r, const std::string& key, bool required, const std::vector<std::string>& languages) {
    Texts texts;
    const json* v = r.field(key, required);
    if (!v) return texts;
    if (!v->is_object()) {
        r.report(r.at(key), "must be an object of texts per language");
        return texts;
    }
    for (auto it = v->begin(); it != v->end(); ++it) {
        bool declared = std::find(languages.begin(), languages.end(), it.key()) != languages.end();
        if (!declared) r.report(r.at(key) + "." + it.key(), "language is not declared in \"languages\"");
        else if (!it->is_string() || it->get_ref<const std::string&>().empty())
            r.report(r.at(key) + "." + it.key(), "must be a non-empty string");
        else texts[it.key()] = it->get<std::string>();
    }
    for (const std::string& lang : languages)
        if (!v->contains(lang)) r.report(r.at(key) + "." + lang, "text for declared language is missing");
    return texts;
}

bool valid_id(const std::string& id) {
    if (id.empty() || id.size() > 64 || !(std::isalpha(static_cast<unsigned char>(id[0])))) return false;
    return std::all_of(id.begin(), id.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

std::string read_id(Reader& r) {
    std::string id = r.string("id", true);
    if (!id.empty() && !valid_id(id))
        r.report(r.at("id"), "must start with a letter and hold only letters, digits and _ (at most 64)");
    return id;
}

//-----------------------------------------------------------------------------
// [SECTION] Questions
//-----------------------------------------------------------------------------

struct Context {
    const std::vector<std::string>& languages;
    std::vector<Problem>& problems;
};

// Scale labels per language: {"nl": ["...", ...]} with `count` entries each.
void read_labels(Reader& r, Question& q, std::size_t count, bool required, const Context& ctx) {
    const json* v = r.field("labels", required);
    if (!v) return;
    if (!v->is_object()) return r.report(r.at("labels"), "must be an object of label lists per language");
    for (const std::string& lang : ctx.languages) {
        std::string path = r.at("labels") + "." + lang;
        auto it = v->find(lang);
        if (it == v->end()) { r.report(path, "labels for declared language are missing"); continue; }
        bool strings = it->is_array() && std::all_of(it->begin(), it->end(), [](const json& x) { return x.is_string(); });
        if (!strings || it->size() != count)
            r.report(path, "must be a list of " + std::to_string(count) + " texts");
        else
            q.labels[lang] = it->get<std::vector<std::string>>();
    }
    for (auto it = v->begin(); it != v->end(); ++it)
        if (!q.labels.count(it.key()) && std::find(ctx.languages.begin(), ctx.languages.end(), it.key()) == ctx.languages.end())
            r.report(r.at("labels") + "." + it.key(), "language is not declared in \"languages\"");
}

void read_grade(Reader& r, Question& q, const Context& ctx) {
    q.min = static_cast<int>(r.integer("min", false).value_or(1));
    q.max = static_cast<int>(r.integer("max", false).value_or(10));
    if (q.min < 1 || q.max > 10 || q.min >= q.max) r.report(r.at("min"), "grade range must lie within 1-10 with min below max");
    read_labels(r, q, 2, false, ctx);
}

void read_options(Reader& r, Question& q, const Context& ctx) {
    q.multiple = r.boolean("multiple", false);
    const json* opts = r.array("options", true);
    if (!opts) return;
    if (opts->empty()) r.report(r.at("options"), "must hold at least one option");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < opts->size(); ++i) {
        Reader o((*opts)[i], r.at("options") + "[" + std::to_string(i) + "]", ctx.problems);
        Option opt{o.string("value", true), read_texts(o, "text", true, ctx.languages)};
        if (!opt.value.empty() && !seen.insert(opt.value).second) o.report(o.at("value"), "duplicate option value");
        if (opt.value.find('|') != std::string::npos) o.report(o.at("value"), "must not contain '|'");
        q.options.push_back(std::move(opt));
    }
}

void read_text_limit(Reader& r, Question& q) {
    auto n = r.integer("max_length", false);
    if (!n) return;
    if (*n < 1 || *n > static_cast<long long>(kMaxTextLength))
        r.report(r.at("max_length"), "must lie within 1-" + std::to_string(kMaxTextLength));
    else
        q.max_length = static_cast<std::size_t>(*n);
}

void read_rows(Reader& r, Question& q, const Context& ctx) {
    q.allow_na = r.boolean("allow_na", false);
    const json* rows = r.array("rows", true);
    if (!rows) return;
    if (rows->empty()) r.report(r.at("rows"), "must hold at least one row");
    for (std::size_t i = 0; i < rows->size(); ++i) {
        Reader row((*rows)[i], r.at("rows") + "[" + std::to_string(i) + "]", ctx.problems);
        q.rows.push_back(GridRow{read_id(row), read_texts(row, "text", true, ctx.languages)});
    }
}

void read_kind(Reader& r, Question& q, const Context& ctx) {
    switch (q.type) {
    case QuestionType::grade: return read_grade(r, q, ctx);
    case QuestionType::effort: q.min = 1; q.max = kEffortPoints; return read_labels(r, q, kEffortPoints, true, ctx);
    case QuestionType::choice: return read_options(r, q, ctx);
    case QuestionType::text: return read_text_limit(r, q);
    case QuestionType::grid: return read_rows(r, q, ctx);
    case QuestionType::yesno: return;
    }
}

Question read_question(const json& j, const std::string& path, const Context& ctx) {
    Reader r(j, path, ctx.problems);
    Question q;
    q.id = read_id(r);
    std::string type = r.string("type", true);
    if (auto t = parse_type(type)) q.type = *t;
    else if (!type.empty()) r.report(r.at("type"), "unknown question type \"" + type + "\"");
    q.required = r.boolean("required", false);
    q.text = read_texts(r, "text", true, ctx.languages);
    q.help = read_texts(r, "help", false, ctx.languages);
    std::string cond = r.string("visible_if", false);
    if (!cond.empty()) {
        auto c = Condition::parse(cond, r.at("visible_if"));
        if (c) q.visible_if = std::move(*c);
        else ctx.problems.insert(ctx.problems.end(), c.problems.begin(), c.problems.end());
    }
    if (parse_type(type)) read_kind(r, q, ctx);
    return q;
}

//-----------------------------------------------------------------------------
// [SECTION] Document
//-----------------------------------------------------------------------------

std::vector<std::string> read_languages(Reader& r) {
    std::vector<std::string> langs;
    const json* v = r.array("languages", true);
    if (!v) return langs;
    for (std::size_t i = 0; i < v->size(); ++i) {
        const json& l = (*v)[i];
        std::string path = r.at("languages") + "[" + std::to_string(i) + "]";
        if (!l.is_string() || l.get_ref<const std::string&>().size() != 2) r.report(path, "must be a two-letter language code");
        else if (std::find(langs.begin(), langs.end(), l.get<std::string>()) != langs.end()) r.report(path, "duplicate language");
        else langs.push_back(l.get<std::string>());
    }
    if (langs.empty()) r.report(r.at("languages"), "must name at least one language");
    return langs;
}

Page read_page(const json& j, const std::string& path, const Context& ctx) {
    Reader r(j, path, ctx.problems);
    Page page;
    page.id = read_id(r);
    page.title = read_texts(r, "title", false, ctx.languages);
    const json* qs = r.array("questions", true);
    if (qs && qs->empty()) r.report(r.at("questions"), "a page must hold at least one question");
    for (std::size_t i = 0; qs && i < qs->size(); ++i)
        page.questions.push_back(read_question((*qs)[i], r.at("questions") + "[" + std::to_string(i) + "]", ctx));
    return page;
}

void read_header(Reader& r, Questionnaire& q) {
    q.id = r.string("id", true);
    auto version = r.integer("version", true);
    if (version && *version < 1) r.report(r.at("version"), "must be 1 or higher");
    q.version = version && *version > 0 && *version < 1000000 ? static_cast<int>(*version) : 0;
    std::string channel = r.string("channel", true);
    if (auto c = parse_channel(channel)) q.channel = *c;
    else if (!channel.empty()) r.report(r.at("channel"), "must be balie, telefoon or digitaal");
}

//-----------------------------------------------------------------------------
// [SECTION] References
//-----------------------------------------------------------------------------

// Ids must be unique over questions, grid rows and pages' questions; a condition may only
// read answers of questions that come before it, so a resident never sees a question
// appear because of something further on.
void check_ids_and_references(const Questionnaire& q, std::vector<Problem>& problems) {
    std::set<std::string> earlier;
    for (std::size_t p = 0; p < q.pages.size(); ++p) {
        for (std::size_t i = 0; i < q.pages[p].questions.size(); ++i) {
            const Question& question = q.pages[p].questions[i];
            std::string path = "$.pages[" + std::to_string(p) + "].questions[" + std::to_string(i) + "]";
            if (question.visible_if) {
                for (const std::string& ref : question.visible_if->references()) {
                    if (earlier.count(ref)) continue;
                    bool later = q.find_answer_owner(ref) != nullptr;
                    problems.push_back({path + ".visible_if", "refers to " + std::string(later ? "a later" : "an unknown") +
                                                                  " question \"" + ref + "\""});
                }
            }
            std::vector<std::string> ids{question.id};
            for (const GridRow& row : question.rows) ids.push_back(row.id);
            for (const std::string& id : ids)
                if (!id.empty() && !earlier.insert(id).second) problems.push_back({path, "duplicate id \"" + id + "\""});
        }
    }
}

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] Questionnaire
//-----------------------------------------------------------------------------

const Questionnaire::AnswerRef* Questionnaire::find_answer(std::string_view id) const {
    auto it = std::lower_bound(index_.begin(), index_.end(), id, [](const AnswerRef& a, std::string_view b) { return a.id < b; });
    return it == index_.end() || it->id != id ? nullptr : &*it;
}

const Question* Questionnaire::find_answer_owner(std::string_view id) const {
    const AnswerRef* ref = find_answer(id);
    return ref ? &pages[ref->page].questions[ref->question] : nullptr;
}

void Questionnaire::reindex() {
    index_.clear();
    for (std::size_t p = 0; p < pages.size(); ++p)
        for (std::size_t i = 0; i < pages[p].questions.size(); ++i) {
            const Question& q = pages[p].questions[i];
            for_each_answer_id(q, [&](const std::string& id) { index_.push_back({id, p, i, index_.size()}); });
        }
    std::sort(index_.begin(), index_.end(), [](const AnswerRef& a, const AnswerRef& b) { return a.id < b.id; });
}

void Questionnaire::match_answers(const json& answers, std::vector<const json*>& out,
                                  std::vector<const std::string*>& unknown) const {
    out.assign(index_.size(), nullptr);
    if (!answers.is_object()) return;
    merge_sorted_keys(
        answers.get_ref<const json::object_t&>(), index_.begin(), index_.end(),
        [](const AnswerRef& ref) -> const std::string& { return ref.id; },
        [&](const AnswerRef& ref, const json& value) { out[ref.position] = &value; },
        [&](const std::string& key) { unknown.push_back(&key); });
}

std::vector<std::string> Questionnaire::answer_ids() const {
    std::vector<std::string> ids;
    for (const Page& page : pages)
        for (const Question& q : page.questions) for_each_answer_id(q, [&](const std::string& id) { ids.push_back(id); });
    return ids;
}

Result<Questionnaire> load_questionnaire(std::string_view text, const LoadLimits& limits) {
    auto parsed = parse_json(text, JsonLimits{limits.max_bytes, limits.max_depth});
    if (!parsed) return Result<Questionnaire>::fail(parsed.problems);
    std::vector<Problem> problems;
    Questionnaire q;
    {
        Reader r(*parsed, "$", problems);
        read_header(r, q);
        q.languages = read_languages(r);
        Context ctx{q.languages, problems};
        q.title = read_texts(r, "title", true, q.languages);
        const json* pages = r.array("pages", true);
        if (pages && pages->empty()) r.report(r.at("pages"), "must hold at least one page");
        for (std::size_t i = 0; pages && i < pages->size(); ++i)
            q.pages.push_back(read_page((*pages)[i], "$.pages[" + std::to_string(i) + "]", ctx));
    }
    q.reindex();
    check_ids_and_references(q, problems);
    if (!problems.empty()) return Result<Questionnaire>::fail(std::move(problems));
    return Result<Questionnaire>::ok(std::move(q));
}

//-----------------------------------------------------------------------------
// [SECTION] QuestionnaireSet
//-----------------------------------------------------------------------------

void QuestionnaireSet::add(Questionnaire q) {
    auto same = [&](const Questionnaire& x) { return x.id == q.id && x.version == q.version; };
    auto it = std::find_if(items_.begin(), items_.end(), same);
    if (it != items_.end()) *it = std::move(q);
    else items_.push_back(std::move(q));
}

const Questionnaire* QuestionnaireSet::find(std::string_view id, int version) const {
    for (const Questionnaire& q : items_)
        if (q.id == id && q.version == version) return &q;
    return nullptr;
}

const Questionnaire* QuestionnaireSet::latest(std::string_view id) const {
    const Questionnaire* best = nullptr;
    for (const Questionnaire& q : items_)
        if (q.id == id && (!best || q.version > best->version)) best = &q;
    return best;
}

} // namespace klantpeil
