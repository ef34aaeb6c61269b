// Boost.Beast async server, after the shape of Beast's "advanced server" example: one session per
// connection on its own strand, read -> dispatch -> write -> read again while keep-alive holds.
// Handlers answer through a Responder from any thread; the answer is posted back to the strand.
#include "http/server.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/version.hpp>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "http/beast_request.hpp"
#include "http/metrics.hpp"

namespace vm::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

struct SharedState {
  const Router* router = nullptr;
  Metrics* metrics = nullptr;
  ServerOptions options;
  std::atomic<int> connections{0};
  std::atomic<int> inFlight{0};  // requests read and not yet answered
  std::atomic<bool> draining{false};
  std::mutex idleMutex;
  std::condition_variable idle;
  std::mutex perIpMutex;
  std::unordered_map<std::string, int> connectionsPerIp;

  // Counts a new connection from `ip`; false (nothing counted) when that address holds its share already.
  bool admitFrom(const std::string& ip) {
    if (options.maxConnectionsPerIp <= 0) return true;
    std::lock_guard lock(perIpMutex);
    int& n = connectionsPerIp[ip];
    if (n >= options.maxConnectionsPerIp) {
      if (n == 0) connectionsPerIp.erase(ip);
      return false;
    }
    ++n;
    return true;
  }
  void releaseFrom(const std::string& ip) {
    if (options.maxConnectionsPerIp <= 0) return;
    std::lock_guard lock(perIpMutex);
    auto it = connectionsPerIp.find(ip);
    if (it != connectionsPerIp.end() && --it->second <= 0) connectionsPerIp.erase(it);
  }

  void requestDone() {
    if (inFlight.fetch_sub(1) == 1) {
      std::lock_guard lock(idleMutex);
      idle.notify_all();
    }
  }
};

class Session;

// Every answer that does not set its own (the dashboard's files do): JSON and text must never be sniffed
// into a document, run scripts or be framed.
constexpr const char* kNoSniff = "nosniff";
constexpr const char* kNoneCsp = "default-src 'none'; frame-ancestors 'none'";

template <class Message>
void addDefaultSecurityHeaders(Message& m) {
  if (m.find("X-Content-Type-Options") == m.end()) m.set("X-Content-Type-Options", kNoSniff);
  if (m.find("Content-Security-Policy") == m.end()) m.set("Content-Security-Policy", kNoneCsp);
}

class SessionResponder : public Responder {
 public:
  SessionResponder(std::shared_ptr<Session> session, std::chrono::steady_clock::time_point start)
      : session_(std::move(session)), start_(start) {}
  ~SessionResponder() override;
  void send(Response response) override;
  std::shared_ptr<Stream> stream(Response head) override;

 private:
  std::shared_ptr<Session> session_;
  std::chrono::steady_clock::time_point start_;
  std::atomic<bool> answered_{false};
};

class Session : public std::enable_shared_from_this<Session>, public Stream {
 public:
  // `remoteIp` was admitted by SharedState::admitFrom; the session releases it when it ends.
  Session(tcp::socket&& socket, std::shared_ptr<SharedState> state, std::string remoteIp)
      : stream_(std::move(socket)), remoteIp_(std::move(remoteIp)), state_(std::move(state)) {
    ++state_->connections;
  }
  ~Session() override {
    state_->releaseFrom(remoteIp_);
    --state_->connections;
  }

