#pragma once
#include <cstdio>
std::FILE* open_log(int day);
