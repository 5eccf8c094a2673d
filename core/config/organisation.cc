// Organisation: platform and department lookups.
#include "rexian/config.h"

namespace rexian {

Organisation::Organisation(std::vector<Platform> platforms, std::vector<Department> departments)
    : platforms_(std::move(platforms)), departments_(std::move(departments)) {
  for (std::size_t i = 0; i < platforms_.size(); ++i) {
    platform_index_.emplace(platforms_[i].code, i);
    if (platforms_[i].level == PlatformLevel::kCity) city_index_ = i;
  }
  for (std::size_t i = 0; i < departments_.size(); ++i) {
    department_index_.emplace(departments_[i].code, i);
  }
}

const Platform* Organisation::FindPlatform(std::string_view code) const {
  const auto it = platform_index_.find(code);
  return it == platform_index_.end() ? nullptr : &platforms_[it->second];
}

const Department* Organisation::FindDepartment(std::string_view code) const {
  const auto it = department_index_.find(code);
  return it == department_index_.end() ? nullptr : &departments_[it->second];
}

const Department* Organisation::FindDepartmentByKind(std::string_view platform_code,
                                                     std::string_view kind) const {
  for (const Department& department : departments_) {
    if (department.platform_code == platform_code && department.kind == kind) return &department;
  }
  return nullptr;
}

std::vector<const Department*> Organisation::DepartmentsOf(std::string_view platform_code) const {
  std::vector<const Department*> found;
  for (const Department& department : departments_) {
    if (department.platform_code == platform_code) found.push_back(&department);
  }
  return found;
}

}  // namespace rexian
