#!/usr/bin/env python3
"""Measures hinge serve's save-to-reload latency: the time from writing an article to the
`reload` Server-Sent Event, over N edits (default 10), and prints the median.

Usage: bench/reload-latency.py [--binary target/release/hinge] [--runs 10] [--site DIR --article REL]
Run from the repository root; it edits a copy of the site (the repository's guide, or DIR, e.g.
a corpus from `hinge bench-corpus`) in a temporary directory on tmpfs when there is one."""
import argparse, os, shutil, socket, statistics, subprocess, sys, tempfile, time

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default="target/release/hinge")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--article", default="content/guide/technique.md")
    parser.add_argument("--site", default=os.getcwd())
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    tmp_root = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    with tempfile.TemporaryDirectory(dir=tmp_root) as tmp:
        for part in ["content", "themes", "templates", "static", "site.yaml"]:
            src = os.path.join(args.site, part)
            if part == "themes" and not os.path.exists(src):
                src = os.path.join(os.getcwd(), "themes")
            if not os.path.exists(src):
                continue
            (shutil.copytree if os.path.isdir(src) else shutil.copy)(src, os.path.join(tmp, part))
        server = subprocess.Popen([binary, "serve", "--port", "0"], cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            line = server.stdout.readline()
            port = int(line.split("127.0.0.1:")[1].split("/")[0])
            sock = socket.create_connection(("127.0.0.1", port))
            sock.sendall(b"GET /__hinge/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            stream = sock.makefile("rb")
            article = os.path.join(tmp, args.article)
            original = open(article).read()
            times = []
            for i in range(args.runs):
                time.sleep(0.3)
                started = time.perf_counter()
                with open(article, "w") as f:
                    f.write(original + f"\n\nEdit number {i}.\n")
                while True:
                    raw = stream.readline()
                    if not raw:
                        sys.exit("event stream closed")
                    if raw.startswith(b"event: reload"):
                        times.append((time.perf_counter() - started) * 1000)
                        break
            print("save-to-reload ms:", " ".join(f"{t:.1f}" for t in times))
            print(f"median {statistics.median(times):.1f} ms over {len(times)} edits")
        finally:
            server.kill()

if __name__ == "__main__":
    main()
