// A translation unit that does not use ppx is not judged by default.
// RUN: %check_picklint %s picklint-side-effect-before-main %t
#include <cstdio>

static const bool banner = [] { std::puts("I am running!"); return true; }();
int main() {}
