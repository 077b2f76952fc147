#include <ppx/ppx.hpp>

#include <cstdlib>
#include <cstring>

namespace ppx {

namespace {
// A spawned worker is started with this variable naming its channel.
constexpr const char* kWorkerEnv = "PPX_WORKER_CHANNEL";
}  // namespace

bool is_worker() noexcept {
  const char* channel = std::getenv(kWorkerEnv);
  return channel != nullptr && *channel != '\0';
}

void init(int argc, char** argv) {
  (void)argc;
  (void)argv;
  if (!is_worker()) return;  // the parent: carry on with main
  // The worker loop arrives with the executor (runtime issue); until then a
  // process started as a worker has nothing to serve and must not run main.
  std::_Exit(0);
}

}  // namespace ppx
