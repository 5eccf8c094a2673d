// `rexian rebuild` (replay the log into fresh views) and `rexian token new`.
#include <openssl/rand.h>

#include <cstdio>

#include "app/cli_args.h"
#include "app/commands.h"
#include "app/progress.h"
#include "app/runtime.h"
#include "app/views.h"
#include "config/token_digest.h"

namespace rexian::cli {

int RunRebuild(const Args& raw) {
  auto args = CliArgs::Parse(raw, {"config"}, {});
  if (!args.ok()) return Fail("rebuild", args.status().message(), 2);
  auto rt = OpenRuntime(args->Get("config", kDefaultConfig), RuntimeNeeds{});
  if (!rt.ok()) return Fail("rebuild", rt.status().ToString(), 2);
  auto views = Views::Open((*rt)->config);
  if (!views.ok()) return Fail("rebuild", views.status().ToString(), 1);
  if (Status s = (*views)->Clear(); !s.ok()) return Fail("rebuild", s.ToString(), 1);

  EventStore* store = (*rt)->store.get();
  const std::uint64_t head = store->HeadPosition();
  Progress progress("rebuild");
  std::vector<RecordedEvent> batch;
  std::uint64_t next = 1, replayed = 0;
  while (next <= head) {
    batch.clear();
    Status s = store->ReadAll(next, 8192, &batch);
    if (!s.ok()) return Fail("rebuild", s.ToString(), 1);
    if (batch.empty()) break;
    s = (*views)->tickets()->Apply(batch);
    if (!s.ok()) return Fail("rebuild", s.ToString(), 1);
    replayed += batch.size();
    next = batch.back().position + 1;
    progress.Update(replayed, head);
  }
  progress.Finish(replayed);
  std::printf("rebuilt views from %llu events (checkpoint %llu)\n",
              static_cast<unsigned long long>(replayed),
              static_cast<unsigned long long>((*views)->tickets()->checkpoint()));
  return 0;
}

int RunToken(const Args& raw) {
  if (raw.empty() || raw[0] != "new") return Fail("token", "usage: rexian token new", 2);
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return Fail("token", "no randomness available", 1);
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string token = "rxn_";
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char b : bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      token.push_back(kAlphabet[(acc >> bits) & 0x3f]);
    }
  }
  if (bits > 0) token.push_back(kAlphabet[(acc << (6 - bits)) & 0x3f]);
  std::printf("token:        %s\ntoken_sha256: %s\n", token.c_str(),
              config_internal::TokenSha256Hex(token).c_str());
  std::fprintf(stderr, "Give the token to its user once; put only token_sha256 into config/users.yaml.\n");
  return 0;
}

}  // namespace rexian::cli
