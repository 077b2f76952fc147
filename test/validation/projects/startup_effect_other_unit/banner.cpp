// A unit that knows nothing of ppx prints at start-up.
#include <cstdio>
static const bool banner = (std::puts("service starting"), true);  // expect: picklint-side-effect-before-main
