#include <cstdio>
static const bool banner = (std::puts("shop starting"), true);
