#include "ui/webgl_renderer.hpp"

#include <cstddef>
#include <cstdint>

#include <GLES3/gl3.h>

namespace klantpeil::ui {

namespace {

// The atlas texel is alpha only: white glyphs and ImGui's white pixel for solid shapes.
constexpr const char* kVertexShader = R"(#version 300 es
precision highp float;
layout (location = 0) in vec2 position;
layout (location = 1) in vec2 uv;
layout (location = 2) in vec4 color;
uniform vec2 scale;
out vec2 frag_uv;
out vec4 frag_color;
void main() {
    frag_uv = uv;
    frag_color = color;
    gl_Position = vec4(position * scale + vec2(-1.0, 1.0), 0.0, 1.0);
})";

constexpr const char* kFragmentShader = R"(#version 300 es
precision mediump float;
uniform sampler2D atlas;
in vec2 frag_uv;
in vec4 frag_color;
layout (location = 0) out vec4 out_color;
void main() {
    out_color = vec4(frag_color.rgb, frag_color.a * texture(atlas, frag_uv).r);
})";

struct Renderer {
    GLuint program = 0, vao = 0, vertices = 0, indices = 0, font = 0;
    GLint scale = -1;
};
Renderer g_gl;

GLuint shader(GLenum type, const char* source) {
    GLuint s = glCreateShader(type);
    glShaderSource(s, 1, &source, nullptr);
    glCompileShader(s);
    return s;
}

void vertex_attribute(GLuint index, GLint size, GLenum type, bool normalized, std::size_t offset) {
    glEnableVertexAttribArray(index);
    glVertexAttribPointer(index, size, type, normalized ? GL_TRUE : GL_FALSE, sizeof(ImDrawVert),
                          reinterpret_cast<const void*>(offset));
}

} // namespace

void webgl_init() {
    g_gl.program = glCreateProgram();
    glAttachShader(g_gl.program, shader(GL_VERTEX_SHADER, kVertexShader));
    glAttachShader(g_gl.program, shader(GL_FRAGMENT_SHADER, kFragmentShader));
    glLinkProgram(g_gl.program);
    glUseProgram(g_gl.program);
    g_gl.scale = glGetUniformLocation(g_gl.program, "scale");
    glGenVertexArrays(1, &g_gl.vao);
    glBindVertexArray(g_gl.vao);
    glGenBuffers(1, &g_gl.vertices);
    glGenBuffers(1, &g_gl.indices);
    glBindBuffer(GL_ARRAY_BUFFER, g_gl.vertices);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, g_gl.indices);
    vertex_attribute(0, 2, GL_FLOAT, false, offsetof(ImDrawVert, pos));
    vertex_attribute(1, 2, GL_FLOAT, false, offsetof(ImDrawVert, uv));
    vertex_attribute(2, 4, GL_UNSIGNED_BYTE, true, offsetof(ImDrawVert, col));
    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glActiveTexture(GL_TEXTURE0);
    ImGui::GetIO().BackendRendererName = "klantpeil_webgl2";
}

void webgl_upload_fonts() {
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    atlas.GetTexDataAsAlpha8(&pixels, &width, &height);
    if (!g_gl.font) glGenTextures(1, &g_gl.font);
    glBindTexture(GL_TEXTURE_2D, g_gl.font);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, width, height, 0, GL_RED, GL_UNSIGNED_BYTE, pixels);
    atlas.SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(g_gl.font)));
    atlas.ClearTexData();  // the texture holds it now
}

void webgl_render(const ImDrawData& data, int width, int height, const ImVec4& clear) {
    glViewport(0, 0, width, height);
    glDisable(GL_SCISSOR_TEST);  // glClear obeys the scissor box
    glClearColor(clear.x, clear.y, clear.z, clear.w);
    glClear(GL_COLOR_BUFFER_BIT);
    glEnable(GL_SCISSOR_TEST);
    glUniform2f(g_gl.scale, 2.0f / data.DisplaySize.x, -2.0f / data.DisplaySize.y);
    const ImVec2 origin = data.DisplayPos;
    for (int n = 0; n < data.CmdListsCount; ++n) {
        const ImDrawList& list = *data.CmdLists[n];
        glBufferData(GL_ARRAY_BUFFER, list.VtxBuffer.Size * static_cast<GLsizeiptr>(sizeof(ImDrawVert)), list.VtxBuffer.Data, GL_STREAM_DRAW);
        glBufferData(GL_ELEMENT_ARRAY_BUFFER, list.IdxBuffer.Size * static_cast<GLsizeiptr>(sizeof(ImDrawIdx)), list.IdxBuffer.Data, GL_STREAM_DRAW);
        for (const ImDrawCmd& cmd : list.CmdBuffer) {
            const ImVec4 r(cmd.ClipRect.x - origin.x, cmd.ClipRect.y - origin.y, cmd.ClipRect.z - origin.x, cmd.ClipRect.w - origin.y);
            if (r.z <= r.x || r.w <= r.y) continue;
            glScissor(static_cast<int>(r.x), static_cast<int>(height - r.w), static_cast<int>(r.z - r.x), static_cast<int>(r.w - r.y));
            glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<std::intptr_t>(cmd.GetTexID())));
            glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(cmd.ElemCount), sizeof(ImDrawIdx) == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT,
                           reinterpret_cast<const void*>(cmd.IdxOffset * sizeof(ImDrawIdx)));
        }
    }
}

} // namespace klantpeil::ui
