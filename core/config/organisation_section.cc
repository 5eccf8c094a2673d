// The `organisation` section: platforms (city, counties, districts) and departments.
#include <algorithm>
#include <map>

#include "code_registry.h"
#include "field_reader.h"
#include "sections.h"

namespace rexian::config_internal {

namespace {

constexpr Choice<PlatformLevel> kLevels[] = {{"city", PlatformLevel::kCity},
                                             {"district", PlatformLevel::kDistrict},
                                             {"county", PlatformLevel::kCounty},
                                             {"county_city", PlatformLevel::kCountyCity}};

// Where each platform was read, for checks after the whole list is known.
struct PlatformSite {
  ConfigNode item;
  std::optional<ConfigNode> parent;
  bool level_known = false;  // false: already reported, skip the tree checks
};

void ReadPlatforms(const std::vector<ConfigNode>& items, ConfigErrors* errors,
                   std::vector<Platform>* platforms, std::vector<PlatformSite>* sites) {
  CodeRegistry codes("platform code");
  for (const ConfigNode& item : items) {
    FieldReader reader(item, {"code", "name_zh", "name_en", "level", "parent"}, errors);
    Platform platform;
    if (reader.ReadText("code", Presence::kRequired, kPlatformCode, &platform.code)) {
      codes.Register(platform.code, *reader.Child("code", Presence::kRequired), errors);
    }
    reader.ReadText("name_zh", Presence::kRequired, kAnyText, &platform.name_zh);
    reader.ReadText("name_en", Presence::kRequired, kAnyText, &platform.name_en);
    const bool level_known =
        reader.ReadChoice<PlatformLevel>("level", Presence::kRequired, kLevels, &platform.level);
    auto parent = reader.Child("parent", Presence::kOptional);
    if (parent) ReadText(*parent, kPlatformCode, errors, &platform.parent_code);
    platforms->push_back(std::move(platform));
    sites->push_back({item, parent, level_known});
  }
}

// Exactly one city platform, which has no parent; every other platform's
// parent is the city.
void CheckPlatformTree(const ConfigNode& list, const std::vector<Platform>& platforms,
                       const std::vector<PlatformSite>& sites, ConfigErrors* errors) {
  const Platform* city = nullptr;
  for (std::size_t i = 0; i < platforms.size(); ++i) {
    const Platform& platform = platforms[i];
    if (!sites[i].level_known || platform.level != PlatformLevel::kCity) continue;
    if (city != nullptr) {
      errors->Add(sites[i].item, "expected exactly one platform of level city, found a second (\"" +
                                     platform.code + "\" after \"" + city->code + "\")");
    } else {
      city = &platform;
    }
    if (sites[i].parent) {
      errors->Add(*sites[i].parent, "expected no parent: the city platform is the root");
    }
  }
  const bool all_levels_known =
      std::all_of(sites.begin(), sites.end(), [](const PlatformSite& s) { return s.level_known; });
  if (city == nullptr && !all_levels_known) return;  // the unreadable level was reported
  if (city == nullptr) {
    errors->Add(list, "expected exactly one platform of level city, found none");
    return;
  }
  for (std::size_t i = 0; i < platforms.size(); ++i) {
    const Platform& platform = platforms[i];
    if (!sites[i].level_known || platform.level == PlatformLevel::kCity) continue;
    if (!sites[i].parent) {
      errors->Add(sites[i].item, "missing required key \"parent\" (the city platform's code, \"" +
                                     city->code + "\")");
    } else if (!platform.parent_code.empty() && platform.parent_code != city->code) {
      errors->Add(*sites[i].parent, "expected the city platform's code \"" + city->code +
                                        "\", got \"" + platform.parent_code + "\"");
    }
  }
}

void ReadDepartments(const std::vector<ConfigNode>& items, const std::vector<Platform>& platforms,
                     ConfigErrors* errors, std::vector<Department>* departments) {
  CodeRegistry codes("department code");
  std::map<std::pair<std::string, std::string>, std::string> kinds;  // -> where
  for (const ConfigNode& item : items) {
    FieldReader reader(item, {"code", "kind", "name_zh", "name_en", "platform"}, errors);
    Department department;
    const bool has_code =
        reader.ReadText("code", Presence::kRequired, kDepartmentCode, &department.code);
    const bool has_kind = reader.ReadText("kind", Presence::kRequired, kName, &department.kind);
    reader.ReadText("name_zh", Presence::kRequired, kAnyText, &department.name_zh);
    reader.ReadText("name_en", Presence::kRequired, kAnyText, &department.name_en);
    const bool has_platform =
        reader.ReadText("platform", Presence::kRequired, kPlatformCode, &department.platform_code);

    if (has_platform && std::none_of(platforms.begin(), platforms.end(), [&](const Platform& p) {
          return p.code == department.platform_code;
        })) {
      errors->Add(*reader.Child("platform", Presence::kRequired),
                  "expected the code of a platform in organisation.platforms, got \"" +
                      department.platform_code + "\"");
    }
    if (has_code) {
      const ConfigNode at = *reader.Child("code", Presence::kRequired);
      if (codes.Register(department.code, at, errors) && has_platform &&
          department.code.rfind(department.platform_code + "-", 0) != 0) {
        errors->Add(at, "expected a code starting with its platform's code \"" +
                            department.platform_code + "-\", got \"" + department.code + "\"");
      }
    }
    if (has_kind && has_platform) {
      const auto [it, inserted] =
          kinds.emplace(std::make_pair(department.platform_code, department.kind), item.where());
      if (!inserted) {
        errors->Add(*reader.Child("kind", Presence::kRequired),
                    "duplicate kind \"" + department.kind + "\" on platform \"" +
                        department.platform_code + "\" (first defined at " + it->second + ")");
      }
    }
    departments->push_back(std::move(department));
  }
}

}  // namespace

void ParseOrganisationSection(const std::vector<ConfigNode>& parts, ConfigErrors* errors,
                              std::vector<Platform>* platforms,
                              std::vector<Department>* departments) {
  if (parts.empty()) return;  // LoadConfig reports the missing section
  FieldReader organisation(parts.front(), {"platforms", "departments"}, errors);
  auto platform_list = organisation.Child("platforms", Presence::kRequired);
  if (platform_list) {
    std::vector<PlatformSite> sites;
    ReadPlatforms(SequenceItems(*platform_list, errors), errors, platforms, &sites);
    if (platform_list->node.IsSequence()) {
      CheckPlatformTree(*platform_list, *platforms, sites, errors);
    }
  }
  ReadDepartments(organisation.ReadSequence("departments", Presence::kRequired), *platforms, errors,
                  departments);
}

}  // namespace rexian::config_internal
