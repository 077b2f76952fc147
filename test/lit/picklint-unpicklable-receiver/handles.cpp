// RUN: %check_picklint %s picklint-unpicklable-receiver %t
#include <ppx/ppx.hpp>

#include <string>

struct sqlite3;

// The seed's trap: a worker object that holds a database connection.
struct DatabaseWorker {
  std::string path_;
  sqlite3 *conn_ = nullptr;
  int run(std::string query) { return conn_ ? 1 : (int)query.size(); }
};

void submit_db(ppx::ProcessPoolExecutor &ex, DatabaseWorker &worker) {
  ex.submit(&DatabaseWorker::run, worker, "SELECT *");
  // CHECK-NOTES: :[[@LINE-1]]:35: warning: 'run' is submitted on a 'DatabaseWorker', which holds a handle ('sqlite3 *') that cannot be pickled for a worker process; open the resource inside the task and pass what is needed to open it (a path, a URL) instead [picklint-unpicklable-receiver]
  // CHECK-NOTES: :11:12: note: 'DatabaseWorker' holds 'conn_' ('sqlite3 *') declared here
  // CHECK-NOTES: :12:39: note: 'run' uses 'conn_' here

  ex.submit(&DatabaseWorker::run, &worker, "SELECT *");
  // CHECK-NOTES: :[[@LINE-1]]:35: warning: 'run' is submitted on an object passed by pointer, which cannot cross to a worker process; pass the object itself, which is pickled by value [picklint-unpicklable-receiver]
}

// A serialization that leaves the handle behind, used by the method anyway.
struct Logger {
  std::string path_;
  FILE *file_ = nullptr;
  template <class A> void serialize(A &a) { a(path_); }
  void log(std::string line) { (void)file_; (void)line; }
  int size() const { return (int)path_.size(); }
};

void submit_logger(ppx::ProcessPoolExecutor &ex, Logger logger) {
  ex.submit(&Logger::log, logger, "hello");
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: 'log' uses a handle ('FILE *' (aka '{{(struct )?}}_IO_FILE *')) that the pickling of 'Logger' leaves behind: in the worker it is not open; open the resource inside the task and pass what is needed to open it (a path, a URL) instead [picklint-unpicklable-receiver]
  // CHECK-NOTES: :28:9: note: 'Logger' holds 'file_' ('FILE *' (aka '{{(struct )?}}_IO_FILE *')) declared here
  // CHECK-NOTES: :30:38: note: 'log' uses 'file_' here

  // 'size' does not use the file, and the pickling carries what it needs.
  ex.submit(&Logger::size, logger);
}

// A handle deep inside members and smart pointers.
struct Connection {
  sqlite3 *db = nullptr;
};
struct Service {
  std::unique_ptr<Connection> conn;
  int query(int) { return 0; }
};

void submit_service(ppx::ProcessPoolExecutor &ex, Service &s) {
  ex.submit(&Service::query, std::move(s), 1);
  // CHECK-NOTES: :[[@LINE-1]]:30: warning: 'query' is submitted on a 'Service', which holds a handle ('sqlite3 *')
  // CHECK-NOTES: :49:31: note: 'Service' holds 'conn' ('std::unique_ptr<Connection>') declared here
  // CHECK-NOTES: :46:12: note: 'Connection' holds 'db' ('sqlite3 *') declared here
}

// A member function as the initializer: its object crosses as a task's does.
struct Cache {
  sqlite3 *db = nullptr;
  void warm(int n) { (void)db; (void)n; }
};
ppx::Options warm_options(Cache &cache) {
  ppx::Options o;
  o.initializer = ppx::initializer(&Cache::warm, cache, 10);
  // CHECK-NOTES: :[[@LINE-1]]:50: warning: 'warm' is submitted on a 'Cache', which holds a handle ('sqlite3 *') that cannot be pickled for a worker process
  // CHECK-NOTES: :[[@LINE-7]]:12: note: 'Cache' holds 'db' ('sqlite3 *') declared here
  // CHECK-NOTES: :[[@LINE-7]]:28: note: 'warm' uses 'db' here
  return o;
}
