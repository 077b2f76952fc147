// A task that returns nothing but must still run and finish.
#include "validate.hpp"
#include <stdexcept>
void check_positive(int x) {
  if (x <= 0) throw std::invalid_argument("not positive");
}
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  try {
    pool.submit(check_positive, 3).get();
  } catch (const std::exception& e) {
    validate::fail(e.what());
  }
  bool threw = false;
  try {
    pool.submit(check_positive, -1).get();
  } catch (const ppx::RemoteError& e) {
    threw = e.type_name() == "std::invalid_argument";
  }
  if (!threw) validate::fail("the task's exception did not come back");
  return validate::finish();
}
