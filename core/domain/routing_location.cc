// LocatePlatform: the platform that handles requests from a place.
#include "rexian/routing.h"

namespace rexian {

const Platform& LocatePlatform(const Organisation& organisation, std::string_view location_code) {
  // The longest platform code the location starts with: "320302001" is in
  // 鼓楼区 (320302), which is in the city (3203).
  const Platform* best = nullptr;
  for (const Platform& platform : organisation.platforms()) {
    if (location_code.substr(0, platform.code.size()) != platform.code) continue;
    if (best == nullptr || platform.code.size() > best->code.size()) best = &platform;
  }
  return best != nullptr ? *best : organisation.city();
}

}  // namespace rexian
