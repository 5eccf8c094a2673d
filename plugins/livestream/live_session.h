// LiveSession: one programme on air in this plugin instance: what it is,
// what its comments came to, and the connectors feeding it.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "livestream/feed_connector.h"
#include "livestream/live_records.h"
#include "livestream/question_filter.h"

namespace rexian::live {

// One accepted question and what became of it on air.
struct Question {
  std::string id;  // "q" + 16 hex
  std::string source;
  std::string ticket_number;
  std::string ticket_id;
  bool answered_on_air = false;
  bool dispatched = false;
};

// Everything below `mutex` is guarded by it; `info` is immutable.
struct LiveSession {
  LiveSession(SessionInfo session_info, FilterRules rules)
      : info(std::move(session_info)), filter(std::move(rules)) {}

  const SessionInfo info;
  std::mutex mutex;
  bool ended = false;
  QuestionFilter filter;
  SessionCounts counts;
  std::array<std::int64_t, 3> unrecorded_rejections{};  // counted, not yet in the log
  std::int64_t rejection_records = 0;                    // live.question_rejected written
  std::map<std::string, Question> questions;             // by id
  std::vector<std::unique_ptr<FeedConnector>> connectors;
};

}  // namespace rexian::live
