// The previewer's own WebGL2 renderer for ImGui's draw lists, in place of ImGui's OpenGL3
// backend. That backend saves and restores the GL state around every frame with about
// twenty glGet calls, for apps that share the context; several of them (the scissor box,
// the blend functions) are synchronous round trips to the GPU process, so each frame's main
// thread waited there for the previous frame to be rasterised (in SwiftShader: most of the
// frame). The previewer owns its context: the state is set once and never read back.
#pragma once
#include <imgui.h>

namespace klantpeil::ui {

// Shaders, buffers and the fixed state; needs the current WebGL2 context.
void webgl_init();
// (Re)makes the font texture from ImGui's atlas: one byte per texel (the atlas's alpha).
void webgl_upload_fonts();
// Clears the `width` x `height` canvas to `clear` and draws `data` on it.
void webgl_render(const ImDrawData& data, int width, int height, const ImVec4& clear);

} // namespace klantpeil::ui
