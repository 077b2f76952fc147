#include "validate.hpp"
#include "headers/tasks.hpp"
#include <string>
#include <vector>
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  std::vector<std::string> words{"pickle", "worker", "spawn"};
  validate::same_map(pool.map(shout, words, 2), words, shout);
  return validate::finish();
}
