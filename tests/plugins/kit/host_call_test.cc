// The plugin kit's HostGate and IssueHostCall against a host function table
// whose submit_contact answers on its own thread, at once, or refuses.
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "kit/host_call.h"
#include "kit/host_gate.h"
#include "kit/submit_contact.h"

namespace rexian::plugin_kit {
namespace {

// How the table below answers: later on another thread, at once on the
// caller's thread, or not at all (refused with `refusal`).
struct HostBehaviour {
  enum { kLater, kAtOnce, kRefuse } mode = kLater;
  rexian_status refusal = REXIAN_UNAVAILABLE;
  std::thread worker;
};

HostBehaviour* behaviour = nullptr;

rexian_status FakeSubmit(rexian_host*, const char*, size_t, rexian_submit_done done,
                         void* user_data) {
  static const rexian_submit_result kResult = [] {
    rexian_submit_result r{};
    r.status = REXIAN_OK;
    r.ticket_number = "3203-2026-0000001";
    r.ticket_id = "t-1";
    return r;
  }();
  switch (behaviour->mode) {
    case HostBehaviour::kLater:
      behaviour->worker = std::thread([done, user_data] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        done(user_data, &kResult);
      });
      return REXIAN_OK;
    case HostBehaviour::kAtOnce:
      done(user_data, &kResult);
      return REXIAN_OK;
    case HostBehaviour::kRefuse:
      return behaviour->refusal;
  }
  return REXIAN_INTERNAL;
}

rexian_host_api FakeApi() {
  rexian_host_api api{};
  api.struct_size = sizeof api;
  api.submit_contact = &FakeSubmit;
  return api;
}

TEST_CASE("a submit answered later is counted in flight until its callback ran",
          "[plugins][kit]") {
  HostBehaviour host;
  behaviour = &host;
  const rexian_host_api api = FakeApi();
  auto gate = std::make_shared<HostGate>(&api);
  std::string number;
  SubmitContact(nullptr, gate, "{}", [&](const SubmitAnswer& a) { number = a.ticket_number; });
  CHECK(gate->Close(std::chrono::seconds(5)) == 0);  // waited for the answer
  CHECK(number == "3203-2026-0000001");
  host.worker.join();
}

TEST_CASE("a submit answered at once or refused runs done exactly once", "[plugins][kit]") {
  HostBehaviour host;
  behaviour = &host;
  const rexian_host_api api = FakeApi();
  auto gate = std::make_shared<HostGate>(&api);
  int calls = 0;
  SubmitAnswer last;
  auto done = [&](const SubmitAnswer& a) {
    ++calls;
    last = a;
  };
  host.mode = HostBehaviour::kAtOnce;
  SubmitContact(nullptr, gate, "{}", done);
  CHECK(calls == 1);
  CHECK(last.status == REXIAN_OK);
  CHECK(last.ticket_id == "t-1");

  host.mode = HostBehaviour::kRefuse;
  SubmitContact(nullptr, gate, "{}", done);
  CHECK(calls == 2);
  CHECK(last.status == REXIAN_UNAVAILABLE);
  CHECK(last.error_json == R"({"error":"the server is stopping"})");
  host.refusal = REXIAN_INVALID;
  SubmitContact(nullptr, gate, "{}", [](const SubmitAnswer&) { throw std::runtime_error("x"); });
  CHECK(gate->Close(std::chrono::milliseconds(10)) == 0);  // the throw still ended the call
}

TEST_CASE("Close gives up after its timeout and reports the calls left", "[plugins][kit]") {
  rexian_host_api api{};
  api.struct_size = sizeof api;
  HostGate gate(&api);
  gate.BeginCall();
  const auto start = std::chrono::steady_clock::now();
  CHECK(gate.Close(std::chrono::milliseconds(30)) == 1);
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(30));
  gate.EndCall();
}

}  // namespace
}  // namespace rexian::plugin_kit
