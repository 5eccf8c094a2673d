// LoadScenario: reading and checking a scenario file.
#include "sim/scenario.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "sim/target_solver.h"

namespace rexian::sim {
namespace {

// Reads typed values at key paths, remembering the first error.
class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  YAML::Node At(const YAML::Node& parent, const std::string& path, const std::string& key) {
    if (!parent || !parent.IsMap() || !parent[key]) {
      Fail(path + key, "is missing");
      return YAML::Node();
    }
    return parent[key];
  }
  template <typename T>
  T Get(const YAML::Node& node, const std::string& path, T fallback = T()) {
    try {
      return node.as<T>();
    } catch (const YAML::Exception&) {
      Fail(path, "has the wrong type");
      return fallback;
    }
  }
  std::int64_t Percent(const YAML::Node& node, const std::string& path) {
    auto p = ParsePercent2(Get<std::string>(node, path));
    if (!p.ok()) Fail(path, p.status().message());
    return p.ok() ? *p : 0;
  }
  std::map<std::string, double> Weights(const YAML::Node& node, const std::string& path) {
    std::map<std::string, double> out;
    if (!node.IsMap()) {
      Fail(path, "must be a map of weights");
      return out;
    }
    for (const auto& kv : node) {
      const std::string key = kv.first.as<std::string>();
      double w = Get<double>(kv.second, path + "." + key);
      if (w < 0) Fail(path + "." + key, "must not be negative");
      out[key] = w;
    }
    return out;
  }
  template <std::size_t N>
  void Array(const YAML::Node& node, const std::string& path, std::array<double, N>* out) {
    if (!node.IsSequence() || node.size() != N) {
      Fail(path, "must be a list of " + std::to_string(N) + " weights");
      return;
    }
    for (std::size_t i = 0; i < N; ++i) (*out)[i] = Get<double>(node[i], path + "[" + std::to_string(i) + "]");
  }
  std::vector<std::string> Strings(const YAML::Node& node, const std::string& path) {
    std::vector<std::string> out;
    if (!node || !node.IsSequence()) {
      Fail(path, "must be a list of strings");
      return out;
    }
    for (const auto& n : node) out.push_back(Get<std::string>(n, path));
    return out;
  }
  void Fail(const std::string& path, const std::string& message) {
    if (error_.empty()) error_ = file_ + ": " + path + ": " + message;
  }
  const std::string& error() const { return error_; }

 private:
  std::string file_;
  std::string error_;
};

PublishedPart ReadPublished(Reader& r, const YAML::Node& node, const std::string& path) {
  PublishedPart p;
  if (node["count"]) p.count = r.Get<std::int64_t>(node["count"], path + ".count");
  if (node["share"]) p.share = r.Percent(node["share"], path + ".share");
  return p;
}

void LoadTexts(Reader& r, const YAML::Node& doc, ScenarioTexts* texts) {
  for (const auto& kv : r.At(doc, "", "places")) {
    const std::string code = kv.first.as<std::string>();
    const std::string path = "places." + code;
    ScenarioTexts::Places& p = texts->places[code];
    p.roads = r.Strings(kv.second["roads"], path + ".roads");
    p.communities = r.Strings(kv.second["communities"], path + ".communities");
    p.landmarks = r.Strings(kv.second["landmarks"], path + ".landmarks");
  }
  for (const auto& kv : r.At(doc, "", "texts")) {
    const std::string code = kv.first.as<std::string>();
    texts->texts[code] = r.Strings(kv.second, "texts." + code);
    if (texts->texts[code].empty()) r.Fail("texts." + code, "has no templates");
  }
}

}  // namespace

