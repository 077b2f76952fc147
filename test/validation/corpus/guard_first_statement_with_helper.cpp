#include "validate.hpp"
#include "headers/tasks.hpp"
struct App {
  int run() {
    ppx::ProcessPoolExecutor pool(validate::options());
    auto f = pool.submit(square, 12);
    validate::same(f, 144);
    return validate::finish();
  }
};
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  App app;
  return app.run();
}
