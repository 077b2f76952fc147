/* The floor ppx is measured against: two processes and a channel, nothing
 * else (no pickling, no threads, no futures).
 *
 *   pipe_baseline pingpong <count>   a 24-byte message there and back over a
 *                                    pipe pair and over a Unix socket pair
 *   pipe_baseline copy <bytes> <n>   <bytes> there and back over a Unix socket
 *                                    pair (the echo ppx's payload workload
 *                                    does), buffers allocated once
 *
 * Prints "<name> <seconds per operation>" lines, best of 3 runs, as
 * ppx_bench does; bench/compare.py prints the ratios.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void io(int fd, char* data, size_t size, int writing) {
  while (size > 0) {
    ssize_t n = writing ? write(fd, data, size) : read(fd, data, size);
    if (n <= 0) {
      perror(writing ? "write" : "read");
      exit(1);
    }
    data += n;
    size -= (size_t)n;
  }
}

/* A child that echoes `size`-byte messages from `in` to `out` until EOF. */
static pid_t echo_child(int in, int out, size_t size, int close_a, int close_b) {
  pid_t pid = fork();
  if (pid != 0) return pid;
  close(close_a);
  if (close_b != close_a) close(close_b);
  char* buf = malloc(size);
  memset(buf, 0, size);
  for (;;) {
    size_t got = 0;
    while (got < size) {
      ssize_t n = read(in, buf + got, size - got);
      if (n <= 0) _exit(0);
      got += (size_t)n;
    }
    io(out, buf, size, 1);
  }
}

/* Seconds per round trip of `size` bytes over (to, from), best of 3 runs. */
static double rounds(int to, int from, size_t size, long count) {
  char* buf = malloc(size);
  memset(buf, 1, size);
  double best = 1e9;
  for (int run = 0; run < 3; ++run) {
    double start = now();
    for (long i = 0; i < count; ++i) {
      io(to, buf, size, 1);
      io(from, buf, size, 0);
    }
    double took = (now() - start) / (double)count;
    if (took < best) best = took;
  }
  free(buf);
  return best;
}

static double over_pipes(size_t size, long count) {
  int there[2], back[2];
  if (pipe(there) || pipe(back)) return perror("pipe"), exit(1), 0;
  pid_t pid = echo_child(there[0], back[1], size, there[1], back[0]);
  close(there[0]);
  close(back[1]);
  double s = rounds(there[1], back[0], size, count);
  close(there[1]);
  close(back[0]);
  waitpid(pid, NULL, 0);
  return s;
}

static double over_socketpair(size_t size, long count) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) return perror("socketpair"), exit(1), 0;
  pid_t pid = echo_child(sv[1], sv[1], size, sv[0], sv[0]);
  close(sv[1]);
  double s = rounds(sv[0], sv[0], size, count);
  close(sv[0]);
  waitpid(pid, NULL, 0);
  return s;
}

int main(int argc, char** argv) {
  if (argc == 3 && strcmp(argv[1], "pingpong") == 0) {
    long count = atol(argv[2]);
    printf("pingpong/pipe %.9f\n", over_pipes(24, count));
    printf("pingpong/socketpair %.9f\n", over_socketpair(24, count));
    return 0;
  }
  if (argc == 4 && strcmp(argv[1], "copy") == 0) {
    size_t bytes = (size_t)atoll(argv[2]);
    printf("copy/socketpair/%zu %.9f\n", bytes, over_socketpair(bytes, atol(argv[3])));
    return 0;
  }
  fprintf(stderr, "usage: pipe_baseline pingpong <count> | copy <bytes> <count>\n");
  return 2;
}
