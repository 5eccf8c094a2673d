// CallTracker: follows the calls on an Asterisk server through its AMI events
// and turns them into call records (call.ringing, call.queued, ...,
// call.ended) for the log. Pure: no I/O, no clock reads; not thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "phone/ami_message.h"
#include "phone/call_time.h"

namespace rexian::phone {

// One record for rexian_host_api.record_event.
struct CallRecord {
  std::string stream;    // "call-<call_id>"
  std::string type;      // "call.answered"
  std::string event_id;  // "<call_id>:answered": a replay writes nothing twice
  std::string payload;   // JSON object per schemas/events/<type>/
};

// A key press of the satisfaction survey, for the plugin to apply.
struct SurveyPress {
  std::string call_id;
  std::string key;  // one of 0-9 * #
  std::optional<bool> solved;  // the IVR's "Solved: yes|no" header, when it asks
  EpochSeconds at = 0;
  std::string event_id;  // "<call_id>:survey:<n>"
};

// What the plugin knows of one call (in progress or recently ended).
struct CallFacts {
  std::string id;      // Linkedid
  std::string caller;  // CallerIDNum when it is a phone number; "" when withheld
  std::string called;  // Exten
  std::string channel;
  EpochSeconds ring_at = 0;
  std::optional<EpochSeconds> answer_at;
  std::optional<EpochSeconds> end_at;
  std::string queue;
  std::string agent;
  std::string recording;
  bool abandoned = false;
  int queued = 0;       // queue joins so far
  int answered = 0;     // answers so far (a transfer may be answered again)
  int transfers = 0;
  int surveys = 0;
};

// Calls that ended (lost ones aside): the connection-rate KPI's inputs.
struct CallCounts {
  std::uint64_t offered = 0;    // ended as answered, abandoned or unanswered
  std::uint64_t answered = 0;
  std::uint64_t abandoned = 0;  // abandoned in a queue
  std::uint64_t lost = 0;       // closed without seeing the end
};

struct CallTrackerOptions {
  int utc_offset_minutes = 480;
  // Dialplan contexts whose new channels are citizens' calls; empty: every
  // channel that starts a call (Uniqueid == Linkedid).
  std::set<std::string> contexts;
  std::string survey_event = "SurveyResult";  // UserEvent name of the IVR survey
  std::string recording_variable = "MIXMONITOR_FILENAME";
  std::size_t max_recent_calls = 10000;  // ended calls kept for summaries and surveys
};

class CallTracker {
 public:
  explicit CallTracker(CallTrackerOptions options);

  // Follows one AMI event. `received_at` (our clock) is used when the event
  // carries no Timestamp header. Appends the records it causes and any survey press.
  void OnEvent(const AmiMessage& event, EpochSeconds received_at, std::vector<CallRecord>* records,
               std::vector<SurveyPress>* surveys);

  // After a reconnect: `channels` are the CoreShowChannel events Asterisk
  // listed. A call in progress with no channel left ended while we were
  // away: it is closed as lost. A caller's channel we did not know is
  // adopted (ringing at now - Duration; answered if it is in a bridge).
  void Reconcile(const std::vector<AmiMessage>& channels, EpochSeconds now,
                 std::vector<CallRecord>* records);

  // Closes every call in progress as lost with `reason` (the connection
  // stayed down too long to follow them). `now` is our clock, as in
  // Reconcile; both write it in Asterisk's clock.
  void LoseAll(const std::string& reason, EpochSeconds now, std::vector<CallRecord>* records);

  // The call, in progress or among the recent ones; nullopt when unknown.
  std::optional<CallFacts> Find(const std::string& call_id) const;

  std::size_t in_progress() const { return calls_.size(); }
  const CallCounts& counts() const { return counts_; }

  // The stream of a call's records.
  static std::string StreamOf(const std::string& call_id) { return "call-" + call_id; }

 private:
  CallFacts* Live(std::string_view call_id);
  void End(CallFacts& call, EpochSeconds at, const std::string& outcome, const AmiMessage* hangup,
           const std::string& reason, std::vector<CallRecord>* records);
  std::string Time(EpochSeconds t) const;

  CallTrackerOptions options_;
  std::map<std::string, CallFacts, std::less<>> calls_;   // in progress, by Linkedid
  std::map<std::string, CallFacts, std::less<>> recent_;  // ended
  std::deque<std::string> recent_order_;
  CallCounts counts_;
  // Our clock minus Asterisk's, from the last event with a Timestamp: the
  // times we make up (reconciling, losing calls) are written in Asterisk's
  // clock, so durations stay consistent whatever the two clocks say.
  double clock_offset_ = 0;
};

// The call.surveyed record of a press; `rating` and `ticket_number` may be "".
CallRecord SurveyRecord(const SurveyPress& press, const std::string& rating,
                        const std::string& ticket_number, int utc_offset_minutes);

// The call.linked record: the summary of `call_id` opened or found ticket `number`.
CallRecord LinkedRecord(const std::string& call_id, const std::string& ticket_number, bool created,
                        bool answered_on_first_contact, EpochSeconds at, int utc_offset_minutes);

// True for a caller number the schemas accept as a phone number.
bool IsPhoneNumber(std::string_view text);

}  // namespace rexian::phone
