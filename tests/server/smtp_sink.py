#!/usr/bin/python3
"""smtp_sink.py --port PORT --dir DIR: a local SMTP sink for the Inviter's tests.

Listens on 127.0.0.1:PORT (0 = a port the OS picks) with Debian's python3-aiosmtpd, writes
each accepted message whole to DIR/<n>.eml (written to a temporary name, then renamed, so a
reader never sees half a mail), and prints "listening on PORT" once ready. Stops on SIGTERM.
"""
import argparse
import asyncio
import itertools
import os
import signal

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.numbers = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        n = next(self.numbers)
        temporary = os.path.join(self.folder, f".{n}.tmp")
        with open(temporary, "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(temporary, os.path.join(self.folder, f"{n}.eml"))
        return "250 OK"


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--dir", required=True)
    args = parser.parse_args()
    loop = asyncio.get_running_loop()
    handler = Sink(args.dir)
    server = await loop.create_server(lambda: SMTP(handler, enable_SMTPUTF8=True), "127.0.0.1", args.port)
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    print(f"listening on {server.sockets[0].getsockname()[1]}", flush=True)
    await stop.wait()
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
