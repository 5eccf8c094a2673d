// Valid example payloads for every shipped event type, metadata and contact.
#include "event_examples.h"

namespace rexian::testing {

const std::vector<EventExample>& ValidEventExamples() {
  static const std::vector<EventExample> kExamples = {
      {"test.recorded", 1, R"({"n": 1})"},
      {"test.recorded", 1, R"({"n": -7, "note": "hello"})"},
      // A WeChat message with everything filled in.
      {"ticket.opened", 1, R"({
        "number": "3203-2025-000001", "platform": "xuzhou", "level": "city", "channel": "wechat",
        "contact": {"channel_message_id": "24100012345678",
                    "received_at": "2025-03-01T09:30:00+08:00"},
        "citizen": {"channel_id": "oAbC1234567890_-xyz", "name": "张三", "phone": "13800138000",
                    "wechat_openid": "oAbC1234567890_-xyz", "email": "zhang@example.cn"},
        "subject": "学校门口违停",
        "text": "每天早上学校门口消防通道被违停车辆堵住。",
        "location": {"address": "鼓楼区中山北路1号", "lat": 34.27, "lon": 117.18,
                     "district_code": "gulou"},
        "urgency": "normal",
        "classification": {"type": "complaint", "domain": "transport",
                           "subcategory": "road_traffic"},
        "attachments": [{"kind": "image", "ref": "media://wechat/abc", "name": "photo.jpg"},
                        {"kind": "link", "ref": "https://example.cn/x"}]})"},
      // An anonymous phone call to a county platform, urgent, nothing optional.
      {"ticket.opened", 1, R"({"number": "3203-2025-000002", "platform": "320302",
        "level": "county", "channel": "phone", "text": "咨询医保报销比例", "urgency": "urgent"})"},
      // A question raised during a livestream programme.
      {"ticket.opened", 1, R"({"number": "LIVE-2025-0001", "platform": "xuzhou", "level": "city",
        "channel": "livestream", "livestream_session": "mayor-online-2025-06",
        "contact": {"channel_message_id": "bili:9988", "received_at": "2025-06-01T10:00:00Z"},
        "text": "小区加装电梯进度如何？", "urgency": "normal",
        "location": {"district_code": "yunlong"}})"},
      {"ticket.classified", 1, R"({"type": "help", "domain": "livelihood",
        "subcategory": "medical_insurance"})"},
      {"ticket.classified", 1, R"({"type": "complaint", "domain": "transport",
        "previous": {"type": "consultation", "domain": "transport", "subcategory": "road"}})"},
      {"ticket.answered", 1,
       R"({"answer": "医保报销比例为70%。", "knowledge_article": "kb-1024"})"},
      {"ticket.answered", 1, R"({"answer": "请拨打110。"})"},
      {"ticket.dispatched", 1, R"({"dispatch_number": 1, "lead_department": "traffic_police",
        "assisting_departments": ["education", "city-management"],
        "deadline": "2025-03-10T17:30:00+08:00", "acknowledge_deadline": "2025-03-03T17:30:00+08:00",
        "sla_policy": "complaint-5wd", "routing_rule": "school-parking",
        "instructions": "请核实学校周边违停情况。"})"},
      {"ticket.dispatched", 1, R"({"dispatch_number": 1, "lead_department": "hrss",
        "deadline": "2025-03-04T23:59:59.999+08:00", "sla_policy": "help-3wd"})"},
      {"ticket.redispatched", 1, R"({"dispatch_number": 2, "lead_department": "housing",
        "deadline": "2025-03-12T17:30:00+08:00", "sla_policy": "complaint-5wd",
        "reason": "原承办单位退回：非本单位职责"})"},
      {"ticket.acknowledged", 1, R"({"dispatch_number": 1, "department": "traffic_police"})"},
      {"ticket.returned", 1, R"({"dispatch_number": 1, "department": "hrss",
        "reason_code": "not_our_remit", "reason": "属住建部门职责。"})"},
      {"ticket.returned", 1,
       R"({"dispatch_number": 3, "department": "hrss", "reason": "地址不详"})"},
      {"ticket.progress_noted", 1,
       R"({"department": "traffic_police", "note": "已安排执法人员现场查看。"})"},
      {"ticket.progress_noted", 1, R"({"note": "平台已电话联系市民。"})"},
      {"ticket.extension_requested", 1, R"({"department": "housing",
        "requested_deadline": "2025-03-20T17:30:00+08:00", "reason": "需协调多个部门。"})"},
      {"ticket.extension_approved", 1, R"({"department": "housing",
        "new_deadline": "2025-03-20T17:30:00+08:00", "note": "同意延期。"})"},
      {"ticket.extension_approved", 1, R"({"department": "housing",
        "new_deadline": "2025-03-20T09:30:00Z"})"},
      {"ticket.extension_refused", 1,
       R"({"department": "housing", "reason": "事项简单，应按期办结。"})"},
      {"ticket.urged", 1, R"({"department": "housing", "note": "请尽快办理。"})"},
      {"ticket.urged", 1, R"({"department": "housing"})"},
      {"ticket.supervised", 1, R"({"department": "housing", "note": "列入督办。"})"},
      {"ticket.deadline_warning", 1, R"({"stage": "resolution", "department": "housing",
        "deadline": "2025-03-10T17:30:00+08:00"})"},
      {"ticket.deadline_warning", 1, R"({"stage": "acknowledgement", "department": "hrss",
        "deadline": "2025-03-03T17:30:00+08:00"})"},
      {"ticket.overdue", 1, R"({"stage": "resolution", "department": "housing",
        "deadline": "2025-03-10T17:30:00+08:00"})"},
      {"ticket.resolved", 1, R"({"department": "traffic_police",
        "reply": "已对违停车辆进行处罚，并在校门口增设禁停标志。"})"},
      {"ticket.followed_up", 1, R"({"rating": "satisfied", "solved": true, "method": "phone",
        "comment": "处理很及时。"})"},
      {"ticket.followed_up", 1, R"({"rating": "basically_satisfied", "solved": false})"},
      {"ticket.followed_up", 1, R"({"rating": "dissatisfied", "solved": false, "method": "sms"})"},
      {"ticket.reopened", 1, R"({"cause": "dissatisfied", "reason": "问题依旧存在。"})"},
      {"ticket.reopened", 1, R"({"cause": "supervisor"})"},
      {"ticket.closed", 1, R"({"outcome": "resolved"})"},
      {"ticket.closed", 1, R"({"outcome": "answered", "note": "在线解答。"})"},
      {"ticket.merged", 1, R"({"into": "3203-2025-000001", "reason": "同一地点同一问题。"})"},
  };
  return kExamples;
}

