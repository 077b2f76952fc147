// Functions are pickled by reference: (the module that holds the code, the
// offset in it). The worker runs the same executable and libraries, perhaps
// at other load addresses, and adds the offset to its own base.
//
// A worker never jumps to an offset it was merely told: a reference must
// name what the module really has.
//   - a task's trampoline must be one of the entries of some module's
//     ppx_trampolines section (written at compile time, one per submission
//     type: TrampolineEntry in core.hpp), or, built by a compiler that
//     ignores that section, registered while the program started;
//   - any other function (a task's callable, a member function, the
//     initializer) must start where a function of the module starts: a
//     function symbol of its symbol tables, or an entry of its unwind table
//     index (which `strip` keeps).
// The lists are read once per module, from its ELF file and its memory.
#include "channel.hpp"

#include <ppx/ppx.hpp>

#include <elf.h>
#include <fcntl.h>
#include <link.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace ppx::detail {

namespace {

std::string hex(std::uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

std::string module_label(const std::string& module) {
  return module.empty() ? std::string("the executable") : module;
}

// ---------------------------------------------------------------------------
// Finding a module and its code among the loaded ones.
// ---------------------------------------------------------------------------
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

/// True if [address, address + size) lies in one loaded segment of the module.
bool in_segment(const dl_phdr_info* info, std::uintptr_t address, std::uint64_t size) {
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_LOAD) continue;
    std::uintptr_t start = info->dlpi_addr + ph.p_vaddr;
    if (address >= start && size <= ph.p_memsz && address - start <= ph.p_memsz - size)
      return true;
  }
  return false;
}

int visit(dl_phdr_info* info, std::size_t, void* data) {
  auto* s = static_cast<Search*>(data);
  const char* name = info->dlpi_name ? info->dlpi_name : "";
  if (s->module) {
    if (*s->module != name) return 0;
    if (s->offset > UINTPTR_MAX - info->dlpi_addr) return 0;
    if (!in_code(info, info->dlpi_addr + s->offset)) return 0;
  } else if (!in_code(info, s->address)) {
    return 0;
  }
  s->found = true;
  s->name = name;
  s->base = info->dlpi_addr;
  return 1;
}

/// The address a reference names, if it lies in the code of the module it
/// names; throws PicklingError otherwise.
std::uintptr_t locate(const FunctionRef& ref) {
  Search s;
  s.module = &ref.module;
  s.offset = ref.offset;
  dl_iterate_phdr(visit, &s);
  if (!s.found)
    throw PicklingError("cannot unpickle a function reference: no code at offset " +
                        hex(ref.offset) + " of " + module_label(ref.module) +
                        " in this process");
  return s.base + ref.offset;
}

