#include "shapes.hpp"
double Rect::area() const { return w * h; }
Rect Scaler::apply(Rect r) const { return {r.w * factor_, r.h * factor_}; }
