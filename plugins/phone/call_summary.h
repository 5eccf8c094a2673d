// CallSummary: the agent desk's summary of a call, read from its JSON body
// and turned into the contact (schemas/contact.schema.json) that opens or
// finds the call's work order.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "phone/call_tracker.h"

namespace rexian::phone {

// What the agent posted. Only `text` is required.
struct CallSummary {
  std::string text;                  // the agent's summary of the request (1..10000 characters)
  bool answered_on_the_spot = false;  // answered during the call (在线解答)
  std::string answer;                // what the agent answered; default: text
  std::string agent;                 // the agent's id, for the record
  std::string caller_name;
  std::string caller_number;         // when the plugin does not know the call (any more)
  std::string contact_members;       // JSON members passed through: subject, urgency,
                                     // location, classification (serialized object)
};

// Parses the body; nullopt with a message naming the member in `error`.
std::optional<CallSummary> ParseCallSummary(std::string_view body, std::string* error);

// The contact for `call_id`: channel_message_id = call_id, received_at =
// the call's ringing time (or `now` when the call is unknown), the caller's
// number as the citizen's id and phone (an anonymous caller gets
// "anonymous-call:<call_id>"), and the call's facts under "extra".
std::string SummaryContact(const std::string& channel, const std::string& call_id,
                           const CallSummary& summary, const std::optional<CallFacts>& call,
                           EpochSeconds now, int utc_offset_minutes);

// A later summary of a call whose contact was accepted already: the same
// contact, with its own channel_message_id ("<call_id>:update:" + 16 hex
// digits of the text's SHA-256, so a retry is a duplicate), received now,
// and "follow_up_of" the call's work order, so intake adds it to that order.
std::string SummaryUpdateContact(const std::string& channel, const std::string& call_id,
                                 const CallSummary& summary, const std::optional<CallFacts>& call,
                                 const std::string& ticket_number, EpochSeconds now,
                                 int utc_offset_minutes);

// SHA-256 of `data` as 64 lower-case hex digits.
std::string Sha256Hex(std::string_view data);

}  // namespace rexian::phone