// ---------------------------------------------------------------------------
// What a module's ELF file lists: its trampoline section, its functions.
// ---------------------------------------------------------------------------
bool read_at(int fd, void* buffer, std::size_t size, std::uint64_t offset) {
  auto* p = static_cast<char*>(buffer);
  while (size > 0) {
    ssize_t n = ::pread(fd, p, size, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
    offset += static_cast<std::uint64_t>(n);
  }
  return true;
}

struct ModuleFile {
  bool readable = false;
  bool has_trampolines = false;
  std::uint64_t trampolines_address = 0, trampolines_size = 0;  // relative to the base
  bool has_symbols = false;
  std::vector<std::uint64_t> functions;  // relative to the base, sorted
};

/// Reads the section headers of a module's file (the program's own through
/// /proc/self/exe), and its function symbols when \p with_functions.
ModuleFile read_module_file(const std::string& module, bool with_functions) {
  ModuleFile file;
  const std::string path = module.empty() ? "/proc/self/exe" : module;
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return file;
  ElfW(Ehdr) eh;
  if (!read_at(fd.get(), &eh, sizeof eh, 0) || std::memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
      eh.e_shentsize != sizeof(ElfW(Shdr)) || eh.e_shnum == 0 || eh.e_shstrndx >= eh.e_shnum)
    return file;
  std::vector<ElfW(Shdr)> sections(eh.e_shnum);
  if (!read_at(fd.get(), sections.data(), sections.size() * sizeof(ElfW(Shdr)), eh.e_shoff))
    return file;
  const ElfW(Shdr)& names_header = sections[eh.e_shstrndx];
  if (names_header.sh_size > (1u << 24)) return file;
  std::string names(names_header.sh_size, '\0');
  if (!read_at(fd.get(), names.data(), names.size(), names_header.sh_offset)) return file;
  file.readable = true;
  for (const ElfW(Shdr)& sh : sections) {
    if (sh.sh_name < names.size() &&
        std::strcmp(names.c_str() + sh.sh_name, "ppx_trampolines") == 0) {
      file.has_trampolines = true;
      file.trampolines_address = sh.sh_addr;
      file.trampolines_size = sh.sh_size;
    }
    if (!with_functions || (sh.sh_type != SHT_SYMTAB && sh.sh_type != SHT_DYNSYM)) continue;
    if (sh.sh_entsize != sizeof(ElfW(Sym)) || sh.sh_size > (std::uint64_t(1) << 30)) continue;
    std::vector<ElfW(Sym)> symbols(sh.sh_size / sizeof(ElfW(Sym)));
    if (!read_at(fd.get(), symbols.data(), symbols.size() * sizeof(ElfW(Sym)), sh.sh_offset))
      continue;
    file.has_symbols = true;
    for (const ElfW(Sym)& sym : symbols) {
      unsigned type = ELF64_ST_TYPE(sym.st_info);
      if ((type == STT_FUNC || type == STT_GNU_IFUNC) && sym.st_shndx != SHN_UNDEF &&
          sym.st_value != 0)
        file.functions.push_back(sym.st_value);
    }
  }
  std::sort(file.functions.begin(), file.functions.end());
  file.functions.erase(std::unique(file.functions.begin(), file.functions.end()),
                       file.functions.end());
  return file;
}

/// The function starts listed by a loaded module's unwind table index
/// (.eh_frame_hdr, its PT_GNU_EH_FRAME segment): in memory, and kept by
/// `strip`. Only the encoding every linker writes is read (a table of
/// 4-byte offsets from the header); anything else gives nothing.
struct UnwindStarts {
  const std::string* module;
  std::vector<std::uint64_t>* out;
};

int visit_unwind_table(dl_phdr_info* info, std::size_t, void* data) {
  auto* u = static_cast<UnwindStarts*>(data);
  if (*u->module != (info->dlpi_name ? info->dlpi_name : "")) return 0;
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_GNU_EH_FRAME || ph.p_memsz < 12) continue;
    const auto* hdr = reinterpret_cast<const unsigned char*>(info->dlpi_addr + ph.p_vaddr);
    // version 1; eh_frame_ptr: any 4-byte encoding; fde_count: udata4;
    // table: datarel sdata4 pairs (initial location, FDE).
    constexpr unsigned char kUdata4 = 0x03, kSdata4 = 0x0b, kDatarelSdata4 = 0x3b;
    if (hdr[0] != 1 || hdr[2] != kUdata4 || hdr[3] != kDatarelSdata4) return 1;
    if ((hdr[1] & 0x0f) != kUdata4 && (hdr[1] & 0x0f) != kSdata4) return 1;
    std::uint32_t count;
    std::memcpy(&count, hdr + 8, sizeof count);
    if (12 + std::uint64_t(count) * 8 > ph.p_memsz) return 1;
    for (std::uint32_t k = 0; k < count; ++k) {
      std::int32_t location;
      std::memcpy(&location, hdr + 12 + std::uint64_t(k) * 8, sizeof location);
      std::uintptr_t address = reinterpret_cast<std::uintptr_t>(hdr) + location;
      u->out->push_back(address - info->dlpi_addr);
    }
    return 1;
  }
  return 1;
}

/// What this process knows of its modules, read on first need.
class CodeIndex {
 public:
  /// True if \p address is a trampoline entry of any loaded module (a
  /// module's entries may point into another: the dynamic linker merges the
  /// instantiations that several modules share).
  bool is_trampoline(std::uintptr_t address) {
    std::lock_guard lock(mutex_);
    if (std::find(registered_.begin(), registered_.end(), address) != registered_.end())
      return true;
    if (!scanned_) scan_trampolines();
    if (std::binary_search(trampolines_.begin(), trampolines_.end(), address)) return true;
    // Not listed: perhaps in a module loaded since the last scan.
    if (!modules_changed()) return false;
    scan_trampolines();
    return std::binary_search(trampolines_.begin(), trampolines_.end(), address);
  }

  void add(std::uintptr_t trampoline) {
    std::lock_guard lock(mutex_);
    registered_.push_back(trampoline);
  }

