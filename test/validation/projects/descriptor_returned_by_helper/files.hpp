#pragma once
#include <string>
int open_output(const std::string& path);
long write_to(int fd, std::string text);
