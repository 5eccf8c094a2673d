// libFuzzer target: the phone plugin's AMI stream (AmiReader framing and
// "Key: Value" parsing) and the CallTracker that turns its events into call
// records.
#include <boost/json.hpp>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "phone/ami_message.h"
#include "phone/call_tracker.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rexian::phone;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const AmiReaderLimits limits{256, 32};  // small limits, so inputs reach them

  // Invariant: framing does not depend on how the stream is cut into reads.
  AmiReader whole(limits), pieces(limits);
  std::vector<AmiMessage> at_once, in_pieces;
  whole.Feed(bytes, &at_once);
  const std::size_t step = size == 0 ? 1 : 1 + data[0] % 13;
  for (std::size_t at = 0; at < size; at += step) pieces.Feed(bytes.substr(at, step), &in_pieces);
  if (at_once.size() != in_pieces.size() || whole.garbage_lines() != pieces.garbage_lines()) {
    std::abort();
  }
  for (std::size_t i = 0; i < at_once.size(); ++i) {
    const AmiMessage& m = at_once[i];
    if (m.headers != in_pieces[i].headers || m.headers.empty() ||
        m.headers.size() > limits.max_headers) {
      std::abort();
    }
    for (const auto& [key, value] : m.headers) {
      if (key.empty() || key.size() + value.size() > limits.max_line_bytes) std::abort();
    }
  }

  // Every record the tracker makes is a JSON object in the call's stream.
  CallTracker tracker(CallTrackerOptions{});
  std::vector<CallRecord> records;
  std::vector<SurveyPress> surveys;
  for (const AmiMessage& m : at_once) tracker.OnEvent(m, 1741224600.0, &records, &surveys);
  tracker.Reconcile(at_once, 1741228200.0, &records);
  tracker.LoseAll("fuzz", 1741231800.0, &records);
  for (const CallRecord& r : records) {
    boost::system::error_code ec;
    const boost::json::value payload = boost::json::parse(r.payload, ec);
    if (ec || !payload.is_object() || r.stream.rfind("call-", 0) != 0 || r.event_id.empty()) {
      std::abort();
    }
    if (payload.as_object().at("call_id").as_string() != std::string_view(r.stream).substr(5)) {
      std::abort();
    }
  }
  if (tracker.in_progress() != 0) std::abort();
  return 0;
}
