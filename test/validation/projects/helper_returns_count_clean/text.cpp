// Functions of another unit that return plain numbers, not descriptors.
#include "text.hpp"
#include <sstream>
int count_words(const std::string& text) {
  std::istringstream in(text);
  int n = 0;
  for (std::string w; in >> w;) ++n;
  return n;
}
int twice(int n) { return 2 * n; }
