// start_app calls compute, in pool.cpp, which creates the executor.
#include "app.hpp"
int start_app(int n) { return compute(n) == n * n ? 0 : 1; }
