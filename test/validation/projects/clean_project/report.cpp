#include "shapes.hpp"
#include <string>
double total_area(std::vector<Rect> rects) {
  double sum = 0;
  for (const Rect& r : rects) sum += r.area();
  return sum;
}
std::string describe(Rect r) { return std::to_string(r.w) + "x" + std::to_string(r.h); }
