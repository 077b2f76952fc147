// Python's initializer and initargs: each worker runs configure(path, level,
// settings) once; the tasks read what it set up.
#include "validate.hpp"
#include <string>
#include <vector>
struct Settings {
  std::string name;
  std::vector<int> sizes;
  template <class Archive>
  void serialize(Archive& ar) { ar(name, sizes); }
};
std::string configured = "unset";
void configure(std::string path, int level, Settings settings) {
  configured = path + ":" + std::to_string(level) + ":" + settings.name + ":" +
               std::to_string(settings.sizes.size());
}
std::string describe(int i) { return configured + "#" + std::to_string(i); }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::Options o = validate::options();
  o.initializer = ppx::initializer(configure, std::string("db.sqlite"), 3, Settings{"fast", {1, 2}});
  ppx::ProcessPoolExecutor pool(o);
  std::vector<ppx::Future<std::string>> fs;
  for (int i = 0; i < 4; ++i) fs.push_back(pool.submit(describe, i));
  for (int i = 0; i < 4; ++i) validate::same(fs[i], "db.sqlite:3:fast:2#" + std::to_string(i));
  return validate::finish();
}
