#include <map>
#include <string>
std::map<std::string, int>& table() {
  static std::map<std::string, int> t;
  return t;
}
int register_handler(const std::string& name) {
  int id = static_cast<int>(table().size());
  table()[name] = id;
  return id;
}
