// DeliveryWorker: one thread handing replies to one plugin's deliver, one at a time.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "intake/reply_transport.h"
#include "rexian/status.h"

namespace rexian {

// A plugin's deliver may block (network calls) for seconds, so replies are
// queued and sent from a thread of their own; a slow channel never holds up
// the reactor or another plugin. Thread-safe.
class DeliveryWorker {
 public:
  // Sends one reply and says how it went (runs on the worker thread).
  using Send = std::function<Status(const Reply&)>;

  // `max_queued` bounds the replies waiting; more are answered Unavailable.
  DeliveryWorker(Send send, std::size_t max_queued);
  // Stop().
  ~DeliveryWorker();
  DeliveryWorker(const DeliveryWorker&) = delete;
  DeliveryWorker& operator=(const DeliveryWorker&) = delete;

  // Starts the thread. Called once.
  void Start();

  // Queues `reply`; `done` runs on the worker thread with Send's outcome.
  // Before Start, after Stop, or with the queue full, `done` runs at once
  // with Unavailable. Never blocks on a send.
  void Post(Reply reply, DeliverCallback done);

  // Takes no more replies, answers the queued ones Unavailable, waits for
  // the send in progress and joins the thread. Idempotent.
  void Stop();

 private:
  struct Item {
    Reply reply;
    DeliverCallback done;
  };
  void Run();

  Send send_;
  const std::size_t max_queued_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Item> queue_;
  bool started_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace rexian
