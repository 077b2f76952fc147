// A clean project: serializable values, methods defined out of line, work
// split over units, a guarded main.
#pragma once
#include <string>
#include <vector>
struct Rect {
  double w = 0, h = 0;
  double area() const;
  template <class A> void serialize(A& ar) { ar(w, h); }
};
class Scaler {
 public:
  Scaler() = default;
  explicit Scaler(double f) : factor_(f) {}
  Rect apply(Rect r) const;
  template <class A> void serialize(A& ar) { ar(factor_); }
 private:
  double factor_ = 1;
};
double total_area(std::vector<Rect> rects);
std::string describe(Rect r);
