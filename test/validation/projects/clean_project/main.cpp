#include "shapes.hpp"
#include "validate.hpp"
static const std::vector<Rect> defaults = {{1, 2}, {3, 4}};
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  Scaler s(2);
  auto a = pool.submit(&Scaler::apply, s, Rect{1, 1});
  auto b = pool.submit(total_area, defaults);
  auto c = pool.submit(describe, Rect{2, 3});
  Rect r = a.get();
  if (r.w != 2 || r.h != 2) validate::fail("apply");
  validate::same(b, total_area(defaults));
  validate::same(c, describe(Rect{2, 3}));
  return validate::finish();
}
