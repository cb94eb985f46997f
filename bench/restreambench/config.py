"""Paths and the settings every scenario shares."""
import os

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOP = os.path.dirname(HERE)
CACHE = os.path.join(HERE, "cache")
NGINX_RTMP = "/usr/lib/nginx/modules/ngx_rtmp_module.so"
CHUNK = "chunk-size=4096"
BATCH = "batch-time=50000000"
SRT_LATENCY_MS = 200
# A target got the whole stream at or above this share of the input's bytes
# (RTMP: the same FLV payload; SRT: MPEG-TS, 3-5 % larger than the FLV).
OK_RATIO = {"rtmp": 0.97, "srt": 1.00}
