// RUN: %check_picklint %s picklint-side-effect-before-main %t
#include <ppx/ppx.hpp>

#include <chrono>
#include <fstream>
#include <thread>

std::ofstream audit("audit.log");
// CHECK-NOTES: :[[@LINE-1]]:15: warning: initializer of 'audit' runs again in every spawned worker and opens a file; move it into main after ppx::init, or into a function called when it is needed [picklint-side-effect-before-main]
// CHECK-NOTES: :[[@LINE-2]]:15: note: 'audit' opens a file here

struct Heartbeat {
  std::thread beat;
  Heartbeat() : beat([] { std::this_thread::sleep_for(std::chrono::seconds(1)); }) {}
  ~Heartbeat() { beat.join(); }
};
Heartbeat heartbeat;
// CHECK-NOTES: :[[@LINE-1]]:11: warning: initializer of 'heartbeat' runs again in every spawned worker and starts a thread
// CHECK-NOTES: :[[@LINE-2]]:11: note: 'heartbeat' calls 'Heartbeat' here
// CHECK-NOTES: :[[@LINE-6]]:17: note: 'Heartbeat' starts a thread here

struct Config {
  static int verbosity;
  static inline std::ofstream trace{"trace.log"};
  // CHECK-NOTES: :[[@LINE-1]]:31: warning: initializer of 'trace' runs again in every spawned worker and opens a file
  // CHECK-NOTES: :[[@LINE-2]]:31: note: 'trace' opens a file here
};
int read_verbosity() { return std::fopen("/etc/verbosity", "r") ? 1 : 0; }
int Config::verbosity = read_verbosity();
// CHECK-NOTES: :[[@LINE-1]]:13: warning: initializer of 'verbosity' runs again in every spawned worker and opens a file
// CHECK-NOTES: :[[@LINE-2]]:25: note: 'verbosity' calls 'read_verbosity' here
// CHECK-NOTES: :[[@LINE-4]]:31: note: 'read_verbosity' opens a file here

int main(int argc, char **argv) { ppx::init(argc, argv); }
