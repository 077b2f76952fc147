// A global object whose constructor starts a thread: one per spawned worker.
#include "validate.hpp"
#include <cstdio>
#include <thread>
struct Heartbeat {
  std::thread beat;
  Heartbeat() : beat([] { std::puts("heartbeat"); }) {}
  ~Heartbeat() { beat.join(); }
};
Heartbeat heartbeat;  // expect: picklint-side-effect-before-main
int square(int x) { return x * x; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  std::vector<ppx::Future<int>> fs;
  for (int i = 0; i < 3; ++i) fs.push_back(pool.submit(square, i));
  for (int i = 0; i < 3; ++i) validate::same(fs[i], i * i);
  return validate::finish();
}
