// OperationsFeed: the WebSocket operations feed /v1/feed: log tail, statistics ticks and alerts.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "feed/feed_filter.h"
#include "feed/overdue_spike_detector.h"
#include "feed/pii_masking.h"
#include "feed/ticket_facts.h"
#include "rexian/config.h"
#include "rexian/event_log.h"
#include "rexian/http.h"
#include "rexian/metrics.h"

namespace rexian::feed {

class RenderedEvent;

struct FeedOptions {
  std::chrono::seconds heartbeat_interval{15};  // a heartbeat message this often
  std::size_t max_queued_messages = 10000;      // per client; past either limit the
  std::size_t max_queued_bytes = 16u << 20;     // client is dropped
  std::chrono::seconds alert_window{600};       // overdue-spike sliding window
  std::size_t overdue_spike_threshold = 50;     // per platform within the window; 0 = off
  bool append_alerts = true;                    // raise alerts as alert.raised events
  std::size_t ticket_index_capacity = 200000;   // tickets remembered for filtering
  std::size_t catch_up_batch = 512;             // events read per catch-up step
  std::chrono::seconds close_timeout{5};        // a dropped client that does not read its
                                                // farewell is disconnected after this
  std::chrono::milliseconds tick_interval{1000};  // statistics ticks and heartbeat checks
  // At most one write of messages per client per this interval; messages
  // queued meanwhile share the next write (WebSocketLimits::write_coalesce).
  // At hundreds of events per second it divides the system calls per client
  // by the events per interval, for at most this much added latency.
  std::chrono::milliseconds write_coalesce{20};
  // Each client socket's kernel send buffer (WebSocketLimits::
  // socket_send_buffer_bytes); 0 = the kernel's autotuning. Bounds what a
  // stalled client holds in the kernel, so that it fills its queue, and is
  // dropped, after about this much more than the queue limits.
  std::size_t socket_send_buffer_bytes = 256u << 10;
  // One JSON object text with the current statistics, called once per tick on
  // the feed's ticker thread; unset: no statistics messages.
  std::function<std::string()> stats_tick;
  // Facts of tickets the index has not seen (opened before the feed started); may be unset.
  TicketFactsLookup ticket_lookup;
};

// The `feed` section of the configuration as options (hooks left unset).
FeedOptions FeedOptionsFrom(const FeedConfig& config);

// Counters, for tests and /metrics.
struct FeedStats {
  std::size_t clients_connected = 0;
  std::uint64_t messages_sent = 0;   // messages queued to clients, every type
  std::uint64_t clients_dropped = 0;  // closed for falling behind
  std::uint64_t alerts_raised = 0;    // alert.raised appends that created an alert
  std::uint64_t position = 0;         // last log position the live tail processed
};

// One store subscription (started at the head: "now") feeds every live
// client; clients that resume from an older position are caught up by a
// catch-up thread that reads the log in batches and joins them to the live
// tail with no gap and no duplicate (each client keeps the next position it
// expects). Delivery never blocks: a message goes to a client's bounded
// queue or the client is dropped with {"type":"dropped","resume_from":P}
// and close code 4000. Each event is rendered once per PII view and shared.
//
// Threads: the subscription's (tail, index, spike detection), a catch-up
// thread and a ticker (statistics, heartbeats). Thread-safe.
class OperationsFeed {
 public:
  // REQUIRES: log and users outlive the feed.
  OperationsFeed(EventLog* log, const UserDirectory* users, FeedOptions options);
  ~OperationsFeed();
  OperationsFeed(const OperationsFeed&) = delete;
  OperationsFeed& operator=(const OperationsFeed&) = delete;

  // Subscribes at the log's head and starts the threads. REQUIRES: called once.
  Status Start();
  // Closes every client (1001), stops the subscription and the threads. Idempotent.
  void Stop();

  // Registers `path` (default /v1/feed) as a WebSocket route on `server`.
  void AddRoute(HttpServer* server, std::string path = "/v1/feed");

  // The route handler: authenticates (Authorization: Bearer, else
  // ?access_token=), requires role operator or supervisor (admin passes),
  // parses the query. 401/403/400/503 problem+json refusals.
  WebSocketAccept Accept(const HttpRequest& request);

  // rexian_feed_clients_connected, rexian_feed_messages_sent_total,
  // rexian_feed_clients_dropped_total, rexian_feed_alerts_raised_total,
  // rexian_feed_position.
  void ExportMetrics(MetricsRegistry* registry) const;

  FeedStats stats() const;

 private:
  struct Client;
  struct Counters;

  bool OnEvent(const RecordedEvent& event);
  void MaybeRaiseAlert(const RecordedEvent& event, const std::optional<TicketFacts>& facts);
  // Offers one event to one client. REQUIRES: clients_mutex_ held or the client catching up
  // on the calling thread.
  void Deliver(Client& client, const RecordedEvent& event, RenderedEvent& rendered);
  void SendControl(Client& client, std::string text, std::uint64_t tag);
  void Drop(Client& client, std::string reason);
  void Attach(const std::shared_ptr<Client>& client);
  void Detach(const Client* client);
  void CatchUpLoop();
  bool CatchUpStep(const std::shared_ptr<Client>& client);
  void TickerLoop();

  EventLog* log_;
  const UserDirectory* users_;
  const FeedOptions options_;
  TicketFactsIndex index_;
  OverdueSpikeDetector detector_;
  std::shared_ptr<Counters> counters_;

  std::unique_ptr<Subscription> subscription_;
  std::thread catch_up_thread_;
  std::thread ticker_thread_;
  std::atomic<bool> running_{false};
  std::mutex stop_mutex_;
  bool stopped_ = false;
  std::mutex wake_mutex_;
  std::condition_variable wake_;  // catch-up and ticker sleep here

  mutable std::mutex clients_mutex_;
  std::vector<std::shared_ptr<Client>> clients_;  // live and catching up
  std::uint64_t tail_position_ = 0;               // guarded by clients_mutex_
};

}  // namespace rexian::feed
