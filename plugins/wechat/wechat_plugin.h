// WechatPlugin: one instance of the WeChat official-account channel plugin,
// with everything its callbacks, threads and deliver() share.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rexian/plugin.h"
#include "wechat/citizen_memory.h"
#include "wechat/customer_service.h"
#include "wechat/expected.h"
#include "wechat/host_calls.h"
#include "wechat/message_cipher.h"
#include "wechat/wechat_options.h"
#include "wechat/work_thread.h"

namespace rexian::wechat {

class WechatPlugin;

// One configured official account: its options, its cipher (absent in
// plaintext mode without a key) and its customer-service client.
struct Account {
  WechatPlugin* plugin = nullptr;  // the instance serving it (the route's way back)
  AccountOptions options;
  std::optional<MessageCipher> cipher;
  std::unique_ptr<CustomerServiceClient> customer_service;
};

class WechatPlugin {
 public:
  // Reads the options, builds the accounts and registers one route pair
  // (GET verification, POST messages) per account. A failure names the option.
  static Expected<std::unique_ptr<WechatPlugin>> Create(const rexian_host_api* api,
                                                        rexian_host* host,
                                                        std::string_view config_json);
  ~WechatPlugin();
  WechatPlugin(const WechatPlugin&) = delete;
  WechatPlugin& operator=(const WechatPlugin&) = delete;

  // Starts the deadline and outbound threads.
  void Start();
  // Lets submits in flight finish (up to 3 s), stops answering, joins the threads.
  void Stop();

  // deliver() of the C ABI: sends `reply` through the customer-service API
  // of the account the ticket's contact came to. An acknowledgement whose
  // ticket number the plugin already told the citizen (passive reply or
  // late message) is not sent again: REXIAN_OK at once.
  rexian_status Deliver(const rexian_reply& reply, std::string* error);

  // Sends `text` to `openid` through `account` from the outbound thread,
  // retrying a retryable failure twice, 30 s apart. Any thread.
  void SendLater(const Account& account, const std::string& openid, const std::string& text,
                 int attempt = 1);

  const rexian_host_api* api() const { return api_; }
  rexian_host* host() const { return host_; }
  const WechatOptions& options() const { return options_; }
  const std::string& channel() const { return channel_; }
  CitizenMemory& memory() { return memory_; }
  HostGate& gate() { return *gate_; }
  WorkThread& deadlines() { return deadlines_; }

  // Now as RFC 3339 in the server's UTC offset (the contact's received_at).
  std::string NowText() const;

  void Log(rexian_log_level level, const std::string& message) const;
  // Adds one to rexian_plugin_<instance>_<name>_total (nothing once stopped:
  // after stop() only log may be called).
  void Count(const std::string& name) const;

 private:
  WechatPlugin(const rexian_host_api* api, rexian_host* host, WechatOptions options);
  const Account* AccountForContact(const std::string& channel_message_id) const;

  const rexian_host_api* api_;
  rexian_host* host_;
  WechatOptions options_;
  std::string channel_;
  int utc_offset_minutes_ = 0;
  std::vector<std::unique_ptr<Account>> accounts_;
  CitizenMemory memory_;
  std::shared_ptr<HostGate> gate_;
  WorkThread deadlines_;  // fast jobs only: answering `success` when the budget runs out
  WorkThread outbound_;   // blocking API calls
  std::atomic<bool> stop_called_{false};
  std::atomic<bool> stopped_{false};  // submits in flight settled: host calls end
};

}  // namespace rexian::wechat