  /// The module's function symbols; null if its file has no symbol table.
  const std::vector<std::uint64_t>* functions(const std::string& module) {
    std::lock_guard lock(mutex_);
    auto it = functions_.find(module);
    if (it == functions_.end()) {
      ModuleFile file = read_module_file(module, /*with_functions=*/true);
      // A stripped module keeps its unwind table: every function compiled
      // with unwind information (C++'s default) starts an entry of it.
      std::size_t listed = file.functions.size();
      UnwindStarts unwind{&module, &file.functions};
      dl_iterate_phdr(visit_unwind_table, &unwind);
      if (file.functions.size() != listed) {
        file.has_symbols = true;
        std::sort(file.functions.begin(), file.functions.end());
        file.functions.erase(std::unique(file.functions.begin(), file.functions.end()),
                             file.functions.end());
      }
      it = functions_.emplace(module, std::move(file)).first;
    }
    return it->second.has_symbols ? &it->second.functions : nullptr;
  }

 private:
  /// True if a module was loaded or unloaded since the last scan (glibc
  /// counts both in every dl_phdr_info).
  bool modules_changed() {
    unsigned long long counts[2] = {0, 0};
    dl_iterate_phdr(
        [](dl_phdr_info* info, std::size_t size, void* data) {
          auto* c = static_cast<unsigned long long*>(data);
          if (size >= offsetof(dl_phdr_info, dlpi_subs) + sizeof info->dlpi_subs) {
            c[0] = info->dlpi_adds;
            c[1] = info->dlpi_subs;
          }
          return 1;
        },
        counts);
    bool changed = counts[0] != adds_ || counts[1] != subs_;
    adds_ = counts[0];
    subs_ = counts[1];
    return changed;
  }

  void scan_trampolines() {
    modules_changed();  // records the counts this scan sees
    trampolines_.clear();
    dl_iterate_phdr(
        [](dl_phdr_info* info, std::size_t, void* data) {
          auto* out = static_cast<std::vector<std::uintptr_t>*>(data);
          ModuleFile file =
              read_module_file(info->dlpi_name ? info->dlpi_name : "", /*with_functions=*/false);
          if (!file.has_trampolines) return 0;
          std::uintptr_t start = info->dlpi_addr + file.trampolines_address;
          // Only a table that lies in the module's loaded memory is read.
          if (!in_segment(info, start, file.trampolines_size)) return 0;
          const auto* entries = reinterpret_cast<const std::uintptr_t*>(start);
          for (std::size_t i = 0; i < file.trampolines_size / sizeof(std::uintptr_t); ++i)
            if (entries[i] != 0) out->push_back(entries[i]);
          return 0;
        },
        &trampolines_);
    std::sort(trampolines_.begin(), trampolines_.end());
    scanned_ = true;
  }

  std::mutex mutex_;
  bool scanned_ = false;
  unsigned long long adds_ = 0, subs_ = 0;
  std::vector<std::uintptr_t> trampolines_;
  std::vector<std::uintptr_t> registered_;  // by register_trampoline
  std::map<std::string, ModuleFile> functions_;
};

CodeIndex& code_index() {
  static CodeIndex* index = new CodeIndex;  // never destroyed: workers end in exit
  return *index;
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
  std::uintptr_t address = locate(ref);
  const std::vector<std::uint64_t>* functions = code_index().functions(ref.module);
  if (!functions)
    throw PicklingError("cannot unpickle a function reference to offset " + hex(ref.offset) +
                        " of " + module_label(ref.module) +
                        ": the module lists no functions to check it against (no symbol "
                        "table, no unwind table)");
  if (!std::binary_search(functions->begin(), functions->end(), ref.offset))
    throw PicklingError("cannot unpickle a function reference: no function of " +
                        module_label(ref.module) + " starts at offset " + hex(ref.offset));
  return reinterpret_cast<void*>(address);
}

void register_trampoline(Trampoline trampoline) noexcept {
  try {
    code_index().add(reinterpret_cast<std::uintptr_t>(trampoline));
  } catch (...) {  // no memory while the program starts: its tasks will be refused
  }
}

Trampoline resolve_trampoline(const FunctionRef& ref) {
  std::uintptr_t address = locate(ref);
  if (!code_index().is_trampoline(address))
    throw PicklingError("cannot unpickle a task: offset " + hex(ref.offset) + " of " +
                        module_label(ref.module) +
                        " is not one of the program's task entry points (its "
                        "ppx_trampolines section)");
  return reinterpret_cast<Trampoline>(address);
}

[[noreturn]] void throw_pickling_error(const std::string& what) { throw PicklingError(what); }

}  // namespace ppx::detail