  void start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->readHeader(); });
  }

  // --- called by SessionResponder (any thread) ---
  void answer(Response response, std::chrono::steady_clock::time_point start) {
    asio::post(stream_.get_executor(), [self = shared_from_this(), r = std::move(response), start]() mutable {
      self->writeResponse(std::move(r), start);
    });
  }
  void beginStream(Response head, std::chrono::steady_clock::time_point start) {
    asio::post(stream_.get_executor(), [self = shared_from_this(), h = std::move(head), start]() mutable {
      self->writeStreamHead(std::move(h), start);
    });
  }

  // --- Stream (any thread) ---
  bool write(std::string chunk) override {
    if (streamClosed_) return false;
    queuedBytes_ += chunk.size();
    asio::post(stream_.get_executor(), [self = shared_from_this(), c = std::move(chunk)]() mutable {
      if (self->streamClosed_) return;
      self->streamQueue_.push_back(std::move(c));
      if (self->queueLimit_ > 0 && self->queuedBytes_ > self->queueLimit_) self->replaceQueueWithOverflow();
      self->pumpStream();
    });
    return true;
  }
  void limitQueue(std::size_t maxBytes, std::string overflowChunk) override {
    asio::post(stream_.get_executor(),
               [self = shared_from_this(), maxBytes, c = std::move(overflowChunk)]() mutable {
                 self->queueLimit_ = maxBytes;
                 self->overflowChunk_ = std::move(c);
               });
  }
  void close() override {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      self->closeAfterQueue_ = true;
      self->pumpStream();
    });
  }
  bool closed() const override { return streamClosed_; }
  std::size_t queuedBytes() const override { return queuedBytes_; }
  void onClose(std::function<void()> callback) override {
    std::lock_guard lock(closeMutex_);
    onClose_ = std::move(callback);
  }

 private:
  void readHeader() {
    if (state_->draining) return shutdown();
    parser_.emplace();
    parser_->body_limit(state_->options.maxBodyBytes);
    parser_->header_limit(static_cast<std::uint32_t>(state_->options.maxHeaderBytes));
    stream_.expires_after(state_->options.headerTimeout);
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onHeader(ec); });
  }

  void onHeader(beast::error_code ec) {
    if (ec) return failRead(ec);
    auto& req = parser_->get();
    // A declared length over the limit is refused now, before any 100-continue invites the body.
    if (auto length = parser_->content_length(); length && *length > state_->options.maxBodyBytes)
      return failRead(bhttp::error::body_limit);
    if (beast::iequals(req[bhttp::field::expect], "100-continue")) {
      auto cont = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_, 11);
      stream_.expires_after(state_->options.writeTimeout);
      bhttp::async_write(stream_, *cont,
                         [self = shared_from_this(), cont](beast::error_code ec, std::size_t) {
                           if (ec) return self->shutdown();
                           self->readBody();
                         });
      return;
    }
    readBody();
  }

  void readBody() {
    // Room for the whole declared body, so it arrives in one or two reads instead of Beast's 512-byte
    // steps (a 5 KB webhook took ten recvmsg calls). Bounded: a huge declared length is not trusted.
    constexpr std::uint64_t kMaxPrealloc = 1 << 20;
    if (auto length = parser_->content_length_remaining(); length && *length <= kMaxPrealloc)
      buffer_.reserve(buffer_.size() + static_cast<std::size_t>(*length));
    stream_.expires_after(state_->options.bodyTimeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec) return self->failRead(ec);
                        self->dispatchRequest();
                      });
  }

  // A read failed: answer what deserves an answer (too large, malformed), drop the rest.
  void failRead(beast::error_code ec) {
    if (ec == bhttp::error::end_of_stream || ec == asio::error::eof || ec == beast::error::timeout ||
        ec == asio::error::connection_reset || ec == asio::error::operation_aborted) {
      return shutdown();
    }
    int status = 400;
    std::string message = "malformed HTTP request";
    if (ec == bhttp::error::body_limit) {
      status = 413;
      message = "request body too large";
    } else if (ec == bhttp::error::header_limit) {
      status = 431;
      message = "request headers too large";
    }
    keepAlive_ = false;
    state_->metrics->countRequest("invalid", status);
    writeResponse(errorResponse(status, message), std::chrono::steady_clock::now(), false);
  }

  void dispatchRequest() {
    stream_.expires_never();
    auto start = std::chrono::steady_clock::now();
    auto& raw = parser_->get();
    keepAlive_ = raw.keep_alive() && !state_->draining;
    version_ = raw.version();
    auto req = std::make_shared<Request>();
    bool targetOk = fromBeastRequest(raw, *req);
    req->remoteIp = remoteIp_;
    ++state_->inFlight;
    auto responder = std::make_shared<SessionResponder>(shared_from_this(), start);
    if (!targetOk) {
      req->route = "invalid";
      responder->send(errorResponse(400, "malformed request target"));
      return;
    }
    request_ = req;
    state_->router->dispatch(*req, responder);
  }

  void writeResponse(Response r, std::chrono::steady_clock::time_point start, bool countsInFlight = true) {
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>(static_cast<bhttp::status>(r.status),
                                                                     version_ ? version_ : 11);
    res->set(bhttp::field::server, "voicematrix");
    res->set(bhttp::field::content_type, r.contentType);
    for (auto& [name, value] : r.headers) res->insert(name, value);
    addDefaultSecurityHeaders(*res);
    bool isHead = request_ && request_->method == "HEAD";
    std::size_t length = r.body.size();
    res->body() = isHead ? std::string() : std::move(r.body);
    // Bytes of a next request here before this answer is even sent: the client pipelines. Past the cap
    // this answer is the connection's last.
    if (countsInFlight) {
      beast::error_code ignored;
      bool nextAlreadySent = buffer_.size() > 0 || stream_.socket().available(ignored) > 0;
      pipelined_ = nextAlreadySent ? pipelined_ + 1 : 0;
      if (pipelined_ >= kMaxPipelinedRequests) keepAlive_ = false;
    }
    res->keep_alive(keepAlive_);
    res->prepare_payload();
    if (isHead) res->content_length(length);
    logRequest(r.status, start);
    stream_.expires_after(state_->options.writeTimeout);
    bhttp::async_write(
        stream_, *res, [self = shared_from_this(), res, countsInFlight](beast::error_code ec, std::size_t) {
          if (countsInFlight) self->state_->requestDone();
          self->request_.reset();
          if (ec) return self->shutdown();
          // A refused read (413, 400) left the client's body unread: linger, don't reset.
          // Unread requests (a refused body, pipelined requests past the cap) are left
          // behind: linger, don't reset, so the client reads this answer.
          if (!countsInFlight) return self->lingerClose();
          if (!self->keepAlive_)
            return self->pipelined_ >= kMaxPipelinedRequests ? self->lingerClose() : self->shutdown();
          self->readHeader();
        });
  }

  void writeStreamHead(Response head, std::chrono::steady_clock::time_point start) {
    logRequest(head.status, start);
    // Streams end with the connection, so no length and no chunking is needed.
    std::string out = "HTTP/1.1 " + std::to_string(head.status) + " " +
                      std::string(bhttp::obsolete_reason(static_cast<bhttp::status>(head.status))) + "\r\n";
    out += "Server: voicematrix\r\nContent-Type: " + head.contentType + "\r\nConnection: close\r\n";
    for (auto& [name, value] : head.headers) out += name + ": " + value + "\r\n";
    out += std::string("X-Content-Type-Options: ") + kNoSniff + "\r\nContent-Security-Policy: " + kNoneCsp +
           "\r\n\r\n";
    streaming_ = true;
    streamQueue_.push_front(std::move(out));
    state_->requestDone();  // a stream is long-lived: it does not hold up a graceful shutdown
    pumpStream();
    // Read from the socket so that a client that goes away is noticed even with nothing to send.
    watchForClose();
  }

  void watchForClose() {
    auto buf = std::make_shared<std::array<char, 256>>();
    stream_.socket().async_read_some(asio::buffer(*buf),
                                     [self = shared_from_this(), buf](beast::error_code ec, std::size_t) {
                                       if (ec) return self->finishStream();
                                       self->watchForClose();
                                     });
  }

  void pumpStream() {
    if (!streaming_ || writing_ || streamClosed_) return;
    if (streamQueue_.empty()) {
      if (closeAfterQueue_) finishStream();
      return;
    }
    writing_ = true;
    auto chunk = std::make_shared<std::string>(std::move(streamQueue_.front()));
    streamQueue_.pop_front();
    // A client that stops reading is dropped when one chunk waits past the write timeout (the timer
    // closes the socket, which also ends watchForClose's read).
    stream_.expires_after(state_->options.writeTimeout);
    asio::async_write(stream_, asio::buffer(*chunk),
                      [self = shared_from_this(), chunk](beast::error_code ec, std::size_t) {
                        self->stream_.expires_never();
                        self->writing_ = false;
                        self->queuedBytes_ -= std::min<std::size_t>(self->queuedBytes_, chunk->size());
                        if (ec) return self->finishStream();
                        self->pumpStream();
                      });
  }

  // The client fell too far behind: what it has not been sent yet is dropped for one overflow chunk
  // (SSE: a "resync" event), so a stream never holds more than its limit plus the chunk being written.
  void replaceQueueWithOverflow() {
    std::size_t dropped = 0;
    for (auto& c : streamQueue_) dropped += c.size();
    streamQueue_.clear();
    queuedBytes_ -= std::min<std::size_t>(queuedBytes_, dropped);
    queuedBytes_ += overflowChunk_.size();
    streamQueue_.push_back(overflowChunk_);
    if (!overflowLogged_) {
      overflowLogged_ = true;
      spdlog::info("stream to {} fell behind: {} unsent bytes replaced by an overflow marker", remoteIp_,
                   dropped);
    }
  }

  void finishStream() {
    if (streamClosed_.exchange(true)) return;
    std::function<void()> callback;
    {
      std::lock_guard lock(closeMutex_);
      callback = std::move(onClose_);
    }
    if (callback) callback();
    shutdown();
  }

  void logRequest(int status, std::chrono::steady_clock::time_point start) {
    auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start)
            .count();
    std::string route = request_ ? request_->route : "invalid";
    state_->metrics->countRequest(route, status);
    // Route patterns, not raw paths: a webhook path carries the user's hook id.
    if (spdlog::should_log(spdlog::level::info))
      spdlog::info("{} {} {} {:.3f}ms", request_ ? request_->method : "-", route, status, micros / 1000.0);
  }

  // After refusing a request whose body was not read: stop sending, then read and discard (never buffer)
  // for a bounded time, so the client gets to read the answer instead of a reset caused by unread data.
  void lingerClose() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(std::chrono::seconds(2));
    discard(std::make_shared<std::array<char, 16384>>());
  }
  void discard(std::shared_ptr<std::array<char, 16384>> buf) {
    stream_.async_read_some(asio::buffer(*buf),
                            [self = shared_from_this(), buf](beast::error_code ec, std::size_t) {
                              if (ec) return self->shutdown();
                              self->discard(buf);
                            });
  }

  void shutdown() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.socket().close(ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::string remoteIp_;
  std::shared_ptr<SharedState> state_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::shared_ptr<Request> request_;
  bool keepAlive_ = true;
  unsigned version_ = 11;
  // streaming
  bool streaming_ = false;
  bool writing_ = false;
  bool closeAfterQueue_ = false;
  std::atomic<bool> streamClosed_{false};
  std::deque<std::string> streamQueue_;
  std::atomic<std::size_t> queuedBytes_{0};
  std::size_t queueLimit_ = 0;  // strand only
  std::string overflowChunk_;   // strand only
  bool overflowLogged_ = false;
  int pipelined_ = 0;  // consecutive answers whose next request arrived before they were sent
  std::mutex closeMutex_;
  std::function<void()> onClose_;
};

