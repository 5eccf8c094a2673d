// FeedFilter: which events one feed client asked for, parsed from the upgrade's query string.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rexian/http.h"
#include "rexian/status.h"

namespace rexian::feed {

// What an event is filtered by: its type plus its ticket's facts (or the
// event's own fields when it carries them). Empty members are unknown.
struct FilterSubject {
  std::string_view type;
  std::string_view channel;
  std::string_view level;
  std::string_view platform;
  std::string_view domain;
  const std::vector<std::string>* departments = nullptr;  // may be null
};

// Every non-empty list must match (AND across parameters, OR within one).
// An unknown attribute never matches a set filter.
struct FeedFilter {
  // Event types; an entry ending in '.' or '*' is a prefix ("ticket." or "ticket.*").
  std::vector<std::string> types;
  std::vector<std::string> channels;
  std::vector<std::string> levels;  // "city", "county"
  std::vector<std::string> platforms;
  std::vector<std::string> departments;
  std::vector<std::string> domains;

  bool Matches(const FilterSubject& subject) const;
  // Whether an alert of `platform` and `level` passes (types are not applied to alerts).
  bool MatchesAlert(std::string_view platform, std::string_view level) const;
};

// A client's whole request: the filter and the other query parameters.
struct FeedQuery {
  FeedFilter filter;
  bool from_now = true;
  std::uint64_t from_position = 0;  // when !from_now: deliver events after this position
  bool stats = true;                // ?stats=0 turns the statistics ticks off
  bool alerts = true;               // ?alerts=0 turns alerts off
};

// Parses `type`, `channel`, `level`, `platform`, `department`, `domain`
// (comma-separated lists), `from` ("now" or a position), `stats`, `alerts`
// ("0"/"1"/"false"/"true") and ignores `access_token`. InvalidArgument naming
// the parameter for an unknown parameter or a malformed value.
Result<FeedQuery> ParseFeedQuery(const HttpRequest& request);

}  // namespace rexian::feed
