// RUN: %check_picklint %s picklint-unpicklable-receiver %t
#include <ppx/ppx.hpp>

#include <fcntl.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

// A descriptor pickled by its number: in the worker it names another file.
struct Tail {
  std::string path;
  int fd = -1;
  explicit Tail(std::string p = "") : path(p), fd(::open(p.c_str(), O_RDONLY)) {}
  long size() const { return ::lseek(fd, 0, SEEK_END); }
  std::size_t name_length() const { return path.size(); }
  template <class A> void serialize(A &a) { a(path, fd); }
};

// Left behind, and reached through another member function.
struct Socket {
  std::string host;
  int sock = -1;
  void connect_to() { sock = ::socket(2, 1, 0); }
  long send_all(std::string data) { return ::write(sock, data.data(), data.size()); }
  long publish(std::string data) { return send_all(data); }
  template <class A> void serialize(A &a) { a(host); }
};

// A handle inherited from a base class.
struct FileOwner {
  FILE *file = nullptr;
};
struct Exporter : FileOwner {
  int rows = 0;
  int flush() { return file ? 1 : 0; }
};

void submit(ppx::ProcessPoolExecutor &ex, Tail tail, Socket s, Exporter e) {
  ex.submit(&Tail::size, tail);
  // CHECK-NOTES: :[[@LINE-1]]:26: warning: 'size' is submitted on a 'Tail', whose pickling copies 'fd', a file descriptor, by its raw value, which means nothing in a worker process; save what is needed to open the resource (a path, a URL) and open it in the worker [picklint-unpicklable-receiver]
  // CHECK-NOTES: :12:7: note: 'Tail' holds 'fd' ('int') declared here
  // CHECK-NOTES: :13:51: note: 'fd' was returned by 'open' here
  // CHECK-NOTES: :16:53: note: the pickling writes 'fd' here

  ex.submit(&Socket::publish, s, "hello");
  // CHECK-NOTES: :[[@LINE-1]]:31: warning: 'publish' uses a file descriptor that the pickling of 'Socket' leaves behind
  // CHECK-NOTES: :22:7: note: 'Socket' holds 'sock' ('int') declared here
  // CHECK-NOTES: :23:30: note: 'sock' was returned by 'socket' here
  // CHECK-NOTES: :25:43: note: 'publish' calls 'send_all' here
  // CHECK-NOTES: :24:52: note: 'send_all' uses 'sock' here

  ex.submit(&Exporter::flush, e);
  // CHECK-NOTES: :[[@LINE-1]]:31: warning: 'flush' is submitted on a 'Exporter', which holds a handle ('FILE *' (aka '{{(struct )?}}_IO_FILE *'))
  // CHECK-NOTES: :31:9: note: 'FileOwner' holds 'file' ('FILE *' (aka '{{(struct )?}}_IO_FILE *')) declared here
  // CHECK-NOTES: :35:24: note: 'flush' uses 'file' here
}

// A handle pointer pickled as an integer: the number means nothing elsewhere.
struct sqlite3;
struct Cache {
  std::string path;
  sqlite3 *db = nullptr;
  int hits() const { return db ? 1 : 0; }
  template <class A> void serialize(A &a) { a(path, reinterpret_cast<std::uintptr_t &>(db)); }
};
void submit_cache(ppx::ProcessPoolExecutor &ex, Cache c) {
  ex.submit(&Cache::hits, c);
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: 'hits' is submitted on a 'Cache', whose pickling copies 'db', a handle ('sqlite3 *'), by its raw value, which means nothing in a worker process; save what is needed to open the resource (a path, a URL) and open it in the worker [picklint-unpicklable-receiver]
  // CHECK-NOTES: :62:12: note: 'Cache' holds 'db' ('sqlite3 *') declared here
  // CHECK-NOTES: :64:88: note: the pickling writes 'db' here
}
