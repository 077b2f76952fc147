// main starts a service whose method (defined elsewhere) makes the executor.
#include "service.hpp"
int main() {  // expect: picklint-missing-worker-guard
  Service s;
  return s.start(3);
}
