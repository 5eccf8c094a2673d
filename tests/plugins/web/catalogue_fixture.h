// A small taxonomy and organisation in the JSON shape of the host's config
// sections, for the web plugin's pure tests.
#pragma once

#include <catch2/catch.hpp>

#include "web/service_catalogue.h"

namespace rexian::web::testing {

inline const char* kTaxonomyJson = R"({
  "types": [{"code": "01", "key": "help", "name_zh": "求助", "name_en": "Help"}],
  "domains": [
    {"code": "01", "key": "transport", "name_zh": "交通出行", "name_en": "Transport",
     "subcategories": [
       {"code": "0101", "name_zh": "路况管理", "name_en": "Road and traffic management",
        "keywords": ["路况", "拥堵"]},
       {"code": "0105", "name_zh": "停车管理", "name_en": "Parking", "keywords": ["停车"]}]},
    {"code": "09", "key": "livelihood", "name_zh": "民生保障", "name_en": "Livelihood security",
     "subcategories": [
       {"code": "0901", "name_zh": "医疗保险", "name_en": "Medical insurance", "keywords": []}]}
  ]})";

inline const char* kOrganisationJson = R"({
  "platforms": [{"code": "3203", "name_zh": "徐州市", "name_en": "Xuzhou", "level": "city"}],
  "departments": [
    {"code": "3203-006", "kind": "police", "name_zh": "徐州市公安局", "name_en": "Xuzhou Public Security Bureau",
     "platform": "3203"}]})";

inline ServiceCatalogue TestCatalogue(const char* language = "zh") {
  auto catalogue = ServiceCatalogue::FromHostSections(kTaxonomyJson, kOrganisationJson, language);
  REQUIRE(catalogue.ok());
  return std::move(*catalogue);
}

}  // namespace rexian::web::testing
