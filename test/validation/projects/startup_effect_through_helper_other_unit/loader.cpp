#include <cstdio>
#include <string>
std::string load_config() {
  if (std::FILE* f = std::fopen("startup.log", "a")) {
    std::fputs("loaded\n", f);
    std::fclose(f);
  }
  return "mode=fast";
}
