// Building the form, contact and health-check requests, and judging their answers.
#include "intake_workloads.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace rexian::web_bench {
namespace {

// The demo integrator of the shipped configuration (docs/configuration.md).
constexpr const char* kIntegratorToken = "rxn_sVV1nOmY1LgsW23g-VxxYXpNIIYQiipXzb8qLpYUSCc";

// Common surnames and given names: a realistic `name` field, one per index.
constexpr const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙"};
constexpr const char* kGivenNames[] = {"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超"};

std::string NameOf(std::uint64_t i) {
  return std::string(kSurnames[i % std::size(kSurnames)]) +
         kGivenNames[(i / std::size(kSurnames)) % std::size(kGivenNames)];
}

// `prefix` + the last 8 decimal digits of `i`: a mobile number per citizen.
std::string PhoneOf(const char* prefix, std::uint64_t i) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%s%08llu", prefix,
                static_cast<unsigned long long>(i % 100'000'000));
  return digits;
}

// Now in UTC, RFC 3339.
std::string NowRfc3339() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  ::gmtime_r(&t, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string Clip(std::string_view body) {
  return std::string(body.substr(0, 300)) + (body.size() > 300 ? "…" : "");
}

// A job of one request, accepted on `expected_status` (and, for intake,
// only when the answer is a new ticket).
class OneRequestJob : public bench::LoadJob {
 public:
  OneRequestJob(bench::LoadRequest request, int expected_status, bool new_ticket)
      : request_(std::move(request)), expected_status_(expected_status), new_ticket_(new_ticket) {}

  std::optional<bench::LoadRequest> Next() override {
    if (sent_) return std::nullopt;
    sent_ = true;
    return std::move(request_);
  }

  bench::AnswerCheck Check(int status, std::string_view body) override {
    const bool ok = status == expected_status_ &&
                    (!new_ticket_ || (body.find("\"duplicate\":false") != std::string_view::npos &&
                                      body.find("\"attached\":false") != std::string_view::npos));
    if (ok) return {};
    return {bench::Verdict::kRefused, "HTTP " + std::to_string(status) + ": " + Clip(body)};
  }

 private:
  bench::LoadRequest request_;
  int expected_status_;
  bool new_ticket_;
  bool sent_ = false;
};

class IntakeWorkload : public bench::Workload {
 public:
  IntakeWorkload(Scenario scenario, const std::vector<CitizenText>* texts)
      : scenario_(scenario), texts_(texts) {}

  std::vector<std::string> KindNames() const override {
    return {std::string(ScenarioRoute(scenario_))};
  }

  std::unique_ptr<bench::LoadJob> MakeJob(std::uint64_t i) const override {
    const CitizenText& t = (*texts_)[i % texts_->size()];
    bench::LoadRequest r;
    r.what = std::string(ScenarioRoute(scenario_)) + " #" + std::to_string(i);
    std::string body;
    switch (scenario_) {
      case Scenario::kWebForm: {
        const std::string phone = PhoneOf("139", i);
        body = "{\"name\":\"" + NameOf(i) + "\",\"phone\":\"" + phone + "\",";
        if (!t.subject_json.empty()) body += "\"subject\":" + t.subject_json + ",";
        body += "\"text\":" + t.text_json + ",\"client_request_id\":\"web-bench-" +
                std::to_string(i) + "\"}";
        r.bytes = bench::HttpRequestBytes("POST", "/web/requests",
                                          {{"Content-Type", "application/json"}}, body);
        return std::make_unique<OneRequestJob>(std::move(r), 201, true);
      }
      case Scenario::kContacts: {
        const std::string phone = PhoneOf("137", i);
        body = "{\"channel\":\"web\",\"channel_message_id\":\"contacts-bench-" + std::to_string(i) +
               "\",\"received_at\":\"" + NowRfc3339() + "\",\"citizen\":{\"id\":\"phone:" + phone +
               "\",\"name\":\"" + NameOf(i) + "\",\"phone\":\"" + phone + "\"},";
        if (!t.subject_json.empty()) body += "\"subject\":" + t.subject_json + ",";
        body += "\"text\":" + t.text_json + "}";
        r.bytes = bench::HttpRequestBytes(
            "POST", "/v1/contacts",
            {{"Authorization", std::string("Bearer ") + kIntegratorToken},
             {"Content-Type", "application/json"}},
            body);
        return std::make_unique<OneRequestJob>(std::move(r), 201, true);
      }
      case Scenario::kHealthz:
        r.bytes = bench::HttpRequestBytes("GET", "/healthz", {}, "");
        return std::make_unique<OneRequestJob>(std::move(r), 200, false);
    }
    return nullptr;
  }

 private:
  Scenario scenario_;
  const std::vector<CitizenText>* texts_;
};

}  // namespace

std::unique_ptr<bench::Workload> MakeWorkload(Scenario scenario,
                                              const std::vector<CitizenText>* texts) {
  return std::make_unique<IntakeWorkload>(scenario, texts);
}

}  // namespace rexian::web_bench