SessionResponder::~SessionResponder() {
  // A handler that dropped its responder without answering: answer for it so the client is not left hanging.
  if (!answered_.exchange(true)) session_->answer(errorResponse(500, "internal error"), start_);
}

void SessionResponder::send(Response response) {
  if (answered_.exchange(true)) return;
  session_->answer(std::move(response), start_);
}

std::shared_ptr<Stream> SessionResponder::stream(Response head) {
  if (answered_.exchange(true)) return nullptr;
  session_->beginStream(std::move(head), start_);
  return std::shared_ptr<Stream>(session_, static_cast<Stream*>(session_.get()));
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  asio::io_context ioc;
  tcp::acceptor acceptor{ioc};
  asio::signal_set signals{ioc, SIGINT, SIGTERM};
  asio::steady_timer acceptBackoff{ioc};
  // Keeps run() going while the drain waits: once the acceptor and the signal set are closed, requests
  // waiting on the store hold no Asio work, and without this guard the pool would return early and their
  // answers (posted later) would never be written. stop() ends the pool explicitly.
  asio::executor_work_guard<asio::io_context::executor_type> workGuard = asio::make_work_guard(ioc);
  std::shared_ptr<SharedState> state = std::make_shared<SharedState>();
  std::function<void()> onShutdown;
  std::once_flag stopOnce;
  std::thread drainThread;

  void accept() {
    acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
        // Out of descriptors (EMFILE) repeats at once: pause instead of spinning and flooding the log.
        spdlog::warn("accept failed: {}", ec.message());
        acceptBackoff.expires_after(std::chrono::milliseconds(50));
        acceptBackoff.async_wait([this](beast::error_code) { accept(); });
        return;
      } else if (state->connections.load() >= options.maxConnections) {
        beast::error_code ignored;
        socket.close(ignored);  // over the limit: refuse fast rather than queue forever
      } else {
        beast::error_code ignored;
        auto endpoint = socket.remote_endpoint(ignored);
        std::string ip = ignored ? std::string() : endpoint.address().to_string();
        if (!state->admitFrom(ip)) {
          socket.close(ignored);  // one address may not take every slot
        } else {
          socket.set_option(tcp::no_delay(true), ignored);
          std::make_shared<Session>(std::move(socket), state, std::move(ip))->start();
        }
      }
      accept();
    });
  }

  void beginStop() {
    std::call_once(stopOnce, [this] {
      state->draining = true;
      if (onShutdown) onShutdown();
      asio::post(ioc, [this] {
        beast::error_code ec;
        acceptor.close(ec);
        acceptBackoff.cancel();
        signals.cancel(ec);
      });
      // Wait for in-flight requests off the pool's threads, then stop the pool.
      drainThread = std::thread([this] {
        std::unique_lock lock(state->idleMutex);
        bool drained =
            state->idle.wait_for(lock, options.shutdownGrace, [this] { return state->inFlight.load() == 0; });
        lock.unlock();
        if (!drained) spdlog::warn("shutdown grace over with {} requests unanswered", state->inFlight.load());
        ioc.stop();
      });
    });
  }
};

