// In-process state at start-up is what workers need: none of it is flagged.
// RUN: %check_picklint %s picklint-side-effect-before-main %t
#include <ppx/ppx.hpp>

#include <array>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <vector>

constexpr std::array<int, 4> kPrimes{2, 3, 5, 7};
static const int kTable[] = {1, 2, 4, 8};
static const std::string kName = "picklint";
static std::map<std::string, int> kLimits = {{"cpu", 2}, {"mem", 24}};

// A registry filled by static registration.
std::map<std::string, int (*)(int)> &registry() {
  static std::map<std::string, int (*)(int)> r; // function-local: on first use
  return r;
}
bool add(const char *name, int (*fn)(int)) { return registry().emplace(name, fn).second; }
int twice(int x) { return 2 * x; }
static bool twice_registered = add("twice", twice);

// A gtest-style TEST macro: registration of a test body, not running it.
struct TestInfo { const char *name; void (*body)(); };
std::vector<TestInfo> &all_tests() { static std::vector<TestInfo> t; return t; }
bool register_test(const char *name, void (*body)()) { all_tests().push_back({name, body}); return true; }
#define TEST(name) \
  void name##_body(); \
  static bool name##_registered = register_test(#name, name##_body); \
  void name##_body()
TEST(prints_when_run) { std::puts("only when the test runs"); }

// A Ray-style RAY_REMOTE registration.
namespace ray::internal {
struct FunctionManager {
  static FunctionManager &Instance() { static FunctionManager m; return m; }
  std::map<std::string, void *> functions;
  template <class F> bool RegisterRemoteFunction(const std::string &name, F f) {
    return functions.emplace(name, reinterpret_cast<void *>(f)).second;
  }
};
} // namespace ray::internal
#define RAY_REMOTE(f) \
  static bool ray_registered_##f = ray::internal::FunctionManager::Instance().RegisterRemoteFunction(#f, f)
int plus(int a) { return a + 1; }
RAY_REMOTE(plus);

int main(int argc, char **argv) {
  ppx::init(argc, argv);
  std::puts("after the guard");
  static FILE *log = std::fopen("run.log", "a"); // function-local static: not start-up
  (void)log;
}
