#include "store/core/file_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace vm::store::core {
namespace {

class HeldFileLock final : public ServingLock {
 public:
  explicit HeldFileLock(int fd) : fd_(fd) {}
  ~HeldFileLock() override { ::close(fd_); }  // closing releases the flock
  HeldFileLock(const HeldFileLock&) = delete;
  HeldFileLock& operator=(const HeldFileLock&) = delete;

 private:
  int fd_;
};

}  // namespace

std::unique_ptr<ServingLock> lockFile(const std::string& path, FileLockMode mode) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot open the lock file " + path + ": " + std::strerror(errno));
  int how = (mode == FileLockMode::Shared ? LOCK_SH : LOCK_EX) | LOCK_NB;
  while (::flock(fd, how) != 0) {
    if (errno == EINTR) continue;
    int error = errno;
    ::close(fd);
    if (error == EWOULDBLOCK) return nullptr;
    throw std::runtime_error("cannot lock " + path + ": " + std::strerror(error));
  }
  return std::make_unique<HeldFileLock>(fd);
}

}  // namespace vm::store::core
