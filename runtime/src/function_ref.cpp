// Functions are pickled by reference: (the module that holds the code, the
// offset in it). The worker runs the same executable and libraries, perhaps
// at other load addresses, and adds the offset to its own base.
#include <ppx/ppx.hpp>

#include <link.h>

#include <cstdio>
#include <string>

namespace ppx::detail {

namespace {

struct Search {
  // In: either an address (to encode) or a module name (to decode).
  std::uintptr_t address = 0;
  const std::string* module = nullptr;
  std::uint64_t offset = 0;
  // Out.
  bool found = false;
  std::string name;
  std::uintptr_t base = 0;
};

bool in_code(const dl_phdr_info* info, std::uintptr_t address) {
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_LOAD || !(ph.p_flags & PF_X)) continue;
    std::uintptr_t start = info->dlpi_addr + ph.p_vaddr;
    if (address >= start && address < start + ph.p_memsz) return true;
  }
  return false;
}

int visit(dl_phdr_info* info, std::size_t, void* data) {
  auto* s = static_cast<Search*>(data);
  const char* name = info->dlpi_name ? info->dlpi_name : "";
  if (s->module) {
    if (*s->module != name) return 0;
    if (!in_code(info, info->dlpi_addr + s->offset)) return 0;
  } else if (!in_code(info, s->address)) {
    return 0;
  }
  s->found = true;
  s->name = name;
  s->base = info->dlpi_addr;
  return 1;
}

std::string hex(std::uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

FunctionRef function_ref(const void* address) {
  Search s;
  s.address = reinterpret_cast<std::uintptr_t>(address);
  dl_iterate_phdr(visit, &s);
  if (!s.found)
    throw PicklingError("cannot pickle the function at " + hex(s.address) +
                        ": it is not in the code of any loaded module");
  return FunctionRef{s.name, s.address - s.base};
}

void* resolve_function(const FunctionRef& ref) {
  Search s;
  s.module = &ref.module;
  s.offset = ref.offset;
  dl_iterate_phdr(visit, &s);
  if (!s.found)
    throw PicklingError("cannot unpickle a function reference: no code at offset " +
                        hex(ref.offset) + " of " +
                        (ref.module.empty() ? std::string("the executable") : ref.module) +
                        " in this process");
  return reinterpret_cast<void*>(s.base + ref.offset);
}

[[noreturn]] void throw_pickling_error(const std::string& what) { throw PicklingError(what); }

}  // namespace ppx::detail