Result<Scenario> LoadScenario(const std::string& path) {
  const std::string file = std::filesystem::path(path).filename().string();
  YAML::Node doc;
  try {
    doc = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(path + ": " + e.what());
  }
  Reader r(file);
  Scenario s;
  s.name = r.Get<std::string>(r.At(doc, "", "name"), "name");
  s.seed = r.Get<std::uint64_t>(r.At(doc, "", "seed"), "seed");
  s.year = r.Get<int>(r.At(doc, "", "year"), "year");
  YAML::Node t = r.At(doc, "", "targets");
  ScenarioTargets& g = s.targets;
  g.received = r.Get<std::int64_t>(r.At(t, "targets.", "received"), "targets.received");
  g.growth = r.Percent(r.At(t, "targets.", "growth_on_previous_year"), "targets.growth_on_previous_year");
  g.city_platform = r.Get<std::int64_t>(r.At(t, "targets.", "city_platform"), "targets.city_platform");
  g.answered_first_contact = r.Get<std::int64_t>(r.At(t, "targets.", "answered_first_contact"),
                                                 "targets.answered_first_contact");
  g.first_contact_rate = r.Percent(r.At(t, "targets.", "first_contact_rate"), "targets.first_contact_rate");
  g.on_time_rate = r.Percent(r.At(t, "targets.", "on_time_rate"), "targets.on_time_rate");
  g.satisfaction_rate = r.Percent(r.At(t, "targets.", "satisfaction_rate"), "targets.satisfaction_rate");
  for (const auto& kv : r.At(t, "targets.", "types_city")) {
    const std::string key = kv.first.as<std::string>();
    g.types_city[key] = ReadPublished(r, kv.second, "targets.types_city." + key);
  }
  for (const auto& kv : r.At(t, "targets.", "subcategories_city")) {
    const std::string key = kv.first.as<std::string>();
    g.subcategories_city[key] = ReadPublished(r, kv.second, "targets.subcategories_city." + key);
  }
  g.holiday_subcategory = r.Get<std::string>(r.At(t, "targets.", "holiday_subcategory"), "targets.holiday_subcategory");
  for (const auto& kv : r.At(t, "targets.", "holiday_changes")) {
    const std::string key = kv.first.as<std::string>(), p = "targets.holiday_changes." + key;
    g.holiday_changes[key] = {r.Get<double>(r.At(kv.second, p + ".", "previous"), p + ".previous"),
                              r.Percent(r.At(kv.second, p + ".", "change"), p + ".change")};
  }
  YAML::Node sh = r.At(doc, "", "shape");
  ScenarioShape& h = s.shape;
  YAML::Node prev = r.At(sh, "shape.", "previous_year");
  h.previous_first_contact_rate = r.Percent(r.At(prev, "shape.previous_year.", "first_contact_rate"), "shape.previous_year.first_contact_rate");
  h.previous_on_time_rate = r.Percent(r.At(prev, "shape.previous_year.", "on_time_rate"), "shape.previous_year.on_time_rate");
  h.previous_satisfaction_rate = r.Percent(r.At(prev, "shape.previous_year.", "satisfaction_rate"), "shape.previous_year.satisfaction_rate");
  h.domains = r.Weights(r.At(sh, "shape.", "domains"), "shape.domains");
  h.subcategory_weights = r.Weights(r.At(sh, "shape.", "subcategory_weights"), "shape.subcategory_weights");
  h.counties = r.Weights(r.At(sh, "shape.", "counties"), "shape.counties");
  h.channels = r.Weights(r.At(sh, "shape.", "channels"), "shape.channels");
  r.Array(r.At(sh, "shape.", "months"), "shape.months", &h.months);
  r.Array(r.At(sh, "shape.", "weekdays"), "shape.weekdays", &h.weekdays);
  r.Array(r.At(sh, "shape.", "hours"), "shape.hours", &h.hours);
  h.holiday_volume = r.Get<double>(r.At(sh, "shape.", "holiday_volume"), "shape.holiday_volume");
  h.answered_propensity = r.Weights(r.At(sh, "shape.", "answered_propensity"), "shape.answered_propensity");
  YAML::Node o = r.At(sh, "shape.", "outcomes");
  h.returned = r.Get<double>(r.At(o, "shape.outcomes.", "returned"), "shape.outcomes.returned");
  h.extended = r.Get<double>(r.At(o, "shape.outcomes.", "extended"), "shape.outcomes.extended");
  h.reopened = r.Get<double>(r.At(o, "shape.outcomes.", "reopened"), "shape.outcomes.reopened");
  h.basically_satisfied = r.Get<double>(r.At(o, "shape.outcomes.", "basically_satisfied"), "shape.outcomes.basically_satisfied");
  h.repeat_callers = r.Get<double>(r.At(sh, "shape.", "repeat_callers"), "shape.repeat_callers");
  if (!r.error().empty()) return Status::InvalidArgument(r.error());

  const std::string texts_name = r.Get<std::string>(r.At(doc, "", "texts"), "texts");
  const std::string texts_path = (std::filesystem::path(path).parent_path() / texts_name).string();
  YAML::Node texts;
  try {
    texts = YAML::LoadFile(texts_path);
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(file + ": texts: cannot read '" + texts_path + "': " + e.what());
  }
  Reader tr(texts_name);
  LoadTexts(tr, texts, &s.texts);
  if (!tr.error().empty()) return Status::InvalidArgument(tr.error());
  return s;
}

}  // namespace rexian::sim
