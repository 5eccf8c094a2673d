// Route with the shipped Xuzhou rules: every rule, keywords, platforms, holidays, the default.
#include "rexian/routing.h"

#include <catch2/catch.hpp>
#include <set>

#include "deadline_test_support.h"

namespace rexian {
namespace {

using testing::Beijing;
using testing::ShippedConfig;

struct RouteCase {
  const char* subcategory;
  const char* location;
  const char* text;
  const char* rule;
  const char* platform;  // dispatching platform
  const char* lead;
  std::vector<std::string> assisting;
};

void CheckRoute(const RouteCase& c, const Result<RoutingDecision>& decision) {
  INFO(c.subcategory << " @ '" << c.location << "': " << c.text);
  INFO(decision.status().ToString());
  REQUIRE(decision.ok());
  CHECK(decision->rule_id == c.rule);
  CHECK(decision->platform_code == c.platform);
  CHECK(decision->lead_department_code == c.lead);
  CHECK(decision->assisting_department_codes == c.assisting);
}

TEST_CASE("shipped routing: rules by sub-category, keyword and place", "[domain][routing]") {
  const RouteCase cases[] = {
      // Livelihood security: medical insurance and the provident fund are city bureaus.
      {"0301", "", "异地就医医保报销比例是多少", "medical_insurance", "3203", "3203-025", {}},
      {"0301", "320302", "医保卡丢了怎么补办", "medical_insurance", "3203", "3203-025", {}},
      {"0302", "", "公积金提取需要什么材料", "housing_provident_fund", "3203", "3203-026", {}},
      {"0302", "320382", "公积金贷款额度", "housing_provident_fund", "3203", "3203-026", {}},
      // Roads: transport leads, the traffic police assist; the district's own
      // transport bureau leads in a district, the city's traffic police still assist.
      {"0101", "", "三环路路面坑洼", "road_conditions", "3203", "3203-015", {"3203-028"}},
      {"0101",
       "320302",
       "中山北路路面破损",
       "road_conditions",
       "320302",
       "320302-015",
       {"3203-028"}},
      // In a county the county police (with its traffic brigade) assist.
      {"0101", "320322", "县道护栏损坏", "county_roads", "320322", "320322-015", {"320322-006"}},
      {"0101", "320382", "路口红绿灯坏了", "county_roads", "320382", "320382-015", {"320382-006"}},
      // Signals in the city: the traffic police lead.
      {"0101", "", "淮海路口红绿灯不亮", "traffic_signals", "3203", "3203-028", {"3203-015"}},
      {"0101", "320303", "信号灯时间太短", "traffic_signals", "3203", "3203-028", {"320303-015"}},
      // Parking around schools: traffic police with city management.
      {"0105", "", "实验小学门口接送车辆乱停", "school_parking", "3203", "3203-028", {"3203-014"}},
      {"0105",
       "320303",
       "幼儿园门口违停堵路",
       "school_parking",
       "3203",
       "3203-028",
       {"320303-014"}},
      {"0105", "", "小区消防通道被车占用", "fire_lane_parking", "3203", "3203-029", {"3203-028"}},
      {"0105", "320311", "路边违停", "parking", "3203", "3203-028", {"320311-014"}},
      {"0102", "", "公交车班次太少", "transport_services", "3203", "3203-015", {}},
      {"0106", "", "违章罚款有疑问", "traffic_police_services", "3203", "3203-028", {}},
      // Noise: environment or city management depending on the source.
      {"0606", "", "楼下广场舞音响太吵", "commercial_noise", "3203", "3203-014", {"3203-012"}},
      {"0609",
       "320302",
       "商户高音喇叭叫卖",
       "commercial_noise",
       "320302",
       "320302-014",
       {"3203-012"}},
      {"0606",
       "",
       "工地夜间施工噪音扰民",
       "construction_noise",
       "3203",
       "3203-013",
       {"3203-012", "3203-014"}},
      {"0606", "", "化工厂排放异味", "environment", "3203", "3203-012", {"3203-014"}},
      {"0606", "320312", "河道黑臭水体", "environment", "3203", "3203-012", {"320312-014"}},
      // Other rules.
      {"0603", "", "渣土车沿路撒漏", "construction_sites", "3203", "3203-013", {"3203-014"}},
      {"0604", "", "暴雨后路面积水严重", "drainage", "3203", "3203-016", {"3203-014"}},
      {"0604", "", "路灯不亮", "city_management", "3203", "3203-014", {}},
      {"0402", "", "停车场乱收费", "prices", "3203", "3203-023", {"3203-002"}},
      {"0402", "320324", "菜市场不明码标价", "prices", "320324", "320324-023", {"320324-002"}},
      {"0406", "", "有人在小区搞非法集资", "illegal_fundraising", "3203", "3203-006", {"3203-009"}},
      {"0406", "", "信用卡年费", "financial_services", "3203", "3203-009", {}},
      {"0204", "320305", "身份证补办", "household_registration", "320305", "320305-006", {}},
      {"0903", "320311", "小学入学划片", "education", "320311", "320311-003", {}},
      {"1001", "", "医院挂号难", "health", "3203", "3203-020", {}},
      {"0702", "", "小区频繁停电", "power_supply", "3203", "3203-033", {}},
      {"0808", "320303", "小区流浪狗伤人", "dogs", "320303", "320303-006", {"320303-014"}},
      {"0901", "320302", "景区门票价格", "tourism", "320302", "320302-019", {}},
      // The default: unclassified, or a sub-category no rule names (postal services).
      {"", "", "不知道该找哪个部门", "default", "3203", "3203-001", {}},
      {"0706", "320302", "邮局营业时间", "default", "3203", "3203-001", {}},
  };
  for (const RouteCase& c : cases)
    CheckRoute(c, Route(ShippedConfig(), c.subcategory, c.location, c.text));
}

TEST_CASE("shipped routing: holiday tourism links pricing and market regulation",
          "[domain][routing]") {
  RoutingRequest request;
  request.subcategory_code = "0901";
  request.location_code = "320302";
  request.text = "景区餐馆宰客，一盘菜收费八百元";
  request.type = "complaint";

  request.received_at = Beijing(2025, 10, 3, 10);  // National Day holiday
  CheckRoute({"0901",
              "320302",
              "holiday complaint",
              "holiday_tourism_complaint",
              "320302",
              "320302-019",
              {"320302-023", "320302-002"}},
             Route(ShippedConfig(), request));

  request.received_at = Beijing(2025, 10, 10, 10);  // an ordinary Friday
  CheckRoute({"0901", "320302", "ordinary day", "tourism", "320302", "320302-019", {}},
             Route(ShippedConfig(), request));

  request.received_at.reset();  // unknown time: holiday rules do not apply
  CheckRoute({"0901", "320302", "no time", "tourism", "320302", "320302-019", {}},
             Route(ShippedConfig(), request));

  // Traffic around a scenic spot on a holiday, whatever the type.
  request.type = "consultation";
  request.location_code = "";
  request.text = "去云龙湖景区的路上堵车严重，哪里可以停车";
  request.received_at = Beijing(2025, 5, 2, 9);  // May Day holiday
  CheckRoute({"0901",
              "",
              "holiday traffic",
              "holiday_tourism_traffic",
              "3203",
              "3203-019",
              {"3203-015", "3203-006", "3203-014"}},
             Route(ShippedConfig(), request));

  // A holiday consultation without traffic words is ordinary tourism.
  request.text = "景区几点开门";
  CheckRoute({"0901", "", "holiday consultation", "tourism", "3203", "3203-019", {}},
             Route(ShippedConfig(), request));
}

TEST_CASE("the location picks the platform: exact code, longer code, anything else is the city",
          "[domain][routing]") {
  const Organisation& organisation = ShippedConfig().organisation;
  CHECK(LocatePlatform(organisation, "320302").code == "320302");
  CHECK(LocatePlatform(organisation, "320302001").code == "320302");  // a township of 鼓楼区
  CHECK(LocatePlatform(organisation, "320382104000").code == "320382");
  CHECK(LocatePlatform(organisation, "3203").code == "3203");
  CHECK(LocatePlatform(organisation, "320399").code == "3203");  // not a configured platform
  CHECK(LocatePlatform(organisation, "320102").code == "3203");  // Nanjing: not ours
  CHECK(LocatePlatform(organisation, "").code == "3203");

  auto decision = Route(ShippedConfig(), "0903", "320302001", "转学手续");
  REQUIRE(decision.ok());
  CHECK(decision->location_platform_code == "320302");
  CHECK(decision->lead_department_code == "320302-003");
  auto up = Route(ShippedConfig(), "0301", "320302001", "医保");
  REQUIRE(up.ok());
  CHECK(up->location_platform_code == "320302");
  CHECK(up->platform_code == "3203");
}

TEST_CASE(
    "shipped routing: every sub-category but postal services has its own rule, on every "
    "platform",
    "[domain][routing]") {
  const Config& config = ShippedConfig();
  std::set<std::string> rules_used;
  for (const Domain& domain : config.taxonomy.domains()) {
    for (const SubCategory& sub : domain.subcategories) {
      for (const Platform& platform : config.organisation.platforms()) {
        INFO(sub.code << " " << sub.name_zh << " @ " << platform.code);
        auto decision = Route(config, sub.code, platform.code, sub.keywords.front());
        REQUIRE(decision.ok());
        CHECK((decision->rule_id == "default") == (sub.code == "0706"));
        const Department* lead = config.organisation.FindDepartment(decision->lead_department_code);
        REQUIRE(lead != nullptr);
        CHECK(lead->platform_code == decision->platform_code);
        CHECK((lead->platform_code == platform.code || lead->platform_code == "3203"));
        for (const std::string& code : decision->assisting_department_codes) {
          CHECK(config.organisation.FindDepartment(code) != nullptr);
          CHECK(code != decision->lead_department_code);
        }
        rules_used.insert(decision->rule_id);
      }
    }
  }
  // Never taken here: the rules that need a type, a time or particular words.
  std::set<std::string> never_used;
  for (const RoutingRule& rule : config.routing.rules) {
    if (rules_used.count(rule.id) == 0) never_used.insert(rule.id);
  }
  CHECK(never_used == std::set<std::string>{"holiday_tourism_traffic", "holiday_tourism_complaint",
                                            "traffic_signals", "school_parking",
                                            "fire_lane_parking", "illegal_fundraising",
                                            "commercial_noise", "construction_noise", "drainage"});
}

TEST_CASE("Route refuses unknown sub-categories and types", "[domain][routing]") {
  auto unknown = Route(ShippedConfig(), "0999", "", "");
  CHECK(unknown.status().IsInvalidArgument());
  CHECK(unknown.status().message() == "unknown sub-category \"0999\"");
  RoutingRequest request;
  request.type = "praise";
  CHECK(Route(ShippedConfig(), request).status().IsInvalidArgument());
  Config without_rules = ShippedConfig();
  without_rules.routing.rules.clear();
  CHECK(Route(without_rules, "0301", "", "").status().IsNotFound());
}

TEST_CASE("holiday routing in a year without calendar is refused", "[domain][routing]") {
  RoutingRequest request;
  request.subcategory_code = "0901";
  request.type = "complaint";
  request.received_at = Beijing(2027, 10, 3, 10);
  CHECK(Route(ShippedConfig(), request).status().IsUnsupported());
  // A request no holiday rule could take needs no calendar.
  request.subcategory_code = "0301";
  CHECK(Route(ShippedConfig(), request).ok());
}

}  // namespace
}  // namespace rexian
