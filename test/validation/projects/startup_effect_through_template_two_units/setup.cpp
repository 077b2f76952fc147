// setup() reaches another unit's function through a template of this unit.
int log_startup(int level);
template <class T> int wrapped(T level) { return log_startup(static_cast<int>(level)); }
int setup() { return wrapped(2); }
