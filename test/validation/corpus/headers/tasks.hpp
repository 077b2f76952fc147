// Task functions shared by several programs.
#pragma once
#include <numeric>
#include <string>
#include <vector>
inline int square(int x) { return x * x; }
inline long sum(std::vector<int> xs) { return std::accumulate(xs.begin(), xs.end(), 0L); }
inline std::string shout(std::string s) {
  for (char& c : s) c = (c >= 'a' && c <= 'z') ? char(c - 32) : c;
  return s;
}
