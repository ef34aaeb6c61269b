// A raw TCP client for the hostile tests: what curl will not do (send one byte a second, stop half way,
// hold thousands of idle connections, announce a 100 MB body).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>

namespace vmtest {

class RawConnection {
 public:
  // `sourceIp`: the loopback address to connect from (127.0.0.2 looks like another client's IP).
  explicit RawConnection(int port, const char* sourceIp = nullptr) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket() failed: errno " + std::to_string(errno));
    if (sourceIp) {
      sockaddr_in source{};
      source.sin_family = AF_INET;
      ::inet_pton(AF_INET, sourceIp, &source.sin_addr);
      if (::bind(fd_, reinterpret_cast<sockaddr*>(&source), sizeof source) != 0) {
        int e = errno;
        ::close(fd_);
        fd_ = -1;
        throw std::runtime_error("bind() failed: errno " + std::to_string(e));
      }
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      int e = errno;
      ::close(fd_);
      fd_ = -1;
      throw std::runtime_error("connect() failed: errno " + std::to_string(e));
    }
  }
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
  RawConnection(RawConnection&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }

  // False once the peer has closed or reset the connection.
  bool send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // True if data (or EOF) can be read now or within `wait`.
  bool readable(std::chrono::milliseconds wait = std::chrono::milliseconds(0)) {
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, static_cast<int>(wait.count())) > 0;
  }

  // Reads until the peer closes or `wait` passes; `closed` tells which.
  std::string readUntilClosed(std::chrono::milliseconds wait, bool* closed = nullptr) {
    std::string out;
    auto deadline = std::chrono::steady_clock::now() + wait;
    bool eof = false;
    while (!eof) {
      auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0 || !readable(left)) break;
      char buf[8192];
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        eof = true;  // orderly close or reset: either way the server is done with us
      } else {
        out.append(buf, static_cast<std::size_t>(n));
      }
    }
    if (closed) *closed = eof;
    return out;
  }

  int fd() const { return fd_; }
  // Shrinks the receive buffer, so that a client that stops reading fills it (and the server's send
  // buffer) quickly.
  void setReceiveBuffer(int bytes) { ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes); }

 private:
  int fd_ = -1;
};

// Lets this test process hold many sockets (the server raises its own limit at start-up).
inline void raiseOpenFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace vmtest
