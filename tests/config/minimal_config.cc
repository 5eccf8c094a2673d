// The minimal valid configuration used by the config tests.
#include "minimal_config.h"

namespace rexian::testing {

std::map<std::string, std::string> MinimalConfigFiles() {
  return {
      {"rexian.yaml",
       "include:\n"               // 1
       "  - organisation.yaml\n"  // 2
       "  - taxonomy.yaml\n"      // 3
       "  - calendar.yaml\n"      // 4
       "  - users.yaml\n"         // 5
       "server:\n"                // 6
       "  port: 8345\n"},         // 7
      {"organisation.yaml",
       "organisation:\n"                                                          // 1
       "  platforms:\n"                                                           // 2
       "    - {code: \"3203\", name_zh: 徐州市, name_en: Xuzhou, level: city}\n"  // 3
       "    - {code: \"320302\", name_zh: 鼓楼区, name_en: Gulou District,\n"     // 4
       "       level: district, parent: \"3203\"}\n"                              // 5
       "  departments:\n"                                                         // 6
       "    - {code: \"3203-019\", kind: tourism, platform: \"3203\",\n"          // 7
       "       name_zh: 市文旅局, name_en: City Tourism Bureau}\n"                // 8
       "    - {code: \"320302-019\", kind: tourism, platform: \"320302\",\n"      // 9
       "       name_zh: 鼓楼区文旅局, name_en: Gulou Tourism Bureau}\n"},         // 10
      {"taxonomy.yaml",
       "taxonomy:\n"                                                                          // 1
       "  types:\n"                                                                           // 2
       "    - {code: \"01\", key: help, name_zh: 求助, name_en: Help}\n"                      // 3
       "  domains:\n"                                                                         // 4
       "    - code: \"01\"\n"                                                                 // 5
       "      key: transport\n"                                                               // 6
       "      name_zh: 交通出行\n"                                                            // 7
       "      name_en: Transport\n"                                                           // 8
       "      subcategories:\n"                                                               // 9
       "        - {code: \"0101\", name_zh: 路况管理, name_en: Roads, keywords: [路况]}\n"},  // 10
      {"calendar.yaml",
       "calendars:\n"                                                                   // 1
       "  - year: 2025\n"                                                               // 2
       "    timezone: Asia/Shanghai\n"                                                  // 3
       "    holidays:\n"                                                                // 4
       "      - {key: new_year, name_zh: 元旦, name_en: New Year, from: 2025-01-01}\n"  // 5
       "    makeup_workdays: [2025-01-26]\n"},                                          // 6
      {"users.yaml",
       "users:\n"                                                                              // 1
       "  - id: agent\n"                                                                       // 2
       "    name: Agent\n"                                                                     // 3
       "    role: agent\n"                                                                     // 4
       "    token_sha256: 8e9534173175a32387cf771e897d910787928ab81dae43484643bdede08632e7\n"  // 5
       "    personal_data: false\n"                                                            // 6
       "  - id: handler\n"                                                                     // 7
       "    name: Handler\n"                                                                   // 8
       "    role: department\n"                                                                // 9
       "    department: \"320302-019\"\n"                                                      // 10
       "    token_sha256: 91ec1f40a728a1ae79f213132678b7791723e79bd24710cf83a45c370c5cb7d3\n"  // 11
       "    personal_data: true\n"},                                                           // 12
  };
}

}  // namespace rexian::testing
