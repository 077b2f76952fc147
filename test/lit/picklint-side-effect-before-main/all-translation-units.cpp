// With AllTranslationUnits, every translation unit is judged.
// RUN: %check_picklint %s picklint-side-effect-before-main %t -- \
// RUN:   -config="{CheckOptions: {picklint-side-effect-before-main.AllTranslationUnits: true}}"
#include <cstdio>

static const bool banner = [] { std::puts("I am running!"); return true; }();
// CHECK-MESSAGES: :[[@LINE-1]]:19: warning: initializer of 'banner' runs again in every spawned worker
