#include <ppx/ppx.hpp>
int main() { return undeclared_name; }
