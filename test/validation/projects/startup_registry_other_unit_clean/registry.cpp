// Start-up code that only builds in-process state, through another unit.
#include <map>
#include <string>
int register_handler(const std::string& name);
static const int reg_a = register_handler("a");
static const int reg_b = register_handler("b");
