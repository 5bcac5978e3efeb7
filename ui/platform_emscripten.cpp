// The browser glue of the staff previewer, and the only file of ui/ that knows Emscripten:
// GLFW + WebGL2 set-up, the main loop, and the JavaScript interop (file pick and drop,
// downloads, the staff export, the test hook). ui/staff.js is its other half: it owns the
// canvas size (HiDPI), the <input type=file> and fetch(), and calls the kp_staff_* exports.
//
// Pixels: ImGui works in canvas pixels (CSS size x devicePixelRatio), which is also what
// Emscripten's GLFW reports for the mouse; the font and the style are scaled by the ratio.
#include <cfloat>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include <GLFW/glfw3.h>
#include <emscripten/emscripten.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_internal.h>  // ImTextCharFromUtf8
#include <nlohmann/json.hpp>

#include "engine/factsheet_svg.hpp"  // channel_label
#include "ui/app.hpp"
#include "ui/embedded_assets.hpp"
#include "ui/webgl_renderer.hpp"

namespace {

using klantpeil::ui::StaffApp;

constexpr float kFontPixels = 15.0f;           // at devicePixelRatio 1

GLFWwindow* g_window = nullptr;  // Emscripten's main loop takes a plain function: one app per page
std::unique_ptr<StaffApp> g_app;
float g_scale = 1.0f;
bool g_fonts_dirty = true;
// The main thread's part of a frame: the app, ImGui and issuing the WebGL calls. The GPU
// process rasterises them in parallel (under SwiftShader in CI, in software, at a cost that
// grows with the canvas, not with the data): that shows in the animation-frame interval.
double g_last_frame_ms = 0;
double g_last_ui_ms = 0;  // the same up to ImGui's draw lists, without the WebGL calls
int g_last_draw_calls = 0;  // what the GPU process gets: draw calls and vertices of the last frame
int g_last_vertices = 0;
// The benchmark's floor (bench/aggregate): an ImGui frame with nothing of the app in it, at
// the same canvas size, shows what any frame costs in this browser's WebGL.
bool g_blank = false;

// Drawing only when something changes. ImGui redraws the whole canvas every frame; while
// nothing changes that is waste: a staff laptop's battery, and without a GPU (SwiftShader in
// CI) a core's worth of rasterising. A frame is drawn while a file loads, while a text field
// has the (blinking) cursor, and for a second after any input or call from the page, in which
// ImGui's hover delays and scrolling settle; otherwise the main loop skips it.
constexpr double kAwakeMs = 1000;
double g_awake_until = 0;
bool g_stay_awake = false;  // the benchmark samples frames: every one is drawn
long long g_frames_drawn = 0;

// ImGui's clipboard. Emscripten's GLFW has none (glfwGetClipboardString gives nothing), so
// Ctrl+V in the token field pasted nothing: staff.js hands over each text pasted on the page.
std::string g_clipboard;

void use_page_clipboard(ImGuiIO& io) {
    io.GetClipboardTextFn = [](void*) { return g_clipboard.c_str(); };
    io.SetClipboardTextFn = [](void*, const char* text) { g_clipboard = text; };
}

EM_JS(void, js_pick_file, (), { Module.kpHost.pickFile(); });
EM_JS(void, js_fetch_export, (const char* token), { Module.kpHost.fetchExport(UTF8ToString(token)); });
EM_JS(void, js_show_factsheet, (const char* view), { Module.kpHost.showFactsheet(JSON.parse(UTF8ToString(view))); });
EM_JS(void, js_download, (const char* name, const char* mime, const char* data, size_t size), {
    Module.kpHost.download(UTF8ToString(name), UTF8ToString(mime), HEAPU8.slice(data, data + size));
});

klantpeil::QuestionnaireSet questionnaires() {
    klantpeil::QuestionnaireSet set;
    for (const auto& text : klantpeil::ui::embedded_questionnaires())
        if (auto q = klantpeil::load_questionnaire(text)) set.add(std::move(*q));
    return set;
}

// DejaVu Sans (a subset made at build time: the --unicodes of ui/CMakeLists.txt) at the
// page's pixel ratio. Beyond Latin-1: Latin Extended-A (Şahin, Łukasz), the curly quotes
// phones type ("auto’s"), the dashes, the bullet and the euro sign.
void load_fonts() {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    static const ImWchar ranges[] = {0x0020, 0x017F, 0x2013, 0x2014, 0x2018, 0x201E, 0x2022, 0x2022,
                                     0x2026, 0x2026, 0x20AC, 0x20AC, 0x2212, 0x2212, 0};
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;  // the bytes live in the binary
    const std::string_view font = klantpeil::ui::embedded_font();
    io.Fonts->AddFontFromMemoryTTF(const_cast<char*>(font.data()), static_cast<int>(font.size()),
                                   kFontPixels * g_scale, &config, ranges);
    klantpeil::ui::webgl_upload_fonts();
    ImGui::GetStyle() = ImGuiStyle();
    ImGui::StyleColorsLight();
    // Secondary text (n, comparisons) at 5.9:1 on the window: the light style's 0.60 grey
    // gives 2.5:1, below WCAG's 4.5:1 for text.
    ImGui::GetStyle().Colors[ImGuiCol_TextDisabled] = ImVec4(0.36f, 0.36f, 0.36f, 1.0f);
    ImGui::GetStyle().ScaleAllSizes(g_scale);
    g_fonts_dirty = false;
}

void wake() { g_awake_until = emscripten_get_now() + kAwakeMs; }

bool needs_frame() {
    return g_stay_awake || g_fonts_dirty || g_app->loading() || ImGui::GetIO().WantTextInput ||
           emscripten_get_now() < g_awake_until;
}

// Installed before ImGui's GLFW backend, which calls them on from its own callbacks.
void wake_on_input(GLFWwindow* window) {
    glfwSetCursorPosCallback(window, [](GLFWwindow*, double, double) { wake(); });
    glfwSetMouseButtonCallback(window, [](GLFWwindow*, int, int, int) { wake(); });
    glfwSetScrollCallback(window, [](GLFWwindow*, double, double) { wake(); });
    glfwSetKeyCallback(window, [](GLFWwindow*, int, int, int, int) { wake(); });
    glfwSetCharCallback(window, [](GLFWwindow*, unsigned int) { wake(); });
    glfwSetCursorEnterCallback(window, [](GLFWwindow*, int) { wake(); });
    glfwSetWindowFocusCallback(window, [](GLFWwindow*, int) { wake(); });
}

void count_draws(const ImDrawData& d) {
    g_last_draw_calls = 0;
    for (int i = 0; i < d.CmdListsCount; ++i) g_last_draw_calls += d.CmdLists[i]->CmdBuffer.Size;
    g_last_vertices = d.TotalVtxCount;
}

// ImGui 1.86 reads the mouse once a frame and has no input queue (1.87 brought one). A press
// that comes with a move, as a quick click or a tap on another tab does, lands in the frame
// in which the pointer arrives, and tabs and selectables drop it: they take a press only when
// the pointer was over them the frame before. As 1.87's queue does, such a press waits one
// frame, and then lasts one frame even when the button is up again.
struct MouseTrickle {
    ImVec2 last_pos{-FLT_MAX, -FLT_MAX};
    bool last_down[ImGuiMouseButton_COUNT] = {};
    bool held_back[ImGuiMouseButton_COUNT] = {};

