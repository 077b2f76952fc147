#include "logger.hpp"
#include <cstdio>
Logger::Logger() { std::puts("logger ready"); }
