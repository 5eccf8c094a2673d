// ComposeRequest: filling a template's slots.
#include "sim/request_text.h"

#include "sim/sim_random.h"

namespace rexian::sim {
namespace {

const std::string& PickOne(const std::vector<std::string>& v, SimRandom* rng, const std::string& fallback) {
  return v.empty() ? fallback : v[rng->Below(v.size())];
}

}  // namespace

RequestWords ComposeRequest(const ScenarioTexts& texts, const std::string& subcategory,
                            const std::string& platform_code, const std::string& district_name,
                            std::uint32_t seed) {
  SimRandom rng(seed);
  static const std::string kNone;
  static const std::vector<std::string> kFallback = {"请尽快处理我反映的问题，谢谢。"};
  auto t = texts.texts.find(subcategory);
  const std::vector<std::string>& templates = t == texts.texts.end() ? kFallback : t->second;
  std::string text = templates[rng.Below(templates.size())];
  auto p = texts.places.find(platform_code);
  if (p == texts.places.end() || p->second.roads.empty()) p = texts.places.find(platform_code.substr(0, 4));
  static const ScenarioTexts::Places kNoPlaces;
  const ScenarioTexts::Places& places = p == texts.places.end() ? kNoPlaces : p->second;
  const std::string& road = PickOne(places.roads, &rng, kNone);
  std::string road2 = PickOne(places.roads, &rng, kNone);
  for (int tries = 0; road2 == road && places.roads.size() > 1 && tries < 8; ++tries) {
    road2 = PickOne(places.roads, &rng, kNone);
  }
  const std::string& community = PickOne(places.communities, &rng, kNone);
  const std::string& landmark = PickOne(places.landmarks, &rng, kNone);
  const std::string n = std::to_string(2 + rng.Below(29));
  const std::string bus = std::to_string(1 + rng.Below(99)) + "路";
  const std::string date = std::to_string(1 + rng.Below(12)) + "月" + std::to_string(1 + rng.Below(28)) + "日";
  const std::pair<std::string, const std::string*> slots[] = {
      {"{road2}", &road2}, {"{road}", &road}, {"{community}", &community}, {"{landmark}", &landmark},
      {"{district}", &district_name}, {"{n}", &n}, {"{bus}", &bus}, {"{date}", &date}};
  for (const auto& [slot, value] : slots) {
    for (std::size_t at = text.find(slot); at != std::string::npos; at = text.find(slot, at + value->size())) {
      text.replace(at, slot.size(), *value);
    }
  }
  RequestWords out;
  out.text = std::move(text);
  out.address = district_name + (road.empty() ? community : road) + (community.empty() ? "" : "，" + community);
  return out;
}

}  // namespace rexian::sim
