// Receives the vm_calls notifications that every instance's writer sends at commit (LISTEN/NOTIFY), so a
// dashboard connected to this instance also sees calls stored by another one. Its own writer's
// notifications are skipped: those changes were already published locally.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>

namespace vm::store::postgres {

class Listener {
 public:
  using Handler = std::function<void(const std::string& userId, const std::string& callId)>;
  // `ownPid` returns the backend pid of this instance's writer (it changes when the writer reconnects).
  Listener(std::string url, std::function<int()> ownPid, Handler handler);
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

 private:
  void loop();
  const std::string url_;
  const std::function<int()> ownPid_;
  const Handler handler_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace vm::store::postgres