    void apply(ImGuiIO& io) {
        const bool moved = io.MousePos.x != last_pos.x || io.MousePos.y != last_pos.y;
        for (int b = 0; b < ImGuiMouseButton_COUNT; ++b) {
            if (held_back[b]) {
                io.MouseDown[b] = true;
                held_back[b] = false;
            } else if (io.MouseDown[b] && !last_down[b] && moved) {
                io.MouseDown[b] = false;
                held_back[b] = true;
            }
            last_down[b] = io.MouseDown[b];
        }
        last_pos = io.MousePos;
    }
};
MouseTrickle g_trickle;

// The canvas is pixels only: the page also gets the factsheet on screen as text and the choices
// beside it (ui/staff.js), for a screen reader and for copying into a report.
// {"text", "municipality", "channel", "period", "municipalities": [code], "channels":
//  [{"value", "label"}], "periods": [quarter]}
std::string factsheet_view_json() {
    const klantpeil::ui::Selection& s = g_app->selection;
    nlohmann::json channels = nlohmann::json::array(), periods = nlohmann::json::array();
    for (klantpeil::Channel c : g_app->channels())
        channels.push_back({{"value", klantpeil::to_string(c)}, {"label", klantpeil::channel_label(c)}});
    for (klantpeil::Quarter q : g_app->quarters()) periods.push_back(klantpeil::to_string(q));
    return nlohmann::json{{"text", g_app->current_text()}, {"municipality", s.municipality},
                          {"channel", klantpeil::to_string(s.channel)},
                          {"period", s.period ? klantpeil::to_string(*s.period) : ""},
                          {"municipalities", g_app->municipalities()}, {"channels", channels}, {"periods", periods}}
        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Only when another factsheet may be on screen.
void publish_factsheet() {
    static std::uint64_t published = ~std::uint64_t{0};
    if (g_app->selections() == published) return;
    published = g_app->selections();
    js_show_factsheet(factsheet_view_json().c_str());
}

void frame() {
    if (!needs_frame()) return;
    ++g_frames_drawn;
    const double start = emscripten_get_now();
    if (g_fonts_dirty) load_fonts();
    int w = 0, h = 0;
    glfwGetFramebufferSize(g_window, &w, &h);
    ImGui_ImplGlfw_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    g_trickle.apply(io);
    io.DisplaySize = ImVec2(static_cast<float>(w), static_cast<float>(h));
    io.DisplayFramebufferScale = ImVec2(1, 1);
    ImGui::NewFrame();
    if (!g_blank) g_app->draw(static_cast<float>(w), static_cast<float>(h));
    ImGui::Render();
    g_last_ui_ms = emscripten_get_now() - start;
    count_draws(*ImGui::GetDrawData());
    klantpeil::ui::webgl_render(*ImGui::GetDrawData(), w, h, ImVec4(0.94f, 0.94f, 0.94f, 1));
    g_last_frame_ms = emscripten_get_now() - start;
    publish_factsheet();
}

} // namespace

// [SECTION] Exports called by ui/staff.js
extern "C" {

// A file arrives in chunks (ui/staff.js reads them, ui/loader.hpp imports them): its
// bytes never sit whole in wasm memory, so any size loads, in memory for the store only.

// Starts a file of `size` bytes (a double: JavaScript's number, beyond 4 GB too; 0 = not known).
EMSCRIPTEN_KEEPALIVE void kp_staff_open(const char* name, double size) {
    wake();
    g_app->open(name, static_cast<std::uint64_t>(size));
}

// Where the page writes the next chunk of `size` bytes; 0 when no file is open (cleared).
EMSCRIPTEN_KEEPALIVE char* kp_staff_room(size_t size) { return g_app->room(size); }

// Imports the complete rows of the chunk written; 0 when the file's later chunks are no use.
EMSCRIPTEN_KEEPALIVE int kp_staff_wrote(size_t size) { return g_app->wrote(size) ? 1 : 0; }

// The end of the file; `last`: no other file of the same pick follows (factsheets now).
EMSCRIPTEN_KEEPALIVE void kp_staff_close(int last) {
    wake();  // the factsheets come now
    g_app->close(last != 0);
}

// The demo data set as the server's demo seeds it (`responses` = 0), or of another size.
EMSCRIPTEN_KEEPALIVE void kp_staff_load_demo(size_t responses) {
    klantpeil::DemoSpec spec = StaffApp::demo_spec();
    if (responses) spec.responses = responses;
    g_app->load_demo(spec);
    wake();
}

EMSCRIPTEN_KEEPALIVE void kp_staff_status(const char* text) {
    g_app->set_status(text);
    wake();
}

// Text pasted on the page (ui/staff.js), for ImGui's own Ctrl+V: the browser hands it over
// with the paste event that follows the key press, before the frame that sees the keys.
EMSCRIPTEN_KEEPALIVE void kp_staff_paste(const char* text) {
    g_clipboard = text;
    wake();
}

// Nonzero while an ImGui text field has the cursor: then Tab is ImGui's (ui/staff.js).
EMSCRIPTEN_KEEPALIVE int kp_staff_typing() { return ImGui::GetIO().WantTextInput ? 1 : 0; }

// Canvas size in device pixels and the ratio, after the page resized it.
EMSCRIPTEN_KEEPALIVE void kp_staff_resize(int width, int height, float ratio) {
    wake();
    glfwSetWindowSize(g_window, width, height);
    if (ratio != g_scale) {
        g_scale = ratio;
        g_fonts_dirty = true;
    }
}

// The test hook: what is on screen, as JSON. The returned text lives until the next call.
EMSCRIPTEN_KEEPALIVE const char* kp_staff_current_json() {
    static std::string out;
    out = g_app->current_json();
    return out.c_str();
}

// The test hook: the characters of `text` that the font has no glyph for (ImGui draws them
// as '?'). The returned text lives until the next call.
EMSCRIPTEN_KEEPALIVE const char* kp_staff_missing_glyphs(const char* text) {
    static std::string out;
    out.clear();
    const ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
    for (const char* p = text; *p;) {
        const char* start = p;
        unsigned int c = 0;
        p += ImTextCharFromUtf8(&c, p, nullptr);
        if (!font->FindGlyphNoFallback(static_cast<ImWchar>(c))) out.append(start, p);
    }
    return out.c_str();
}

// Nonzero: draw empty frames (see g_blank); zero: the app again.
EMSCRIPTEN_KEEPALIVE void kp_staff_blank_frames(int on) {
    g_blank = on != 0;
    wake();
}

// Nonzero: draw every frame, changed or not (the benchmark times them); zero: only as needed.
EMSCRIPTEN_KEEPALIVE void kp_staff_stay_awake(int on) {
    g_stay_awake = on != 0;
    wake();
}

// What the "Factsheet als SVG downloaden" button does.
EMSCRIPTEN_KEEPALIVE void kp_staff_download_svg() { g_app->download_svg(); }

EMSCRIPTEN_KEEPALIVE const char* kp_staff_current_svg() {
    static std::string out;
    out = g_app->current_svg();
    return out.c_str();
}

// {"loading", "progress" (of the load, 0-1), "responses", "factsheets", "frame_ms", "ui_ms", "frames" (drawn so far), "draw_calls",
//  "vertices" (of the last frame), "view" (the tab shown: factsheet, trend, cases), "typing" (a text
//  field has the cursor), "store_bytes",
//  "reports": [{"name", "accepted", "skipped", "errors": [{"line", "reason"}]}]}
EMSCRIPTEN_KEEPALIVE const char* kp_staff_state_json() {
    static std::string out;
    nlohmann::json reports = nlohmann::json::array();
    for (const auto& r : g_app->reports()) {
        nlohmann::json errors = nlohmann::json::array();
        for (const auto& e : r.summary.errors) errors.push_back({{"line", e.line}, {"reason", e.reason}});
        reports.push_back({{"name", r.name}, {"accepted", r.summary.accepted}, {"skipped", r.summary.skipped}, {"errors", errors}});
    }
    out = nlohmann::json{{"loading", g_app->loading()}, {"progress", g_app->load_fraction()}, {"responses", g_app->store().size()},
                         {"factsheets", g_app->factsheets().size()}, {"frame_ms", g_last_frame_ms}, {"ui_ms", g_last_ui_ms}, {"frames", g_frames_drawn},
                         {"draw_calls", g_last_draw_calls}, {"vertices", g_last_vertices}, {"view", g_app->view()},
                         {"typing", ImGui::GetIO().WantTextInput},
                         {"store_bytes", g_app->store().column_bytes()}, {"reports", reports}}
              .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return out.c_str();
}

// Selects a factsheet: "0363", "balie", "2026-Q3"; 0 when no such factsheet exists.
EMSCRIPTEN_KEEPALIVE int kp_staff_select(const char* municipality, const char* channel, const char* period) {
    auto c = klantpeil::parse_channel(channel);
    auto q = klantpeil::parse_quarter(period);
    if (!c || !q) return 0;
    g_app->select({municipality, *c, *q});
    wake();
    return g_app->current() ? 1 : 0;
}

} // extern "C"

int main() {
    if (!glfwInit()) return 1;
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    // ImGui draws flat 2D with blending: no depth or stencil buffer, and an opaque canvas
    // (every frame clears it), which the compositor need not blend with the page.
    glfwWindowHint(GLFW_DEPTH_BITS, 0);
    glfwWindowHint(GLFW_STENCIL_BITS, 0);
    glfwWindowHint(GLFW_ALPHA_BITS, 0);
    g_window = glfwCreateWindow(1280, 800, "Klantpeil", nullptr, nullptr);
    if (!g_window) return 1;
    glfwMakeContextCurrent(g_window);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    io.IniFilename = nullptr;  // nothing is stored in the browser
    wake_on_input(g_window);
    ImGui_ImplGlfw_InitForOpenGL(g_window, true);
    use_page_clipboard(io);  // after the backend, which installs GLFW's
    klantpeil::ui::webgl_init();

    klantpeil::ui::PlatformHooks hooks;
    hooks.pick_file = [] { js_pick_file(); };
    hooks.fetch_export = [](const std::string& token) { js_fetch_export(token.c_str()); };
    hooks.download = [](const std::string& name, const std::string& mime, const std::string& data) {
        js_download(name.c_str(), mime.c_str(), data.data(), data.size());
    };
    g_app = std::make_unique<StaffApp>(questionnaires(), std::move(hooks));
    emscripten_set_main_loop(frame, 0, false);
    return 0;
}
