#ifndef PICKLINT_CHECKS_MODEL_HANDLES_H
#define PICKLINT_CHECKS_MODEL_HANDLES_H

// What a handle is: a type or value that stands for a resource outside the
// object's own memory (a socket, a file, a database connection, a thread).
// Its bytes mean nothing in another process.

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
  explicit HandleModel(llvm::StringRef HandleTypes);

  /// True if \p T itself is a handle: a handle type, or a pointer to one.
  bool isHandle(QualType T) const;

  /// Looks through \p T (members, bases, smart pointers, optionals and
  /// standard containers, to any depth) for a handle. Memoized.
  std::optional<HandlePath> findHandle(QualType T);

private:
  bool isHandleName(QualType T) const;
  std::optional<HandlePath> findInRecord(const CXXRecordDecl *RD);

  std::vector<std::string> Names;
  /// Records already looked through; an entry of std::nullopt also stands
  /// for "in progress", which breaks cycles.
  llvm::DenseMap<const CXXRecordDecl *, std::optional<HandlePath>> Memo;
};

/// The qualified name of \p D as users write it (no inline namespaces such as
/// std::__cxx11, no template arguments), with a leading "::".
std::string qualifiedName(const NamedDecl *D);

} // namespace clang::tidy::picklint

#endif
