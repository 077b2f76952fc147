#include <cstdio>
int log_startup(int level) {
  std::printf("starting at level %d\n", level);
  return level;
}
