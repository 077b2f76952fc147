#ifndef PICKLINT_CHECKS_MODEL_HANDLES_H
#define PICKLINT_CHECKS_MODEL_HANDLES_H

// What a handle is: a type or value that stands for a resource outside the
// object's own memory (a socket, a file, a database connection, a thread).
// Its bytes mean nothing in another process.

#include "Names.h"
#include "ProjectIndex.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::picklint {

/// The default value of the HandleTypes option: qualified names of types that
/// are handles; a pointer to one of them is a handle too.
inline constexpr llvm::StringLiteral DefaultHandleTypes =
    "::FILE;::_IO_FILE;::DIR;::__dirstream;"
    "::sqlite3;::sqlite3_stmt;::PGconn;::pg_conn;::MYSQL;::st_mysql;"
    "::redisContext;::CURL;::SSL;::ssl_st;::SSL_CTX;::ssl_ctx_st;"
    "::pthread_t;::HANDLE;::SOCKET;"
    "::std::thread;::std::jthread;::std::basic_filebuf;::std::basic_fstream;"
    "::std::basic_ifstream;::std::basic_ofstream;"
    "::asio::basic_socket;::asio::basic_stream_socket;"
    "::asio::basic_datagram_socket;::asio::basic_socket_acceptor;"
    "::asio::io_context;::boost::asio::basic_socket;"
    "::boost::asio::basic_stream_socket;::boost::asio::basic_datagram_socket;"
    "::boost::asio::basic_socket_acceptor;::boost::asio::io_context";

/// The default value of the HandleFunctions option: functions that return a
/// file descriptor (or fill an array with descriptors: pipe, socketpair).
inline constexpr llvm::StringLiteral DefaultHandleFunctions =
    "::open;::openat;::creat;::socket;::accept;::accept4;::dup;::dup2;::dup3;"
    "::fileno;::pipe;::pipe2;::socketpair;::epoll_create;::epoll_create1;"
    "::eventfd;::memfd_create;::inotify_init;::inotify_init1;::signalfd;"
    "::timerfd_create;::pidfd_open;::posix_openpt;::open64;::openat64;::creat64";

/// Why a value is a file descriptor: where it came from, or where the code
/// uses it as one.
struct DescriptorOrigin {
  /// Null when the origin is in another unit (then Foreign says where).
  const Expr *Site;
  /// For notes: "'fd' was returned by 'open'", "'fd' is used as a descriptor by 'read'".
  std::string How;
  /// The rest of the path in other units (the project index).
  std::vector<Step> Foreign = {};
};

/// Where a handle sits inside a type: the chain of members from the outer
/// record down to the member whose type is the handle.
struct HandlePath {
  /// Outermost first. Empty when the type itself is a handle.
  llvm::SmallVector<const FieldDecl *, 4> Members;
  /// The handle's type as written (for example 'sqlite3 *').
  QualType HandleType;
};

class HandleModel {
public:
  /// \p HandleTypes: the option's value, qualified names, ';'-separated;
  /// it replaces the default list.
  explicit HandleModel(llvm::StringRef HandleTypes,
                       llvm::StringRef HandleFunctions = DefaultHandleFunctions);

  /// Why the integer variable \p Var holds a file descriptor: it is
  /// initialized or assigned from a descriptor-returning function, filled by
  /// pipe()/socketpair(), or passed as the descriptor of read, write, close,
  /// ... in the function that declares it.
  std::optional<DescriptorOrigin> descriptorVariable(const VarDecl *Var);
  /// The same for a data member, across its class's member functions.
  std::optional<DescriptorOrigin> descriptorMember(const FieldDecl *Field);
  /// The value an expression reads, if it is a descriptor variable or member.
  std::optional<DescriptorOrigin> descriptorValue(const Expr *E);
  /// Why \p FD returns a file descriptor: it returns what open, socket, ...
  /// or another function that returns a descriptor returns, or a variable
  /// holding one. Looks into bodies of this unit, and other units' through
  /// the project index.
  std::optional<DescriptorOrigin> returnedDescriptor(const FunctionDecl *FD,
                                                     unsigned Depth = 0);
  /// Why \p Field holds a descriptor, from what \p FD alone does with it.
  std::optional<DescriptorOrigin> descriptorMemberIn(const FunctionDecl *FD,
                                                     const FieldDecl *Field);
  /// True if \p FD is one of the HandleFunctions (returns a descriptor).
  bool isDescriptorFunction(const FunctionDecl *FD) const;

  /// Follows functions of other units through \p View's index; or, with
  /// LocalOnly, into no user function at all.
  void setProject(ProjectView V) { View = V; }

  /// True if \p T itself is a handle: a handle type, or a pointer to one.
  bool isHandle(QualType T) const;

  /// Looks through \p T (members, bases, smart pointers, optionals and
  /// standard containers, to any depth) for a handle. Memoized.
  std::optional<HandlePath> findHandle(QualType T);

private:
  bool isHandleName(QualType T) const;
  std::optional<HandlePath> findInRecord(const CXXRecordDecl *RD);

  /// Why \p D is a descriptor, from what \p Body does with it (or, with
  /// AsValue, from \p Body being the value it is initialized with).
  std::optional<DescriptorOrigin> descriptorIn(const Stmt *Body, const ValueDecl *D,
                                               bool AsValue = false);

  NameList Names;
  NameList DescriptorFunctions;
  ProjectView View;
  llvm::DenseMap<const ValueDecl *, std::optional<DescriptorOrigin>> DescriptorMemo;
  /// Records already looked through; an entry of std::nullopt also stands
  /// for "in progress", which breaks cycles.
  llvm::DenseMap<const CXXRecordDecl *, std::optional<HandlePath>> Memo;
};

} // namespace clang::tidy::picklint

#endif
