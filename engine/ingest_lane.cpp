// IngestLane: see ingest_lane.hpp.
#include "engine/ingest_lane.hpp"

#include <algorithm>

namespace klantpeil {

using nlohmann::json;

// What the lane keeps per questionnaire: the answers its conditions read, as the object the
// conditions evaluate (refilled per line) and where each comes from.
struct IngestLane::Plan {
    const Questionnaire* questionnaire = nullptr;
    json scope = json::object();
    std::vector<std::pair<json*, std::size_t>> scope_slots;  // (slot in scope, answer position)
    std::vector<std::size_t> hints;  // per key position: the index entry it matched last

    explicit Plan(const Questionnaire& q) : questionnaire(&q) {
        for (const Page& page : q.pages)
            for (const Question& question : page.questions) {
                if (!question.visible_if) continue;
                for (const std::string& id : question.visible_if->references()) {
                    const Questionnaire::AnswerRef* ref = q.find_answer(id);
                    if (!ref || scope.contains(id)) continue;  // not an answer id, or already there
                    scope_slots.emplace_back(&scope[id], ref->position);
                }
            }
    }
};

IngestLane::IngestLane(const QuestionnaireSet& set, ResponseStore& store, const RefusedSink& refused)
    : set_(set), store_(store), refused_(refused) {}

IngestLane::~IngestLane() = default;

bool IngestLane::take(std::string_view line, ImportedIds* ids) {
    if (!scan_record_split(line, fields_, answers_) || !read_record_fields(fields_, record_).empty()) return false;
    Plan* plan = plan_for(record_);
    if (!plan || !match(*plan)) return false;
    if (!validate_matched_answers(record_, *plan->questionnaire, matched_, scope(*plan)).empty()) return false;
    if (ids && !ids->insert(record_.id)) return false;
    std::vector<Problem> problems = store_.add(record_, named_);
    if (!problems.empty()) refused_(record_, problems);
    return true;
}

// The plan of the record's questionnaire (the last one used, mostly), made when first met.
IngestLane::Plan* IngestLane::plan_for(const ResponseRecord& r) {
    if (last_ && last_->questionnaire->id == r.questionnaire && last_->questionnaire->version == r.version) return last_;
    const Questionnaire* q = set_.find(r.questionnaire, r.version);
    if (!q) return nullptr;
    auto known = std::find_if(plans_.begin(), plans_.end(), [&](const auto& p) { return p->questionnaire == q; });
    if (known == plans_.end()) known = plans_.insert(plans_.end(), std::make_unique<Plan>(*q));
    return last_ = known->get();
}

// Matches the scanned answers to the answer ids of the plan's questionnaire. The k-th key
// is tried first against the id the k-th key of the previous line matched (lines of one
// questionnaire mostly carry the same keys), else found by a merge with the sorted ids from
// there on. Matched ids must rise in the sorted order, so the keys come in key order and
// each once; false when they do not, or when a key is no answer id.
bool IngestLane::match(Plan& plan) {
    const auto& index = plan.questionnaire->answer_index();
    matched_.assign(index.size(), nullptr);
    named_.clear();
    if (plan.hints.size() < answers_.size()) plan.hints.resize(answers_.size(), index.size());
    std::size_t next = 0;  // ids before it are matched or passed
    for (std::size_t i = 0; i < answers_.size(); ++i) {
        const std::string_view key = answers_.key(i);
        std::size_t k = plan.hints[i];
        if (k < next || k >= index.size() || index[k].id != key) {
            for (k = next; k < index.size() && std::string_view(index[k].id) < key;) ++k;
            if (k == index.size() || index[k].id != key) return false;
            plan.hints[i] = k;
        }
        matched_[index[k].position] = &answers_.value(i);
        named_.push_back({&index[k].id, &answers_.value(i)});
        next = k + 1;
    }
    return true;
}

// The conditions' view of this line's answers: an absent answer reads as null, as in the
// full path, where the conditions look the id up in the record's answers.
const json& IngestLane::scope(Plan& plan) {
    for (auto& [slot, position] : plan.scope_slots) {
        const json* value = matched_[position];
        if (!value) *slot = nullptr;
        else if (value->is_string()) assign_text(*slot, value->get_ref<const std::string&>());
        else *slot = *value;
    }
    return plan.scope;
}

} // namespace klantpeil
