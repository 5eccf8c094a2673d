// PhonePlugin: one instance of the phone channel. Follows an Asterisk server
// over AMI (its own thread), writes call records through record_event,
// serves the agent desk's summary route (opening or updating the call's work
// order) and turns the IVR survey into the order's follow-up rating.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "phone/ami_client.h"
#include "phone/call_tracker.h"
#include "phone/phone_options.h"
#include "rexian/plugin.h"

namespace rexian::phone {

class PhonePlugin {
 public:
  // Checks the options, reads the server's UTC offset and registers the
  // summary route. nullptr with the reason in `error` on failure.
  static std::unique_ptr<PhonePlugin> Create(const rexian_host_api* api, rexian_host* host,
                                             std::string_view config_json, std::string* error);
  ~PhonePlugin();

  // Starts the AMI connection's thread (it connects in the background).
  void Start();
  // Stops the thread; answers no more requests. Idempotent.
  void Stop();

 private:
  struct HeldSurvey;
  struct Pending;

  PhonePlugin(const rexian_host_api* api, rexian_host* host, PhoneOptions options);

  // AMI thread.
  void OnEvent(const AmiMessage& event);
  void OnChannels(const std::vector<AmiMessage>& channels);
  void OnConnection(bool up, const std::string& reason);
  void OnTick();
  void OnSurvey(const SurveyPress& press);
  void TryHeldSurveys();

  // Any thread.
  void Send(std::vector<CallRecord> records);
  void Publish();  // counters and gauges after the tracker changed
  void Log(rexian_log_level level, const std::string& message) const;

  // The summary route (host I/O thread; answers from the done callbacks).
  static void HandleSummary(void* self, const rexian_http_request* request,
                            rexian_http_exchange* exchange);
  void Summary(const rexian_http_request& request, rexian_http_exchange* exchange);
  bool Authorized(const rexian_http_request& request) const;
  void Linked(const std::string& call_id, const std::string& ticket_number);
  // The summary's follow-ups once intake accepted its contact (they answer the exchange).
  void AnswerOrder(std::unique_ptr<Pending> pending, const std::string& number);
  void UpdateOrder(std::unique_ptr<Pending> pending, const std::string& number);

  const rexian_host_api* api_;
  rexian_host* host_;
  const PhoneOptions options_;
  std::string channel_;
  int utc_offset_minutes_ = 480;
  std::unique_ptr<AmiClient> client_;

  mutable std::mutex mu_;  // guards everything below
  CallTracker tracker_;
  std::map<std::string, std::string> links_;  // call id -> ticket number
  std::map<std::string, HeldSurvey> held_;    // by the press's event id
  std::vector<CallRecord> retry_;             // records the host could not take yet
  EpochSeconds next_retry_ = 0;
  EpochSeconds next_survey_try_ = 0;
  std::optional<EpochSeconds> down_since_;
  std::string last_down_reason_;  // the last reason the connection went down
  int down_repeats_ = 0;          // how often in a row it was the same
  bool stopping_ = false;
  CallCounts published_;
};

}  // namespace rexian::phone
