// SideEffectFunctions adds functions with effects; PureFunctions removes them.
// RUN: %check_picklint %s picklint-side-effect-before-main %t -- \
// RUN:   -config="{CheckOptions: {SideEffectFunctions: '::telemetry::send', PureFunctions: '::printf'}}"
#include <ppx/ppx.hpp>

#include <cstdio>

namespace telemetry {
bool send(const char *event);
}
static bool started = telemetry::send("started");
// CHECK-NOTES: :[[@LINE-1]]:13: warning: initializer of 'started' runs again in every spawned worker and has a side effect
// CHECK-NOTES: :[[@LINE-2]]:23: note: 'started' has a side effect here
static int printed = std::printf("declared pure by the configuration\n");

int main(int argc, char **argv) { ppx::init(argc, argv); }
