// A SQLite VFS for the writer connection that hands each commit's WAL frames to the kernel in
// one write instead of two per frame.
//
// SQLite writes a WAL frame as two writes: its 24-byte header, then its page. A group commit
// of four responses changes some seven pages, so fourteen pwrite() calls; in this VM a system
// call costs about 5 us, and the commit runs under the group commit's mutex, so every insert
// waits for them. This VFS is the operating system's (unix) with one change: the WAL file
// gathers consecutive writes in memory and writes them at once when the commit's last frame
// (the one whose header carries the database size) is complete, before anything can read
// them. Anything else that could need the bytes in the file (a read, a sync, a size, a
// truncate, a close, a write elsewhere) writes what is gathered first. Other files are the
// unix VFS's own, untouched.
//
// Durability and crash safety are SQLite's: a commit's frames reach the kernel before SQLite
// publishes the commit in the WAL index, as without this VFS, and the flush to disk stays the
// group commit's (WalFile). A process killed while frames are gathered loses a commit that was
// neither published nor answered.
#pragma once

namespace klantpeil::server {

// The name of the VFS (registered at the first call, not as the default) for sqlite3_open_v2.
const char* wal_gathering_vfs();

} // namespace klantpeil::server
