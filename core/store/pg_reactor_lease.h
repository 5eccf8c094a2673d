// PgReactorLease: the ReactorLease of rexian/reactor_lease.h as a row of rexian_leases.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "rexian/reactor_lease.h"
#include "store/pg_connection.h"

namespace rexian::pg {

// See OpenPgReactorLease. One connection of its own, used only by the
// renewal thread (and by the destructor after that thread has stopped).
class PgReactorLease final : public ReactorLease {
 public:
  PgReactorLease(PgReactorLeaseOptions options, std::unique_ptr<Connection> conn);
  ~PgReactorLease() override;

  bool Held() const override;
  ReactorLeaseState State() const override;

  // One attempt to take or renew the lease; updates the state. Run by the
  // thread; also once before it starts.
  void Renew();
  void Start();

 private:
  void Loop();

  const PgReactorLeaseOptions options_;
  std::unique_ptr<Connection> conn_;
  // steady_clock ticks until which this node may act; 0 when not holding.
  std::atomic<std::int64_t> held_until_{0};
  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;       // guarded by mu_
  ReactorLeaseState state_;     // guarded by mu_ (held is computed in State())
  std::thread thread_;
};

}  // namespace rexian::pg
