// HostGate: answers unless closed; counts the calls in flight.
#include "kit/host_gate.h"

namespace rexian::plugin_kit {

void HostGate::Respond(rexian_http_exchange* exchange, const rexian_http_response& response) {
  std::shared_lock lock(respond_mutex_);
  if (!closed_) api_->respond(exchange, &response);
}

void HostGate::BeginCall() {
  std::lock_guard lock(flight_mutex_);
  ++in_flight_;
}

void HostGate::EndCall() {
  std::lock_guard lock(flight_mutex_);
  if (--in_flight_ == 0) idle_.notify_all();
}

int HostGate::Close(std::chrono::milliseconds timeout) {
  int left = 0;
  {
    std::unique_lock lock(flight_mutex_);
    idle_.wait_for(lock, timeout, [this] { return in_flight_ == 0; });
    left = in_flight_;
  }
  std::unique_lock lock(respond_mutex_);
  closed_ = true;
  return left;
}

}  // namespace rexian::plugin_kit
