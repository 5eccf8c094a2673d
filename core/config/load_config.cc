// LoadConfig: reads the document, runs each section's parser, assembles a Config.
#include <exception>

#include "config_document.h"
#include "field_reader.h"
#include "rexian/config.h"
#include "sections.h"

namespace rexian {

namespace {

using config_internal::ConfigErrors;
using config_internal::SectionShape;
using config_internal::SectionSpec;

constexpr SectionSpec kSections[] = {
    {"server", SectionShape::kSingle},      {"store", SectionShape::kSingle},
    {"schemas_dir", SectionShape::kSingle}, {"organisation", SectionShape::kSingle},
    {"taxonomy", SectionShape::kSingle},    {"calendars", SectionShape::kList},
    {"users", SectionShape::kList},         {"sla", SectionShape::kSingle},
    {"routing", SectionShape::kSingle},     {"plugins", SectionShape::kList},
    {"feed", SectionShape::kSingle},
};

constexpr std::string_view kRequiredSections[] = {"organisation", "taxonomy", "calendars"};

Result<Config> LoadChecked(const std::string& path) {
  ConfigErrors errors;
  const config_internal::ConfigDocument document =
      config_internal::ReadConfigDocument(path, kSections, &errors);
  if (!errors.empty()) return errors.ToStatus();  // sections may be missing or partial

  for (std::string_view name : kRequiredSections) {
    if (document.Parts(name).empty()) {
      errors.Add(path, 0, name,
                 "missing required section (define it in " + path + " or in a file it includes)");
    }
  }

  Config config;
  config.source_path = path;
  config_internal::ParseServerSection(document.Parts("server"), &errors, &config.server);
  config_internal::ParseStoreSection(document.Parts("store"), &errors, &config.store);
  config_internal::ParseFeedSection(document.Parts("feed"), &errors, &config.feed);
  if (const auto& parts = document.Parts("schemas_dir"); !parts.empty()) {
    config_internal::ReadText(parts.front(), config_internal::kAnyText, &errors,
                              &config.schemas_dir);
  }

  const std::size_t errors_before_organisation = errors.count();
  std::vector<Platform> platforms;
  std::vector<Department> departments;
  config_internal::ParseOrganisationSection(document.Parts("organisation"), &errors, &platforms,
                                            &departments);
  config.organisation = Organisation(std::move(platforms), std::move(departments));
  const bool organisation_ok = errors.count() == errors_before_organisation;

  const std::size_t errors_before_taxonomy = errors.count();
  std::vector<TaxonomyType> types;
  std::vector<Domain> domains;
  config_internal::ParseTaxonomySection(document.Parts("taxonomy"), &errors, &types, &domains);
  config.taxonomy = Taxonomy(std::move(types), std::move(domains));
  const bool taxonomy_ok = errors.count() == errors_before_taxonomy;

  std::string timezone;
  std::vector<HolidayCalendar> calendars;
  config_internal::ParseCalendarsSection(document.Parts("calendars"), &errors, &timezone,
                                         &calendars);
  config.calendar = WorkingCalendar(std::move(timezone), std::move(calendars));

  std::vector<User> users;
  config_internal::ParseUsersSection(document.Parts("users"), config.organisation, organisation_ok,
                                     &errors, &users);
  config.users = UserDirectory(std::move(users));

  config_internal::ParseSlaSection(document.Parts("sla"), config.taxonomy, taxonomy_ok,
                                   config.calendar.timezone(), &errors, &config.sla);
  config_internal::ParseRoutingSection(document.Parts("routing"), config.organisation,
                                       organisation_ok, config.taxonomy, taxonomy_ok, &errors,
                                       &config.routing);

  config_internal::ParsePluginsSection(document.Parts("plugins"), &errors, &config.plugins);

  if (!errors.empty()) return errors.ToStatus();
  return config;
}

}  // namespace

Result<Config> LoadConfig(const std::string& path) {
  // yaml-cpp and std::filesystem report some failures by throwing; none of
  // that may cross this module's boundary.
  try {
    return LoadChecked(path);
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(path + ": YAML error: " + e.what());
  } catch (const std::exception& e) {
    return Status::IoError(path + ": cannot load configuration: " + e.what());
  }
}

}  // namespace rexian
