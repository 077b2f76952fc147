#include "validate.hpp"
#include <fstream>
#include <string>
struct Journal {
  std::string path;
  std::ofstream out;
  bool write(std::string line) { out << line << '\n'; return bool(out); }
};
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  Journal j{"journal.txt", std::ofstream("journal.txt")};
  auto f = pool.submit(&Journal::write, std::move(j), "entry");  // expect: picklint-unpicklable-receiver
  validate::same(f, true);
  return validate::finish();
}
