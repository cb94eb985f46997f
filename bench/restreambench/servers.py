"""The peers every scenario talks to: nginx-rtmp servers, the ffmpeg
publisher feeding the ingest, and the SRT receiver."""
import os
import socket
import subprocess
import tempfile
import urllib.request
import xml.etree.ElementTree as ET

from .config import CACHE, NGINX_RTMP, SRT_LATENCY_MS
from .procs import free_port, start, stop, wait_for


def stream_keys(n):
    """The stream keys of N targets: stream-001 ... stream-N."""
    return ["stream-%03d" % i for i in range(1, n + 1)]


class Nginx:
    """nginx-rtmp, one process (master_process off, so the worker is the
    process measured), application "live", /stat with per-stream bytes."""

    def __init__(self, name, live_extra=""):
        self.dir = tempfile.mkdtemp(prefix="rs-bench-nginx-")
        self.port = free_port()
        self.http = free_port()
        conf = os.path.join(self.dir, "nginx.conf")
        with open(conf, "w") as f:
            f.write(f"""load_module {NGINX_RTMP};
daemon off;
master_process off;
worker_processes 1;
error_log {self.dir}/error.log warn;
pid {self.dir}/nginx.pid;
events {{ worker_connections 2048; }}
rtmp {{ server {{ listen 127.0.0.1:{self.port}; chunk_size 4096;
  application live {{ live on; record off;
{live_extra}  }} }} }}
http {{ access_log off; client_body_temp_path {self.dir}/body;
  proxy_temp_path {self.dir}/proxy; fastcgi_temp_path {self.dir}/fcgi;
  uwsgi_temp_path {self.dir}/uwsgi; scgi_temp_path {self.dir}/scgi;
  server {{ listen 127.0.0.1:{self.http}; location /stat {{ rtmp_stat all; }} }} }}
""")
        self.proc = start(name, ["nginx", "-p", self.dir, "-e", "stderr",
                                 "-c", conf])
        if not wait_for(self._up, 5):
            raise RuntimeError("nginx %s did not start (see %s.log)"
                               % (name, name))

    def _up(self):
        try:
            socket.create_connection(("127.0.0.1", self.port), 0.2).close()
            return True
        except OSError:
            return False

    def url(self, key=None):
        u = "rtmp://127.0.0.1:%d/live" % self.port
        return u + "/" + key if key else u

    def stat(self):
        """{stream name: bytes_in} of application live."""
        try:
            with urllib.request.urlopen(
                    "http://127.0.0.1:%d/stat" % self.http, timeout=2) as r:
                root = ET.fromstring(r.read())
        except (OSError, ET.ParseError):
            return {}
        out = {}
        for s in root.iter("stream"):
            name, b = s.findtext("name"), s.findtext("bytes_in")
            if name and b:
                out[name] = int(b)
        return out

    def close(self):
        stop(self.proc)
        subprocess.run(["rm", "-rf", self.dir])


def publisher(ingest, name="publisher"):
    return start(name, ["ffmpeg", "-nostdin", "-loglevel", "error", "-re",
                        "-stream_loop", "-1", "-i",
                        os.path.join(CACHE, "input.flv"), "-c", "copy",
                        "-f", "flv", ingest.url("in")])


def wait_input(ingest):
    if not wait_for(lambda: ingest.stat().get("in", 0) > 100000, 15, 0.2):
        raise RuntimeError("the publisher never reached the ingest nginx")


class SrtRecv:
    def __init__(self, ports):
        self.proc = start("srtrecv", [os.path.join(CACHE, "srtrecv"),
                                      str(SRT_LATENCY_MS)] +
                          [str(p) for p in ports],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.ports = ports
        if self.proc.stdout.readline().strip() != "ready":
            raise RuntimeError("srtrecv did not start (see srtrecv.log)")

    def stat(self):
        self.proc.stdin.write("s\n")
        self.proc.stdin.flush()
        v = self.proc.stdout.readline().split()
        return {"stream-%03d" % (i + 1): int(b) for i, b in enumerate(v[1:])}
