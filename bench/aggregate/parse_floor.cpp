// bench/aggregate, the parse floor: how fast the NDJSON can be read at all on this machine.
// simdjson (Debian's libsimdjson-dev), natively, walks every record and touches every value,
// and checks and stores nothing: a floor under any engine that reads these records, wasm or
// native. Timed with each of simdjson's kernels that the CPU runs: the widest SIMD, 128-bit
// SIMD (the width wasm's SIMD128 has) and none (what the wasm engine is built with). The
// report sets it beside the time that "wasm ≥ 10× faster than plain JS" allows.
// Prints one JSON object on stdout.
//   klantpeil-parse-floor RESPONSES_NDJSON
#include <chrono>
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>
#include <simdjson.h>

namespace {

using namespace simdjson;

// Every record's keys and values: string lengths and whole numbers summed, so nothing is skipped.
std::size_t walk(const padded_string& text, std::size_t& records) {
    ondemand::parser parser;
    ondemand::document_stream docs = parser.iterate_many(text, 1 << 20);
    std::size_t sum = 0;
    records = 0;
    auto touch = [&sum](ondemand::value v) {
        std::int64_t n;
        std::string_view s;
        if (v.get_int64().get(n) == SUCCESS) sum += static_cast<std::size_t>(n);
        else if (v.get_string().get(s) == SUCCESS) sum += s.size();
    };
    for (auto doc : docs) {
        for (auto field : doc.get_object()) {
            if (field.unescaped_key().value() != "answers") touch(field.value());
            else
                for (auto answer : field.value().get_object()) touch(answer.value());
        }
        ++records;
    }
    return sum;
}

double best_ms_of_3(const padded_string& text, std::size_t& records, std::size_t& sum) {
    double best = 1e300;
    for (int run = 0; run < 3; ++run) {
        const auto t0 = std::chrono::steady_clock::now();
        sum = walk(text, records);
        best = std::min(best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    return best;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s RESPONSES_NDJSON\n", argv[0]);
        return 2;
    }
    padded_string text;
    if (auto error = padded_string::load(argv[1]).get(text)) {
        std::fprintf(stderr, "%s: %s\n", argv[1], error_message(error));
        return 1;
    }
    nlohmann::json out = nlohmann::json::object();
    for (const char* kernel : {"haswell", "icelake", "westmere", "fallback"}) {
        const implementation* impl = get_available_implementations()[kernel];
        if (!impl || !impl->supported_by_runtime_system()) continue;
        get_active_implementation() = impl;
        std::size_t records = 0, sum = 0;
        const double ms = best_ms_of_3(text, records, sum);
        out[kernel] = {{"ms", ms}, {"records", records}, {"mb_per_s", static_cast<double>(text.size()) / 1e3 / ms}};
    }
    std::printf("%s\n", out.dump().c_str());
    return 0;
}
