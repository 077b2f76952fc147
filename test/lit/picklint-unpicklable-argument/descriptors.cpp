// RUN: %check_picklint %s picklint-unpicklable-argument %t
#include <ppx/ppx.hpp>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

long size_of(int fd) { return ::lseek(fd, 0, SEEK_END); }
int plus_one(int x) { return x + 1; }

void submit(ppx::ProcessPoolExecutor &ex, int given) {
  int fd = ::open("/etc/hostname", O_RDONLY);
  ex.submit(size_of, fd);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: task argument is a file descriptor, which means nothing in a worker process (there the number names another file, or none); pass what is needed to open the file (a path) and open it inside the task [picklint-unpicklable-argument]
  // CHECK-NOTES: :[[@LINE-3]]:12: note: 'fd' was returned by 'open' here

  int fds[2];
  ::pipe(fds);
  ex.submit(size_of, fds[0]);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: task argument is a file descriptor
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'fds' was filled by 'pipe' here

  ex.submit(size_of, given);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: task argument is a file descriptor
  // CHECK-NOTES: :[[@LINE+1]]:11: note: 'given' is used as a descriptor by 'close' here
  ::close(given);

  int count = 3;
  ex.submit(plus_one, count); // an int that is not a descriptor
}
