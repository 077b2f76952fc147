#include "files.hpp"
#include <fcntl.h>
int raw_open(const char* path) { return ::open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644); }
