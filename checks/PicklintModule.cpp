#include "PicklintModule.h"

#include "LambdaCaptureCheck.h"
#include "MissingWorkerGuardCheck.h"
#include "SideEffectBeforeMainCheck.h"
#include "UnpicklableArgumentCheck.h"
#include "UnpicklableReceiverCheck.h"

namespace clang::tidy::picklint {

void PicklintModule::addCheckFactories(ClangTidyCheckFactories &Factories) {
#define PICKLINT_CHECK(Name, Class, Summary) Factories.registerCheck<Class>(Name);
#include "Checks.def"
}

ClangTidyOptions PicklintModule::getModuleOptions() { return {}; }

} // namespace clang::tidy::picklint
