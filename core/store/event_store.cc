// Non-virtual conveniences of the EventStore interface.
#include <future>

#include "rexian/event_store.h"

namespace rexian {

AppendResult EventStore::Append(AppendRequest request) {
  std::promise<AppendResult> done;
  std::future<AppendResult> result = done.get_future();
  AppendAsync(std::move(request), [&done](AppendResult r) { done.set_value(std::move(r)); });
  return result.get();
}

Status EventStore::ReadAll(std::uint64_t from_position, std::size_t max_count,
                           std::vector<RecordedEvent>* out) {
  return ReadAll(from_position, max_count, [out](const RecordedEvent& e) {
    out->push_back(e);
    return true;
  });
}

}  // namespace rexian
