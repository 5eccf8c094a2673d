// Out of disk space: the append fails clearly, nothing is corrupted, and it works again later.
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/store_fixture.h"

namespace rexian::testing {
namespace {

// Runs in a child process, because RLIMIT_FSIZE applies to the whole process.
// The file size limit plays the full disk: writes past it fail with EFBIG
// exactly as ENOSPC would. Exit code 0 means every expectation held.
[[noreturn]] void FillUpAndRecover(const std::string& dir) {
  signal(SIGXFSZ, SIG_IGN);
  LmdbStoreOptions options;
  options.path = dir;
  auto opened = OpenLmdbEventStore(options);
  if (!opened.ok()) _exit(10);
  auto store = std::move(opened).value();
  std::string blob(3000, 'z');
  auto append = [&](int i) {
    NewEvent e = MakeEvent("f" + std::to_string(i));
    e.payload = R"({"blob":")" + blob + R"("})";
    return store->Append(AppendRequest{"full", ExpectedVersion::Any(), {e}});
  };
  for (int i = 0; i < 10; ++i) {
    if (!append(i).status.ok()) _exit(11);
  }
  struct stat st;
  if (stat((dir + "/data.mdb").c_str(), &st) != 0) _exit(12);
  rlimit limit{static_cast<rlim_t>(st.st_size + 64 * 1024), RLIM_INFINITY};
  if (setrlimit(RLIMIT_FSIZE, &limit) != 0) _exit(13);

  int i = 10;
  AppendResult r;
  for (; i < 1000; ++i) {
    r = append(i);
    if (!r.status.ok()) break;
  }
  if (!r.status.IsNoSpace()) _exit(14);
  if (r.status.message().find("out of disk space") == std::string::npos) _exit(15);
  const std::uint64_t head = store->HeadPosition();
  // Still consistent and readable while full.
  if (!store->Verify(nullptr).ok()) _exit(16);
  if (!append(i).status.IsNoSpace()) _exit(17);
  if (store->HeadPosition() != head) _exit(18);

  // Space is freed: appends work again, on the same open store.
  limit.rlim_cur = RLIM_INFINITY;
  if (setrlimit(RLIMIT_FSIZE, &limit) != 0) _exit(19);
  for (int k = 0; k < 50; ++k) {
    if (!append(i + k).status.ok()) _exit(20);
  }
  if (store->HeadPosition() != head + 50) _exit(21);
  if (!store->Verify(nullptr).ok()) _exit(22);
  store->Close();
  _exit(0);
}

TEST_CASE("out of disk space fails the append clearly and recovers when space returns",
          "[store][space][lmdb]") {
  TempDir dir;
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) FillUpAndRecover(dir.path());
  int wstatus = 0;
  REQUIRE(waitpid(child, &wstatus, 0) == child);
  REQUIRE(WIFEXITED(wstatus));
  CHECK(WEXITSTATUS(wstatus) == 0);

  auto store = OpenStore(dir.path());
  CHECK(store->Verify(nullptr).ok());
  CHECK(store->HeadPosition() >= 60);
}

}  // namespace
}  // namespace rexian::testing
