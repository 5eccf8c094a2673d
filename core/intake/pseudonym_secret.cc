// PseudonymSecret: a 32-byte file created once, atomically and durably.
#include "intake/pseudonym_secret.h"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace rexian {
namespace {

constexpr std::size_t kSecretBytes = 32;

Status Errno(const std::string& what, const std::string& path) {
  return Status::IoError(what + " " + path + ": " + std::strerror(errno));
}

Result<std::string> ReadSecret(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Errno("cannot open", path);
  std::string secret(kSecretBytes + 1, '\0');
  const ssize_t n = ::read(fd, secret.data(), secret.size());
  ::close(fd);
  if (n < 0) return Errno("cannot read", path);
  if (static_cast<std::size_t>(n) != kSecretBytes) {
    return Status::Corruption(path + ": expected " + std::to_string(kSecretBytes) +
                              " bytes, found " + std::to_string(n));
  }
  secret.resize(kSecretBytes);
  return secret;
}

Status WriteSecret(const std::string& dir, const std::string& path) {
  std::string secret(kSecretBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(secret.data()), kSecretBytes) != 1) {
    return Status::IoError("RAND_bytes failed creating " + path);
  }
  // A temporary name of its own (mkstemp: mode 0600): two processes or
  // threads creating the secret at once must not write the same file.
  std::string temp = path + ".tmp.XXXXXX";
  const int fd = ::mkostemp(temp.data(), O_CLOEXEC);
  if (fd < 0) return Errno("cannot create", temp);
  const bool written = ::write(fd, secret.data(), secret.size()) ==
                           static_cast<ssize_t>(secret.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written) return Errno("cannot write", temp);
  // link() fails if another process created the secret meanwhile: theirs wins.
  if (::link(temp.c_str(), path.c_str()) != 0 && errno != EEXIST) {
    const Status s = Errno("cannot create", path);
    ::unlink(temp.c_str());
    return s;
  }
  ::unlink(temp.c_str());
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return Status::OK();
}

}  // namespace

Result<std::string> LoadPseudonymSecret(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create " + dir + ": " + ec.message());
  const std::string path = dir + "/pseudonym.secret";
  if (::access(path.c_str(), F_OK) != 0) {
    if (Status s = WriteSecret(dir, path); !s.ok()) return s;
  }
  return ReadSecret(path);
}

}  // namespace rexian
