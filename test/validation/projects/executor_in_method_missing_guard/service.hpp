#pragma once
class Service {
 public:
  int start(int n);
};
