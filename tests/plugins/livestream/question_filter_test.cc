// The spam, duplicate and noise rules, table-driven.
#include <catch2/catch.hpp>

#include "livestream/live_options.h"
#include "livestream/question_filter.h"

namespace rexian::live {
namespace {

FilterRules DefaultRules() {
  auto options = ParseLiveOptions("{}");
  REQUIRE(options.ok());
  FilterRules r;
  r.spam_keywords = options->spam_keywords;
  r.links_are_spam = options->links_are_spam;
  r.max_repeated_chars = static_cast<int>(options->max_repeated_chars);
  r.min_chars = static_cast<int>(options->min_chars);
  r.greetings = options->greetings;
  r.duplicate_window_ms = options->duplicate_window_seconds * 1000;
  r.near_duplicate_similarity = options->near_duplicate_similarity;
  return r;
}

Comment Viewer(std::string uid, std::string text) {
  Comment c;
  c.source = "test";
  c.uid = std::move(uid);
  c.text = std::move(text);
  return c;
}

TEST_CASE("single comments: spam, noise or a question", "[plugins][livestream]") {
  struct Row {
    const char* text;
    Verdict verdict;
    const char* why;
  };
  const std::vector<Row> rows = {
      {"云龙区和平路的路灯坏了一个星期了，什么时候修？", Verdict::kAccept, ""},
      {"请问市长，孩子入学的学区划分什么时候公布", Verdict::kAccept, ""},
      {"兼职刷单日赚三百，私聊我", Verdict::kSpam, "keyword"},
      {"加 V X：abc123 领福利", Verdict::kSpam, "keyword"},
      {"看这里 https://spam.example/x 有惊喜哦朋友们", Verdict::kSpam, "link"},
      {"详情见 fuli888.top 快来看看吧朋友们", Verdict::kSpam, "link"},
      {"啊啊啊啊啊啊啊啊啊啊啊啊啊啊", Verdict::kSpam, "repeated"},
      {"主播好", Verdict::kNoise, "greeting"},
      {"市长好！！！", Verdict::kNoise, "greeting"},
      {"主播好呀大家", Verdict::kNoise, "greeting"},
      {"666", Verdict::kNoise, "greeting"},
      {"😀😀👍", Verdict::kNoise, "emoji"},
      {"[doge][妙啊]", Verdict::kNoise, "emoji"},
      {"好的收到", Verdict::kNoise, "short"},
      {"   ？？？  ", Verdict::kNoise, "emoji"},
  };
  for (const Row& row : rows) {
    QuestionFilter filter(DefaultRules());
    std::string why;
    INFO(row.text);
    CHECK(filter.Judge(Viewer("1", row.text), 1000, &why) == row.verdict);
    CHECK(why == row.why);
  }
}

TEST_CASE("a greeting followed by a real question is a question", "[plugins][livestream]") {
  QuestionFilter filter(DefaultRules());
  CHECK(filter.Judge(Viewer("1", "市长好，我想问一下老旧小区加装电梯的补贴怎么申请"), 0) == Verdict::kAccept);
}

TEST_CASE("duplicates: the same viewer again, and near-identical questions of others", "[plugins][livestream]") {
  QuestionFilter filter(DefaultRules());
  const std::string q = "云龙区和平路的路灯坏了一个星期了，什么时候修？";
  std::string why;
  CHECK(filter.Judge(Viewer("1", q), 0) == Verdict::kAccept);
  CHECK(filter.Judge(Viewer("1", q), 1000, &why) == Verdict::kDuplicate);
  CHECK(why == "same viewer");
  // Punctuation, spaces and case do not make a new question.
  CHECK(filter.Judge(Viewer("1", "云龙区和平路的路灯坏了 一个星期了!!什么时候修"), 2000) == Verdict::kDuplicate);
  CHECK(filter.Judge(Viewer("2", "云龙区和平路的路灯坏了一个星期了，什么时候能修？"), 3000, &why) == Verdict::kDuplicate);
  CHECK(why == "similar");
  // A different question of the same viewer is fine.
  CHECK(filter.Judge(Viewer("1", "另外，和平路公交站的站牌也被撞歪了"), 4000) == Verdict::kAccept);
  // After the window the same text counts again.
  CHECK(filter.Judge(Viewer("1", q), 601000) == Verdict::kAccept);
}

TEST_CASE("rejected comments are not remembered for duplicates", "[plugins][livestream]") {
  QuestionFilter filter(DefaultRules());
  CHECK(filter.Judge(Viewer("1", "兼职刷单，问一下公积金怎么提取"), 0) == Verdict::kSpam);
  CHECK(filter.Judge(Viewer("2", "问一下公积金怎么提取，需要什么材料"), 1) == Verdict::kAccept);
}

TEST_CASE("normalisation drops punctuation, spaces, emoticons and case", "[plugins][livestream]") {
  CHECK(NormaliseComment("Hello， World！[doge] ＡＢ") == "helloworldab");
  CHECK(NormaliseComment("路灯 坏了。") == "路灯坏了");
  CHECK(NormaliseComment(std::string("\xff\xfe ok", 5)) == "ok");  // invalid UTF-8 is dropped, not a crash
}

}  // namespace
}  // namespace rexian::live
