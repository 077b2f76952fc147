// A global whose initializer calls a function of another unit that writes a
// file: it runs again in every spawned worker.
#include <string>
std::string load_config();
const std::string config = load_config();  // expect: picklint-side-effect-before-main