const std::vector<std::string>& ValidMetadataExamples() {
  static const std::vector<std::string> kExamples = {
      R"({"actor": {"user": "agent-0012", "role": "agent"},
          "occurred_at": "2025-03-01T09:30:12+08:00", "channel": "phone",
          "correlation_id": "c0ffee-1", "causation_id": "evt:0f1e2d",
          "citizen": "cz_7f3a9b2c"})",
      R"({"actor": {"user": "deadline-watcher", "role": "system"},
          "occurred_at": "2025-03-10T09:30:00.123456Z"})",
      R"({"actor": {"user": "ops@xuzhou", "role": "supervisor"},
          "occurred_at": "2025-03-10T17:30:00-05:00"})",
  };
  return kExamples;
}

const std::vector<std::string>& ValidContactExamples() {
  static const std::vector<std::string> kExamples = {
      R"({"channel": "wechat", "channel_message_id": "24100012345678",
          "received_at": "2025-03-01T09:30:00+08:00",
          "citizen": {"id": "oAbC1234567890_-xyz", "wechat_openid": "oAbC1234567890_-xyz"},
          "text": "学校门口违停", "urgency": "normal",
          "location": {"lat": 34.27, "lon": 117.18},
          "attachments": [{"kind": "voice", "ref": "wx-media-1", "name": "语音"}],
          "extra": {"MsgType": "text", "anything": {"nested": [1, 2]}}})",
      R"({"channel": "phone", "channel_message_id": "1712345678.123",
          "received_at": "2025-03-01T09:30:00+08:00",
          "citizen": {"id": "13800138000", "name": "李四", "phone": "13800138000"},
          "subject": "医保", "text": "咨询医保报销", "classification": {"domain": "livelihood"},
          "location": {"address": "铜山区", "district_code": "tongshan"}})",
      R"({"channel": "open311", "channel_message_id": "req-1",
          "received_at": "2025-03-01T01:30:00Z", "citizen": {"id": "anon", "email": "a@b.cn"},
          "text": "Pothole on Huaihai Road"})",
      R"({"channel": "livestream", "channel_message_id": "bili:9988",
          "received_at": "2025-06-01T10:00:00+08:00", "citizen": {"id": "bili-uid-42"},
          "text": "加装电梯？", "session_id": "mayor-online-2025-06"})",
  };
  return kExamples;
}

}  // namespace rexian::testing
