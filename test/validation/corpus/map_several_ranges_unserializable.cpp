// map over two ranges whose second holds values that cannot be pickled.
#include "validate.hpp"
struct Account {
  int id;
};
int balance(int base, Account a) { return base + a.id; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  std::vector<int> bases{100, 200};
  std::vector<Account> accounts{{1}, {2}};
  for (int r : pool.map(balance, bases, accounts))  // expect: picklint-unpicklable-argument
    std::printf("%d\n", r);
  return validate::finish();
}
