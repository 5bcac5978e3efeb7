#include "engine/session_view.hpp"

namespace klantpeil {

using nlohmann::json;

namespace {

// The text in `language`, falling back to the questionnaire's first language.
std::string pick(const Texts& texts, const std::string& language, const Questionnaire& q) {
    auto it = texts.find(language);
    if (it != texts.end()) return it->second;
    it = q.languages.empty() ? texts.end() : texts.find(q.languages.front());
    return it != texts.end() ? it->second : std::string();
}

std::vector<std::string> pick_labels(const Question& question, const std::string& language) {
    auto it = question.labels.find(language);
    if (it == question.labels.end()) it = question.labels.begin();
    return it == question.labels.end() ? std::vector<std::string>{} : it->second;
}

json options_of(const Question& question, const Session& s) {
    const std::string& lang = s.language();
    json options = json::array();
    if (question.type == QuestionType::yesno) {
        bool nl = lang == "nl";
        options.push_back({{"value", "ja"}, {"label", nl ? "Ja" : "Yes"}});
        options.push_back({{"value", "nee"}, {"label", nl ? "Nee" : "No"}});
    } else if (question.type == QuestionType::effort) {
        std::vector<std::string> labels = pick_labels(question, lang);
        for (int v = 1; v <= 5; ++v) options.push_back({{"value", v}, {"label", v <= (int)labels.size() ? labels[v - 1] : std::to_string(v)}});
    } else {
        for (const Option& o : question.options) options.push_back({{"value", o.value}, {"label", pick(o.text, lang, s.questionnaire())}});
    }
    return options;
}

json answer_of(const Session& s, const std::string& id) {
    auto it = s.answers().find(id);
    return it == s.answers().end() ? json(nullptr) : *it;
}

void add_kind(json& v, const Question& question, const Session& s) {
    switch (question.type) {
    case QuestionType::grade:
        v["min"] = question.min;
        v["max"] = question.max;
        if (!question.labels.empty()) v["labels"] = pick_labels(question, s.language());
        break;
    case QuestionType::text: v["max_length"] = question.max_length; break;
    case QuestionType::grid: {
        v["allow_na"] = question.allow_na;
        v["min"] = 1;
        v["max"] = 10;
        json rows = json::array();
        for (const GridRow& row : question.rows)
            rows.push_back({{"id", row.id}, {"text", pick(row.text, s.language(), s.questionnaire())},
                            {"answered", s.answers().contains(row.id)}, {"answer", answer_of(s, row.id)}});
        v["rows"] = std::move(rows);
        break;
    }
    case QuestionType::choice: v["multiple"] = question.multiple; [[fallthrough]];
    case QuestionType::effort:
    case QuestionType::yesno: v["options"] = options_of(question, s); break;
    }
}

json question_view(const Question& question, int number, const Session& s) {
    const Questionnaire& q = s.questionnaire();
    json v = {{"id", question.id}, {"type", to_string(question.type)}, {"number", number},
              {"required", question.required}, {"text", pick(question.text, s.language(), q)}};
    if (!question.help.empty()) v["help"] = pick(question.help, s.language(), q);
    add_kind(v, question, s);
    if (question.type != QuestionType::grid) {
        v["answered"] = s.answers().contains(question.id);
        v["answer"] = answer_of(s, question.id);
    }
    return v;
}

} // namespace

json page_view(const Session& s) {
    const Questionnaire& q = s.questionnaire();
    const Page& page = s.page();
    Progress progress = s.progress();
    int first = s.first_question_number();
    json questions = json::array();
    for (const Question* question : s.visible_questions())
        questions.push_back(question_view(*question, first + static_cast<int>(questions.size()), s));
    return {{"questionnaire", q.id},
            {"version", q.version},
            {"language", s.language()},
            {"languages", q.languages},
            {"title", pick(q.title, s.language(), q)},
            {"page", {{"index", s.page_index()}, {"id", page.id}, {"title", pick(page.title, s.language(), q)},
                      {"is_first", s.is_first_page()}, {"is_last", s.is_last_page()}}},
            {"progress", {{"answered", progress.answered}, {"visible", progress.visible}, {"first_number", first}}},
            {"questions", std::move(questions)}};
}

} // namespace klantpeil
