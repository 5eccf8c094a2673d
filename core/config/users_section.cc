// The `users` section: API callers, their roles and hashed bearer tokens.
#include <algorithm>

#include "code_registry.h"
#include "field_reader.h"
#include "sections.h"

namespace rexian::config_internal {

namespace {

constexpr Choice<Role> kRoles[] = {
    {"agent", Role::kAgent},           {"department", Role::kDepartment},
    {"supervisor", Role::kSupervisor}, {"operator", Role::kOperator},
    {"integrator", Role::kIntegrator}, {"admin", Role::kAdmin}};

std::string CityCode(const Organisation& organisation) {
  for (const Platform& platform : organisation.platforms()) {
    if (platform.level == PlatformLevel::kCity) return platform.code;
  }
  return "";
}

// Resolves and checks the user's department and platform references.
void ResolveWorkplace(FieldReader* reader, const Organisation& organisation, bool check_references,
                      ConfigErrors* errors, User* user) {
  auto department = reader->Child("department", Presence::kOptional);
  auto platform = reader->Child("platform", Presence::kOptional);
  const bool has_platform =
      platform && ReadText(*platform, kPlatformCode, errors, &user->platform_code);

  if (user->role == Role::kDepartment) {
    if (!department) {
      errors->Add(reader->node(), "missing required key \"department\" (role is department)");
    } else if (ReadText(*department, kDepartmentCode, errors, &user->department_code) &&
               check_references) {
      const Department* found = organisation.FindDepartment(user->department_code);
      if (found == nullptr) {
        errors->Add(*department,
                    "expected the code of a department in "
                    "organisation.departments, got \"" +
                        user->department_code + "\"");
      } else if (!has_platform) {
        user->platform_code = found->platform_code;
      } else if (user->platform_code != found->platform_code) {
        errors->Add(*platform, "expected \"" + found->platform_code +
                                   "\", the platform of department \"" + found->code +
                                   "\", got \"" + user->platform_code + "\"");
      }
    }
  } else if (department) {
    errors->Add(*department, std::string("expected no department for role ") +
                                 RoleName(user->role) + " (only role department has one)");
  }

  if (!check_references) return;
  if (has_platform && organisation.FindPlatform(user->platform_code) == nullptr) {
    errors->Add(*platform, "expected the code of a platform in organisation.platforms, got \"" +
                               user->platform_code + "\"");
  }
  if (user->platform_code.empty()) user->platform_code = CityCode(organisation);
}

}  // namespace

void ParseUsersSection(const std::vector<ConfigNode>& parts, const Organisation& organisation,
                       bool check_references, ConfigErrors* errors, std::vector<User>* users) {
  CodeRegistry ids("user id");
  CodeRegistry tokens("token_sha256");
  for (const ConfigNode& item : ListSectionItems(parts, errors)) {
    FieldReader reader(
        item, {"id", "name", "role", "platform", "department", "token_sha256", "personal_data"},
        errors);
    if (!reader.is_mapping()) continue;
    User user;
    if (reader.ReadText("id", Presence::kRequired, kUserId, &user.id)) {
      ids.Register(user.id, *reader.Child("id", Presence::kRequired), errors);
    }
    reader.ReadText("name", Presence::kRequired, kAnyText, &user.name);
    const bool has_role = reader.ReadChoice<Role>("role", Presence::kRequired, kRoles, &user.role);
    if (reader.ReadText("token_sha256", Presence::kRequired, kSha256Hex, &user.token_sha256)) {
      tokens.Register(user.token_sha256, *reader.Child("token_sha256", Presence::kRequired),
                      errors);
    }
    reader.ReadBool("personal_data", Presence::kRequired, &user.personal_data);
    if (has_role) ResolveWorkplace(&reader, organisation, check_references, errors, &user);
    users->push_back(std::move(user));
  }
}

}  // namespace rexian::config_internal
