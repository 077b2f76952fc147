#include "log.hpp"
#include <string>
std::FILE* open_log(int day) { return std::fopen(("day" + std::to_string(day) + ".log").c_str(), "a"); }
