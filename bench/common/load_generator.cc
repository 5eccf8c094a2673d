// Choosing a generator, and the result's totals.
#include "common/load_generator.h"

namespace rexian::bench {

std::string_view GeneratorName(Generator generator) {
  return generator == Generator::kEpoll ? "epoll" : "thread-per-connection";
}

std::uint64_t LoadResult::refused() const {
  std::uint64_t n = 0;
  for (const auto& [status, count] : refused_by_status) n += count;
  return n;
}

LoadResult RunLoad(Generator generator, const LoadPlan& plan) {
  return generator == Generator::kEpoll ? RunEpollLoad(plan) : RunThreadedLoad(plan);
}

}  // namespace rexian::bench
