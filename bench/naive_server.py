#!/usr/bin/env python3
"""The naive baseline of Goal 2: a thread per client, the file sent in 1000-byte sendall calls.

Usage: naive_server.py --port P --file F [--chunk N]   (listens on 127.0.0.1; SIGTERM stops it)
Answers any request with HTTP/1.0 200, Content-Length and the whole file, then closes.
"""
import argparse
import signal
import socket
import sys
import threading


def serve(conn, data, chunk):
    with conn:
        request = b""
        while b"\r\n\r\n" not in request and len(request) < 65536:
            part = conn.recv(4096)
            if not part:
                return
            request += part
        try:
            conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n" % len(data))
            for start in range(0, len(data), chunk):
                conn.sendall(data[start:start + chunk])
        except OSError:
            pass  # the client went away


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--file", required=True)
    parser.add_argument("--chunk", type=int, default=1000)
    args = parser.parse_args()
    with open(args.file, "rb") as f:
        data = f.read()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with socket.create_server(("127.0.0.1", args.port), backlog=4096) as server:
        while True:
            conn, _ = server.accept()
            threading.Thread(target=serve, args=(conn, data, args.chunk), daemon=True).start()


if __name__ == "__main__":
    main()
