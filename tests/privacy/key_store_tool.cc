// key_store_tool: a second process for the cross-process KeyStore tests (as `rexian forget` is).
//   key_store_tool DIR keyfor CITIZEN            prints the key id
//   key_store_tool DIR forget CITIZEN            prints how many keys were destroyed
//   key_store_tool DIR find KEY_ID               prints the citizen, or "not found"
//   key_store_tool DIR fill PREFIX N MAP_BYTES   creates N keys with a given initial map size,
//                                                prints the last key id
#include <cstdio>
#include <cstdlib>
#include <string>

#include "rexian/privacy.h"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: key_store_tool DIR keyfor|forget|find|fill ARG...\n");
    return 2;
  }
  std::string dir = argv[1];
  std::string command = argv[2];
  std::string arg = argv[3];
  rexian::KeyStoreOptions options;
  if (command == "fill" && argc == 6)
    options.initial_map_size = std::strtoull(argv[5], nullptr, 10);
  auto store = rexian::KeyStore::Open(dir, options);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  if (command == "keyfor") {
    auto key = (*store)->KeyFor(arg);
    if (!key.ok()) return 1;
    std::printf("%s\n", key->id.c_str());
  } else if (command == "forget") {
    auto count = (*store)->Forget(arg);
    if (!count.ok()) return 1;
    std::printf("%zu\n", *count);
  } else if (command == "find") {
    auto info = (*store)->Describe(arg);
    if (!info.ok() && !info.status().IsNotFound()) return 1;
    std::printf("%s\n", info.ok() ? info->citizen_id.c_str() : "not found");
  } else if (command == "fill" && argc == 6) {
    long n = std::strtol(argv[4], nullptr, 10);
    std::string last;
    for (long i = 0; i < n; ++i) {
      auto key = (*store)->KeyFor(arg + std::to_string(i));
      if (!key.ok()) {
        std::fprintf(stderr, "%s\n", key.status().ToString().c_str());
        return 1;
      }
      last = key->id;
    }
    std::printf("%s\n", last.c_str());
  } else {
    return 2;
  }
  return 0;
}
