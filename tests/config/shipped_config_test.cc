// The shipped Xuzhou configuration (config/rexian.yaml) loads and says what DOMAIN.md says.
#include <catch2/catch.hpp>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "rexian/config.h"

namespace rexian {
namespace {

const Config& Shipped() {
  static const Config config = [] {
    auto loaded = LoadConfig(std::string(REXIAN_SOURCE_DIR) + "/config/rexian.yaml");
    INFO(loaded.status().ToString());
    REQUIRE(loaded.ok());
    return std::move(loaded).value();
  }();
  return config;
}

TEST_CASE("shipped config: server and store settings", "[config]") {
  const Config& config = Shipped();
  CHECK(config.server.bind == "127.0.0.1");
  CHECK(config.server.port == 8345);
  CHECK(config.store.backend == StoreBackend::kLmdb);
  CHECK(config.store.durability == Durability::kFsync);
  CHECK(config.store.path != config.store.keys_path);
  CHECK(config.schemas_dir == "schemas");
}

TEST_CASE("shipped config: Xuzhou and its ten county and district platforms", "[config]") {
  const Organisation& organisation = Shipped().organisation;
  REQUIRE(organisation.platforms().size() == 11);
  CHECK(organisation.city().code == "3203");
  CHECK(organisation.city().name_zh == "徐州市");
  const std::pair<const char*, PlatformLevel> expected[] = {
      {"320302", PlatformLevel::kDistrict},   {"320303", PlatformLevel::kDistrict},
      {"320305", PlatformLevel::kDistrict},   {"320311", PlatformLevel::kDistrict},
      {"320312", PlatformLevel::kDistrict},   {"320321", PlatformLevel::kCounty},
      {"320322", PlatformLevel::kCounty},     {"320324", PlatformLevel::kCounty},
      {"320381", PlatformLevel::kCountyCity}, {"320382", PlatformLevel::kCountyCity}};
  for (const auto& [code, level] : expected) {
    INFO(code);
    const Platform* platform = organisation.FindPlatform(code);
    REQUIRE(platform != nullptr);
    CHECK(platform->level == level);
    CHECK(platform->parent_code == "3203");
    CHECK_FALSE(organisation.DepartmentsOf(code).empty());
  }
  CHECK(organisation.FindPlatform("320302")->name_zh == "鼓楼区");
  CHECK(organisation.FindPlatform("320382")->name_zh == "邳州市");
}

TEST_CASE("shipped config: the departments DOMAIN.md names exist at city level", "[config]") {
  const Organisation& organisation = Shipped().organisation;
  CHECK(organisation.DepartmentsOf("3203").size() >= 30);
  for (const char* kind : {"tourism", "transport", "police", "city_management",
                           "development_reform", "market_regulation", "education", "housing",
                           "health", "medical_insurance", "housing_fund", "human_resources"}) {
    INFO(kind);
    CHECK(organisation.FindDepartmentByKind("3203", kind) != nullptr);
  }
  // Holiday tourism links these on every platform.
  for (const Platform& platform : organisation.platforms()) {
    for (const char* kind : {"tourism", "transport", "police", "city_management",
                             "development_reform", "market_regulation"}) {
      INFO(platform.code << " " << kind);
      CHECK(organisation.FindDepartmentByKind(platform.code, kind) != nullptr);
    }
  }
}

TEST_CASE("shipped config: five types, ten domains, the named sub-categories", "[config]") {
  const Taxonomy& taxonomy = Shipped().taxonomy;
  REQUIRE(taxonomy.types().size() == 5);
  std::set<std::string> type_names;
  for (const auto& type : taxonomy.types()) type_names.insert(type.name_zh);
  CHECK(type_names == std::set<std::string>{"求助", "咨询", "投诉举报", "意见建议", "其他"});

  REQUIRE(taxonomy.domains().size() == 10);
  std::set<std::string> domain_names;
  for (const auto& domain : taxonomy.domains()) {
    domain_names.insert(domain.name_zh);
    INFO(domain.name_zh);
    CHECK(domain.subcategories.size() >= 6);
    CHECK(domain.subcategories.size() <= 12);
    for (const auto& sub : domain.subcategories) CHECK_FALSE(sub.keywords.empty());
  }
  CHECK(domain_names == std::set<std::string>{"交通出行", "党务政务", "民生保障", "经济综合",
                                              "住房保障", "城乡建设", "公共服务", "公共安全",
                                              "科教文旅", "医疗卫生"});

  auto domain_of = [&](const std::string& sub_name) -> std::string {
    for (const auto& domain : taxonomy.domains()) {
      for (const auto& sub : domain.subcategories) {
        if (sub.name_zh == sub_name) return domain.name_zh;
      }
    }
    return "(absent)";
  };
  CHECK(domain_of("医疗保险") == "民生保障");
  CHECK(domain_of("公积金") == "民生保障");
  CHECK(domain_of("路况管理") == "交通出行");
  CHECK(domain_of("旅游服务") == "科教文旅");
}

// Every day from first to last, as "YYYY-MM-DD".
std::vector<std::string> DaysOf(const HolidayCalendar& calendar) {
  std::vector<std::string> days;
  for (const Holiday& holiday : calendar.holidays) {
    for (auto day = std::chrono::sys_days{holiday.first};
         day <= std::chrono::sys_days{holiday.last}; day += std::chrono::days{1}) {
      days.push_back(FormatDate(CivilDate{day}));
    }
  }
  return days;
}

std::vector<std::string> Range(int year, unsigned month, unsigned first_day, unsigned last_day) {
  std::vector<std::string> days;
  for (unsigned d = first_day; d <= last_day; ++d) {
    days.push_back(FormatDate(
        CivilDate{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{d}}));
  }
  return days;
}

std::vector<std::string> Concat(std::initializer_list<std::vector<std::string>> parts) {
  std::vector<std::string> all;
  for (const auto& part : parts) all.insert(all.end(), part.begin(), part.end());
  return all;
}

std::vector<std::string> MakeupDays(const HolidayCalendar& calendar) {
  std::vector<std::string> days;
  for (const CivilDate& day : calendar.makeup_workdays) days.push_back(FormatDate(day));
  return days;
}

TEST_CASE("shipped config: the 2024 calendar is exactly DOMAIN.md's", "[config]") {
  const HolidayCalendar* calendar = Shipped().calendar.Find(2024);
  REQUIRE(calendar != nullptr);
  CHECK(Shipped().calendar.timezone() == "Asia/Shanghai");
  CHECK(DaysOf(*calendar) ==
        Concat({Range(2024, 1, 1, 1), Range(2024, 2, 10, 17), Range(2024, 4, 4, 6),
                Range(2024, 5, 1, 5), Range(2024, 6, 8, 10), Range(2024, 9, 15, 17),
                Range(2024, 10, 1, 7)}));
  CHECK(MakeupDays(*calendar) == std::vector<std::string>{"2024-02-04", "2024-02-18", "2024-04-07",
                                                          "2024-04-28", "2024-05-11", "2024-09-14",
                                                          "2024-09-29", "2024-10-12"});
  std::vector<std::string> names;
  for (const Holiday& holiday : calendar->holidays) names.push_back(holiday.name_zh);
  CHECK(names ==
        std::vector<std::string>{"元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"});
}

TEST_CASE("shipped config: the 2025 calendar is exactly DOMAIN.md's", "[config]") {
  const HolidayCalendar* calendar = Shipped().calendar.Find(2025);
  REQUIRE(calendar != nullptr);
  CHECK(DaysOf(*calendar) ==
        Concat({Range(2025, 1, 1, 1), Range(2025, 1, 28, 31), Range(2025, 2, 1, 4),
                Range(2025, 4, 4, 6), Range(2025, 5, 1, 5), Range(2025, 5, 31, 31),
                Range(2025, 6, 1, 2), Range(2025, 10, 1, 8)}));
  CHECK(MakeupDays(*calendar) == std::vector<std::string>{"2025-01-26", "2025-02-08", "2025-04-27",
                                                          "2025-09-28", "2025-10-11"});
  REQUIRE(calendar->holidays.size() == 6);
  CHECK(calendar->holidays.back().key == "mid_autumn_national_day");

  using namespace std::chrono;
  const WorkingCalendar& working = Shipped().calendar;
  CHECK_FALSE(working.IsWorkingDay(2025y / October / 8));  // Wednesday, holiday
  CHECK(working.IsWorkingDay(2025y / October / 9));
  CHECK(working.IsWorkingDay(2025y / October / 11));        // Saturday, make-up
  CHECK_FALSE(working.IsWorkingDay(2025y / October / 12));  // plain Sunday
}

TEST_CASE("shipped config: one demo user per role, tokens as documented", "[config]") {
  const UserDirectory& users = Shipped().users;
  std::set<Role> roles;
  for (const User& user : users.users()) roles.insert(user.role);
  CHECK(roles.size() == 6);
  const User* department_user = nullptr;
  for (const User& user : users.users()) {
    if (user.role == Role::kDepartment) department_user = &user;
  }
  REQUIRE(department_user != nullptr);
  CHECK(department_user->department_code == "3203-019");

  // docs/configuration.md lists the demo tokens as "| `id` | role | `rxn_...` |".
  std::ifstream docs(std::string(REXIAN_SOURCE_DIR) + "/docs/configuration.md");
  REQUIRE(docs);
  std::stringstream text;
  text << docs.rdbuf();
  const std::string content = text.str();
  const std::regex row(R"(\| `([a-z0-9.-]+)` \| [a-z]+ \| `(rxn_[A-Za-z0-9_-]{43})` \|)");
  int matched = 0;
  for (auto it = std::sregex_iterator(content.begin(), content.end(), row);
       it != std::sregex_iterator(); ++it) {
    const std::string id = (*it)[1];
    const std::string token = (*it)[2];
    INFO(id);
    const User* user = users.FindByToken(token);
    REQUIRE(user != nullptr);
    CHECK(user->id == id);
    ++matched;
  }
  CHECK(matched == static_cast<int>(users.users().size()));
}

}  // namespace
}  // namespace rexian
