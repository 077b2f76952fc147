// Two units away from main, an executor; main has no guard.
#include "app.hpp"
int main(int argc, char** argv) {  // expect: picklint-missing-worker-guard
  (void)argv;
  return start_app(argc + 2);
}
