// key_store_tool: a second process for the cross-process KeyStore tests (as `rexian forget` is).
//   key_store_tool DIR keyfor CITIZEN            prints the key id
//   key_store_tool DIR forget CITIZEN            prints how many keys were destroyed
//   key_store_tool DIR find KEY_ID               prints the citizen, or "not found"
//   key_store_tool DIR fill PREFIX N MAP_BYTES   creates N keys with a given initial map size,
//                                                prints the last key id
//   key_store_tool DIR create PREFIX N THREADS   THREADS threads each ask for the keys of PREFIX0 ..
//                                                PREFIX(N-1), from different starting points;
//                                                prints "citizen key_id" per citizen (exit 3 if
//                                                two threads got different keys)
//   key_store_tool DIR verify FILE               opens the store READ-ONLY (so nothing can be
//                                                created) and checks that each "citizen key_id"
//                                                line of FILE is the citizen's current key and
//                                                describes back to the citizen; prints the count
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "rexian/privacy.h"

namespace {

int CreateConcurrently(rexian::KeyStore& store, const std::string& prefix, long n, long threads) {
  std::vector<std::vector<std::string>> ids(static_cast<std::size_t>(threads),
                                            std::vector<std::string>(static_cast<std::size_t>(n)));
  std::vector<int> failed(static_cast<std::size_t>(threads), 0);
  std::vector<std::thread> workers;
  for (long t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      auto& mine = ids[static_cast<std::size_t>(t)];
      for (long j = 0; j < n; ++j) {
        long citizen = (j + t * n / threads) % n;
        auto key = store.KeyFor(prefix + std::to_string(citizen));
        if (!key.ok()) {
          std::fprintf(stderr, "%s\n", key.status().ToString().c_str());
          failed[static_cast<std::size_t>(t)] = 1;
          return;
        }
        mine[static_cast<std::size_t>(citizen)] = key->id;
      }
    });
  }
  for (auto& worker : workers) worker.join();
  for (int f : failed) {
    if (f) return 1;
  }
  for (long c = 0; c < n; ++c) {
    const std::string& id = ids[0][static_cast<std::size_t>(c)];
    for (const auto& other : ids) {
      if (other[static_cast<std::size_t>(c)] != id) return 3;
    }
    std::printf("%s%ld %s\n", prefix.c_str(), c, id.c_str());
  }
  return 0;
}

int Verify(rexian::KeyStore& store, const std::string& file) {
  std::ifstream in(file);
  std::string citizen, id;
  long count = 0;
  while (in >> citizen >> id) {
    auto key = store.KeyFor(citizen);
    auto info = store.Describe(id);
    if (!key.ok() || key->id != id || !info.ok() || info->citizen_id != citizen) {
      std::printf("mismatch %s\n", citizen.c_str());
      return 3;
    }
    ++count;
  }
  std::printf("%ld\n", count);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr,
                 "usage: key_store_tool DIR keyfor|forget|find|fill|create|verify ARG...\n");
    return 2;
  }
  std::string dir = argv[1];
  std::string command = argv[2];
  std::string arg = argv[3];
  rexian::KeyStoreOptions options;
  if (command == "fill" && argc == 6)
    options.initial_map_size = std::strtoull(argv[5], nullptr, 10);
  options.read_only = command == "verify";
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
  } else if (command == "create" && argc == 6) {
    long n = std::strtol(argv[4], nullptr, 10);
    long threads = std::strtol(argv[5], nullptr, 10);
    if (n < 1 || threads < 1) return 2;
    return CreateConcurrently(**store, arg, n, threads);
  } else if (command == "verify") {
    return Verify(**store, arg);
  } else {
    return 2;
  }
  return 0;
}
