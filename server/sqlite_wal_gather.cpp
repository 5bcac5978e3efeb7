#include "server/sqlite_wal_gather.hpp"

#include <cstddef>
#include <new>
#include <stdexcept>
#include <string>

#include <sqlite3.h>

namespace klantpeil::server {

namespace {

constexpr int kFrameHeaderBytes = 24;               // WAL_FRAME_HDRSIZE in SQLite's wal.c
// The unix VFS writes at most 128 KiB - 1 bytes a call (it masks the length to 17 bits).
constexpr std::size_t kMaxGathered = 0x1ffff;
constexpr std::size_t kAlign = alignof(std::max_align_t);

sqlite3_vfs* g_os = nullptr;  // the unix VFS underneath

// A WAL file: SQLite sees `base`; the unix VFS's own file lives right after this struct.
struct GatheringFile {
    sqlite3_file base;
    std::string gathered;             // bytes not yet written, from offset `start`
    sqlite3_int64 start = 0;
    bool commit_frame_next = false;   // the last header written was a commit frame's

    static std::size_t size() { return (sizeof(GatheringFile) + kAlign - 1) / kAlign * kAlign; }
    sqlite3_file* os() { return reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(this) + size()); }
    const sqlite3_io_methods& os_methods() { return *os()->pMethods; }

    int flush() {
        if (gathered.empty()) return SQLITE_OK;
        int rc = os_methods().xWrite(os(), gathered.data(), static_cast<int>(gathered.size()), start);
        gathered.clear();
        return rc;
    }
};

GatheringFile& of(sqlite3_file* f) { return *reinterpret_cast<GatheringFile*>(f); }

// A frame header's second word is the database size after the commit, 0 if not a commit frame.
bool is_commit_header(const void* data, int amount) {
    if (amount != kFrameHeaderBytes) return false;
    const auto* b = static_cast<const unsigned char*>(data);
    return (b[4] | b[5] | b[6] | b[7]) != 0;
}

// [SECTION] I/O methods of a WAL file: writes gather, everything else writes them first

int gather_write(sqlite3_file* f, const void* data, int amount, sqlite3_int64 offset) {
    GatheringFile& g = of(f);
    bool follows = offset == g.start + static_cast<sqlite3_int64>(g.gathered.size());
    if (g.gathered.empty() || !follows || g.gathered.size() + static_cast<std::size_t>(amount) > kMaxGathered) {
        if (int rc = g.flush(); rc != SQLITE_OK) return rc;
        g.start = offset;
    }
    g.gathered.append(static_cast<const char*>(data), static_cast<std::size_t>(amount));
    bool commit_page = g.commit_frame_next && amount != kFrameHeaderBytes;
    g.commit_frame_next = is_commit_header(data, amount);
    return commit_page ? g.flush() : SQLITE_OK;
}

int gather_close(sqlite3_file* f) {
    GatheringFile& g = of(f);
    int rc = g.flush();
    int closed = g.os_methods().xClose(g.os());
    g.~GatheringFile();
    return rc != SQLITE_OK ? rc : closed;
}

// The unix VFS's method `M` on the file underneath; with `kFlush`, after writing what is
// gathered (a read, sync, size, truncate or file control must see every write). The rest only
// pass on: SQLite does not lock a WAL file or map it, and the unix VFS answers the others.
template <auto M, bool kFlush>
struct Forward;
template <class... Args, int (*sqlite3_io_methods::*M)(sqlite3_file*, Args...), bool kFlush>
struct Forward<M, kFlush> {
    static int call(sqlite3_file* f, Args... args) {
        GatheringFile& g = of(f);
        if (int rc = kFlush ? g.flush() : SQLITE_OK; rc != SQLITE_OK) return rc;
        return (g.os_methods().*M)(g.os(), args...);
    }
};
template <auto M>
constexpr auto flush_first = &Forward<M, true>::call;
template <auto M>
constexpr auto pass_on = &Forward<M, false>::call;

const sqlite3_io_methods kGatheringMethods = {
    1,  // no shared memory, no mmap: SQLite asks those of the database file, not of its WAL
    gather_close,
    flush_first<&sqlite3_io_methods::xRead>,
    gather_write,
    flush_first<&sqlite3_io_methods::xTruncate>,
    flush_first<&sqlite3_io_methods::xSync>,
    flush_first<&sqlite3_io_methods::xFileSize>,
    pass_on<&sqlite3_io_methods::xLock>,
    pass_on<&sqlite3_io_methods::xUnlock>,
    pass_on<&sqlite3_io_methods::xCheckReservedLock>,
    flush_first<&sqlite3_io_methods::xFileControl>,
    pass_on<&sqlite3_io_methods::xSectorSize>,
    pass_on<&sqlite3_io_methods::xDeviceCharacteristics>,
    nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,  // version 2 and 3 methods
};

// [SECTION] The VFS: the unix one, whose WAL files gather

int gather_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
    if (!(flags & SQLITE_OPEN_WAL)) return g_os->xOpen(g_os, name, f, flags, out_flags);
    auto* g = new (f) GatheringFile{};
    int rc = g_os->xOpen(g_os, name, g->os(), flags, out_flags);
    if (rc != SQLITE_OK) {
        if (g->os()->pMethods) g->os_methods().xClose(g->os());
        g->~GatheringFile();
        f->pMethods = nullptr;  // SQLite then does not close it
        return rc;
    }
    f->pMethods = &kGatheringMethods;
    return SQLITE_OK;
}

sqlite3_vfs make_vfs() {
    g_os = sqlite3_vfs_find(nullptr);
    if (!g_os) throw std::runtime_error("SQLite has no default VFS");
    sqlite3_vfs vfs = *g_os;  // every method but xOpen is the unix VFS's own
    vfs.szOsFile = static_cast<int>(GatheringFile::size()) + g_os->szOsFile;
    vfs.zName = "klantpeil-wal-gather";
    vfs.pNext = nullptr;
    vfs.xOpen = gather_open;
    return vfs;
}

} // namespace

const char* wal_gathering_vfs() {
    static sqlite3_vfs vfs = make_vfs();
    static const int registered = sqlite3_vfs_register(&vfs, 0);  // SQLite keeps the pointer
    if (registered != SQLITE_OK) throw std::runtime_error("cannot register the WAL-gathering SQLite VFS");
    return vfs.zName;
}

} // namespace klantpeil::server
