// A descriptor made two units away, passed to a task.
#include "files.hpp"
#include "validate.hpp"
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  int fd = open_output("out.txt");
  auto f = pool.submit(write_to, fd, std::string("hello\n"));  // expect: picklint-unpicklable-argument
  validate::same(f, write_to(fd, "hello\n"));
  return validate::finish();
}
