/* One SRT receiver for many targets: listens on 127.0.0.1:PORT for every
 * PORT given, accepts callers on each (again after a caller leaves), reads
 * and discards the data from one thread, and counts bytes per port.
 *
 *   srtrecv LATENCY_MS PORT...
 *
 * Each line read on stdin is answered with one line on stdout:
 *   MONO_US BYTES_PORT1 BYTES_PORT2 ...
 * (MONO_US is CLOCK_MONOTONIC in microseconds). Stdin closed: exit.
 */
#include <srt/srt.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_SOCKS 4096

static int nports;
static uint64_t *bytes;         /* per port, written by the receiving thread */
static int owner[MAX_SOCKS];    /* SRTSOCKET % MAX_SOCKS -> port index + 1 */
static int listener_of[MAX_SOCKS];
static volatile int done;

static int64_t
mono_us (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (int64_t) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void *
stdin_thread (void *arg)
{
  char line[64];
  while (fgets (line, sizeof line, stdin)) {
    printf ("%lld", (long long) mono_us ());
    for (int i = 0; i < nports; i++)
      printf (" %llu", (unsigned long long) __atomic_load_n (&bytes[i],
              __ATOMIC_RELAXED));
    printf ("\n");
    fflush (stdout);
  }
  done = 1;
  return NULL;
}

/* Opens the non-blocking listener for port index @index on 127.0.0.1 and
 * adds it to @eid; 0 on success, -1 (with the reason on stderr) if not. */
static int
listen_on (int eid, int index, const char *port, int latency)
{
  struct sockaddr_in sa = { 0 };
  SRTSOCKET s = srt_create_socket ();
  int no = 0, yes = 1;
  int ev = SRT_EPOLL_IN | SRT_EPOLL_ERR;

  sa.sin_family = AF_INET;
  sa.sin_port = htons (atoi (port));
  inet_pton (AF_INET, "127.0.0.1", &sa.sin_addr);
  srt_setsockflag (s, SRTO_LATENCY, &latency, sizeof latency);
  srt_setsockflag (s, SRTO_RCVSYN, &no, sizeof no);
  srt_setsockflag (s, SRTO_REUSEADDR, &yes, sizeof yes);
  if (srt_bind (s, (struct sockaddr *) &sa, sizeof sa) == SRT_ERROR
      || srt_listen (s, 8) == SRT_ERROR) {
    fprintf (stderr, "srtrecv: port %s: %s\n", port, srt_getlasterror_str ());
    return -1;
  }
  listener_of[s % MAX_SOCKS] = index + 1;
  srt_epoll_add_usock (eid, s, &ev);
  return 0;
}

/* A caller on listener @listener_index (port index + 1) is counted on that
 * port from now on. */
static void
accept_caller (int eid, SRTSOCKET listener, int listener_index)
{
  struct sockaddr_storage peer;
  int len = sizeof peer;
  SRTSOCKET c = srt_accept (listener, (struct sockaddr *) &peer, &len);
  int no = 0;
  int ev = SRT_EPOLL_IN | SRT_EPOLL_ERR;

  if (c == SRT_INVALID_SOCK)
    return;
  srt_setsockflag (c, SRTO_RCVSYN, &no, sizeof no);
  owner[c % MAX_SOCKS] = listener_index;
  srt_epoll_add_usock (eid, c, &ev);
}

static void
drop_caller (int eid, SRTSOCKET s)
{
  srt_epoll_remove_usock (eid, s);
  srt_close (s);
  owner[s % MAX_SOCKS] = 0;
}

/* Reads all that is waiting on caller @s and counts it on its port; a
 * caller whose connection failed is dropped. */
static void
drain_caller (int eid, SRTSOCKET s, int owner_index)
{
  char buf[1500];

  for (;;) {
    int r = srt_recvmsg (s, buf, sizeof buf);
    if (r <= 0) {
      if (srt_getlasterror (NULL) != SRT_EASYNCRCV)
        drop_caller (eid, s);
      return;
    }
    __atomic_fetch_add (&bytes[owner_index - 1], (uint64_t) r,
        __ATOMIC_RELAXED);
  }
}

static void
receive_until_done (int eid)
{
  while (!done) {
    SRT_EPOLL_EVENT ev[256];
    int n = srt_epoll_uwait (eid, ev, 256, 200);
    for (int k = 0; k < n; k++) {
      SRTSOCKET s = ev[k].fd;
      int li = listener_of[s % MAX_SOCKS];
      int oi = owner[s % MAX_SOCKS];
      if (li)
        accept_caller (eid, s, li);
      else if (ev[k].events & SRT_EPOLL_ERR || oi == 0)
        drop_caller (eid, s);
      else
        drain_caller (eid, s, oi);
    }
  }
}

int
main (int argc, char **argv)
{
  int latency, eid;
  pthread_t th;

  if (argc < 3) {
    fprintf (stderr, "usage: srtrecv LATENCY_MS PORT...\n");
    return 2;
  }
  latency = atoi (argv[1]);
  nports = argc - 2;
  bytes = calloc (nports, sizeof *bytes);
  srt_startup ();
  srt_setloglevel (2);          /* LOG_CRIT */
  eid = srt_epoll_create ();
  for (int i = 0; i < nports; i++)
    if (listen_on (eid, i, argv[i + 2], latency) < 0)
      return 1;
  pthread_create (&th, NULL, stdin_thread, NULL);
  printf ("ready\n");
  fflush (stdout);

  receive_until_done (eid);
  srt_cleanup ();
  return 0;
}
