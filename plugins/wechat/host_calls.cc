// HostGate: respond and submit through the host's function table.
#include "wechat/host_calls.h"

#include <memory>

namespace rexian::wechat {
namespace {

struct PendingSubmit {
  HostGate* gate;
  std::function<void(const SubmitAnswer&)> done;
};

std::string Copy(const char* s) { return s != nullptr ? std::string(s) : std::string(); }

}  // namespace

void HostGate::Respond(rexian_http_exchange* exchange, int status, const char* content_type,
                       const std::string& body) {
  rexian_http_response response{};
  response.struct_size = sizeof response;
  response.status = status;
  response.content_type = content_type;
  response.body = body.data();
  response.body_len = body.size();
  std::shared_lock lock(respond_mutex_);
  if (!closed_) api_->respond(exchange, &response);
}

void HostGate::OnSubmitDone(void* user_data, const rexian_submit_result* result) {
  std::unique_ptr<PendingSubmit> pending(static_cast<PendingSubmit*>(user_data));
  SubmitAnswer answer;
  if (result != nullptr) {
    answer.status = result->status;
    answer.ticket_number = Copy(result->ticket_number);
    answer.duplicate = result->duplicate != 0;
    answer.attached = result->attached != 0;
    answer.error_json = Copy(result->error_json);
  }
  try {
    pending->done(answer);
  } catch (...) {
    // Nothing may unwind into the host.
  }
  pending->gate->EndSubmit();
}

void HostGate::Submit(rexian_host* host, const std::string& contact_json,
                      std::function<void(const SubmitAnswer&)> done) {
  {
    std::lock_guard lock(flight_mutex_);
    ++in_flight_;
  }
  auto pending = std::make_unique<PendingSubmit>(PendingSubmit{this, std::move(done)});
  rexian_status status = api_->submit_contact(host, contact_json.data(), contact_json.size(),
                                              &HostGate::OnSubmitDone, pending.get());
  if (status == REXIAN_OK) {
    pending.release();  // OnSubmitDone owns it now (and may already have run)
    return;
  }
  SubmitAnswer refused;
  refused.status = status;
  refused.error_json = R"({"error":"the server is stopping"})";
  pending->done(refused);
  EndSubmit();
}

void HostGate::EndSubmit() {
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

}  // namespace rexian::wechat