Server::Server(ServerOptions options, const Router& router, Metrics& metrics)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
  impl_->state->options = options;
  impl_->state->router = &router;
  impl_->state->metrics = &metrics;
}

Server::~Server() {
  if (impl_->drainThread.joinable()) impl_->drainThread.join();
}

void Server::listen() {
  auto address = asio::ip::make_address(impl_->options.host);
  tcp::endpoint endpoint(address, impl_->options.port);
  impl_->acceptor.open(endpoint.protocol());
  impl_->acceptor.set_option(asio::socket_base::reuse_address(true));
  impl_->acceptor.bind(endpoint);
  impl_->acceptor.listen(asio::socket_base::max_listen_connections);
}

unsigned short Server::port() const { return impl_->acceptor.local_endpoint().port(); }

void Server::onShutdown(std::function<void()> callback) { impl_->onShutdown = std::move(callback); }

void Server::run() {
  impl_->signals.async_wait([this](beast::error_code ec, int signal) {
    if (ec) return;
    spdlog::info("signal {} received: finishing in-flight requests", signal);
    impl_->beginStop();
  });
  impl_->accept();
  int threads = impl_->options.threads > 0
                    ? impl_->options.threads
                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& t : pool) t.join();
  if (impl_->drainThread.joinable()) impl_->drainThread.join();
}

void Server::stop() { impl_->beginStop(); }

}  // namespace vm::http
