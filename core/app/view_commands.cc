// `rexian rebuild` (replay the log into fresh views) and `rexian token new`.
#include <openssl/rand.h>

#include <chrono>
#include <cstdio>

#include "app/cli_args.h"
#include "app/commands.h"
#include "app/progress.h"
#include "app/runtime.h"
#include "app/views.h"
#include "config/token_digest.h"

namespace rexian::cli {

// Larger batches than a catch-up's: replaying from empty, each ticket's
// document is then written once per batch for more of its events.
constexpr std::size_t kRebuildBatch = 32768;

int RunRebuild(const Args& raw) {
  auto args = CliArgs::Parse(raw, {"config"}, {});
  if (!args.ok()) return Fail("rebuild", args.status().message(), 2);
  auto rt = OpenRuntime(args->Get("config", kDefaultConfig), RuntimeNeeds{});
  if (!rt.ok()) return Fail("rebuild", rt.status().ToString(), 2);
  auto views = Views::Open((*rt)->config);
  if (!views.ok()) return Fail("rebuild", views.status().ToString(), 1);
  if (Status s = (*views)->Clear(); !s.ok()) return Fail("rebuild", s.ToString(), 1);

  Progress progress("rebuild");
  const auto started = std::chrono::steady_clock::now();
  auto replayed = CatchUp((*rt)->store.get(), (*views)->all(), &progress, kRebuildBatch);
  if (!replayed.ok()) return Fail("rebuild", replayed.status().ToString(), 1);
  progress.Finish(*replayed);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("rebuilt views from %llu events in %.1f s (%.0f events/s; checkpoint %llu)\n",
              static_cast<unsigned long long>(*replayed), seconds,
              seconds > 0 ? static_cast<double>(*replayed) / seconds : 0.0,
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
