#include "server/server.h"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cctype>
#include <fstream>
#include <mutex>
#include <string_view>
#include <nlohmann/json.hpp>

#include "json/comparison_json.h"
#include "retold/compare.h"
#include "retold/index.h"
#include "retold_web_assets.h"

namespace retold {
namespace {

using nlohmann::json;

httplib::Server* g_server = nullptr;

void StopOnSignal(int) {
  if (g_server != nullptr) g_server->stop();
}

void Reply(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(DumpLine(body), "application/json");
}

void Error(httplib::Response& res, int status, const std::string& message) {
  Reply(res, status, {{"error", message}});
}

// Parses the body as a JSON object; on failure answers 400 and returns false.
bool ParseObject(const httplib::Request& req, httplib::Response& res, json* out) {
  *out = json::parse(req.body, nullptr, false);
  if (out->is_discarded()) {
    Error(res, 400, "the body is not valid JSON");
    return false;
  }
  if (!out->is_object()) {
    Error(res, 400, "the body must be a JSON object");
    return false;
  }
  return true;
}

// A required, non-empty string field; answers 400 naming it otherwise.
bool StringField(const json& body, const char* name, httplib::Response& res, std::string* out,
                 bool required = true) {
  auto it = body.find(name);
  if (it == body.end()) {
    if (required) Error(res, 400, std::string("missing field \"") + name + "\"");
    return !required;
  }
  if (!it->is_string()) {
    Error(res, 400, std::string("field \"") + name + "\" must be a string");
    return false;
  }
  *out = it->get<std::string>();
  if (required && out->find_first_not_of(" \t\r\n") == std::string::npos) {
    Error(res, 400, std::string("field \"") + name + "\" is empty");
    return false;
  }
  return true;
}

// Equal in time that depends only on the lengths, not on where the first
// difference is.
bool SameSecret(const std::string& given, const std::string& token) {
  unsigned char diff = given.size() == token.size() ? 0 : 1;
  for (size_t i = 0; i < given.size(); ++i) {
    diff |= static_cast<unsigned char>(given[i] ^ token[i % std::max<size_t>(token.size(), 1)]);
  }
  return diff == 0;
}

class Service {
 public:
  Service(const ServerOptions& options, const Lexicon* lexicon)
      : options_(options), lexicon_(lexicon), comparer_(lexicon) {}

  // Each worker thread keeps its own connection (SQLite connections are
  // not shared between threads); WAL lets readers run beside a writer.
  Index* ThreadIndex(std::string* error) {
    thread_local std::unique_ptr<Index> index;
    if (!index) {
      index = Index::Open(options_.db, lexicon_, options_.read_only ? Index::kReadOnly : Index::kReadWrite,
                          error);
    }
    return index.get();
  }

  // Does the request carry one of the tokens? Every token is compared, so
  // the time taken does not tell which one nearly matched.
  bool HasToken(const httplib::Request& req) const {
    std::string header = req.get_header_value("Authorization");
    constexpr std::string_view kBearer = "Bearer ";
    if (header.size() <= kBearer.size() || header.compare(0, kBearer.size(), kBearer) != 0) return false;
    std::string given = header.substr(kBearer.size());
    bool found = false;
    for (const std::string& token : options_.tokens) found |= SameSecret(given, token);
    return found;
  }

  // A write may go on; otherwise answers 403 (read-only) or 401.
  bool MayWrite(const httplib::Request& req, httplib::Response& res) const {
    if (options_.read_only) {
      Error(res, 403, "this server is read-only: documents cannot be added or deleted here");
      return false;
    }
    if (!options_.tokens.empty() && !HasToken(req)) {
      res.set_header("WWW-Authenticate", "Bearer");
      Error(res, 401, "adding or deleting documents needs a valid access token (Authorization: Bearer ...)");
      return false;
    }
    return true;
  }

  // With --private, every /v1/ endpoint needs a token.
  bool MayRead(const httplib::Request& req, httplib::Response& res) const {
    if (!options_.private_api || HasToken(req)) return true;
    res.set_header("WWW-Authenticate", "Bearer");
    Error(res, 401, "this server is private: every request needs a valid access token (Authorization: Bearer ...)");
    return false;
  }

  void Register(httplib::Server& svr) {
    svr.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
      Reply(res, 200, {{"status", "ok"}});
    });
    svr.Get("/", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(web::k_index_html), "text/html; charset=utf-8");
    });
    svr.Get("/viewer.js", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(web::k_viewer_js), "application/javascript; charset=utf-8");
    });
    svr.Get("/viewer.css", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(web::k_viewer_css), "text/css; charset=utf-8");
    });
    svr.Post("/v1/compare", [this](const httplib::Request& req, httplib::Response& res) {
      if (!MayRead(req, res)) return;
      json body;
      std::string a, b;
      if (!ParseObject(req, res, &body) || !StringField(body, "a", res, &a) ||
          !StringField(body, "b", res, &b)) {
        return;
      }
      Document doc_a = comparer_.Analyze(std::move(a)), doc_b = comparer_.Analyze(std::move(b));
      json reply = ComparisonToJson(comparer_.Compare(doc_a, doc_b), req.has_param("rows"));
      if (req.has_param("pivot")) AddPivots(doc_a, doc_b, &reply);
      Reply(res, 200, reply);
    });
    svr.Post("/v1/documents", [this](const httplib::Request& req, httplib::Response& res) {
      if (!MayWrite(req, res)) return;
      json body;
      Record r;
      if (!ParseObject(req, res, &body) || !StringField(body, "id", res, &r.id) ||
          !StringField(body, "text", res, &r.text) ||
          !StringField(body, "date", res, &r.date, /*required=*/false)) {
        return;
      }
      std::string error;
      Index* index = ThreadIndex(&error);
      AddStats stats;
      if (index == nullptr || !index->Add({r}, 1, &stats, &error)) return Error(res, 500, error);
      Reply(res, stats.updated ? 200 : 201, {{"id", r.id}, {"created", stats.updated == 0}});
    });
    svr.Post("/v1/query", [this](const httplib::Request& req, httplib::Response& res) {
      if (!MayRead(req, res)) return;
      json body;
      std::string text;
      if (!ParseObject(req, res, &body) || !StringField(body, "text", res, &text)) return;
      size_t limit = 10;
      if (body.contains("limit")) {
        if (!body["limit"].is_number_unsigned() || body["limit"].get<size_t>() == 0) {
          return Error(res, 400, "field \"limit\" must be a positive integer");
        }
        limit = std::min<size_t>(body["limit"].get<size_t>(), 1000);
      }
      std::string error;
      Index* index = ThreadIndex(&error);
      std::vector<IndexMatch> matches;
      if (index == nullptr || !index->Query(text, limit, &matches, &error)) return Error(res, 500, error);
      json list = json::array();
      for (const IndexMatch& m : matches) {
        json j = {{"id", m.id}};
        if (!m.date.empty()) j["date"] = m.date;
        j.update(ComparisonToJson(m.comparison, req.has_param("rows")));
        list.push_back(std::move(j));
      }
      Reply(res, 200, {{"matches", list}});
    });
    svr.Get(R"(/v1/documents/(.+))", [this](const httplib::Request& req, httplib::Response& res) {
      if (!MayRead(req, res)) return;
      std::string error;
      Index* index = ThreadIndex(&error);
      if (index == nullptr) return Error(res, 500, error);
      Record r;
      std::string id = req.matches[1];
      if (!index->Get(id, &r, &error)) {
        return error.empty() ? Error(res, 404, "no document \"" + id + "\"") : Error(res, 500, error);
      }
      json j = {{"id", r.id}, {"text", r.text}};
      if (!r.date.empty()) j["date"] = r.date;
      Reply(res, 200, j);
    });
    svr.Delete(R"(/v1/documents/(.+))", [this](const httplib::Request& req, httplib::Response& res) {
      if (!MayWrite(req, res)) return;
      std::string error;
      Index* index = ThreadIndex(&error);
      bool found = false;
      std::string id = req.matches[1];
      if (index == nullptr || !index->Remove(id, &found, &error)) return Error(res, 500, error);
      if (!found) return Error(res, 404, "no document \"" + id + "\"");
      Reply(res, 200, {{"id", id}, {"deleted", true}});
    });
    svr.Get("/v1/stats", [this](const httplib::Request& req, httplib::Response& res) {
      if (!MayRead(req, res)) return;
      std::string error;
      Index* index = ThreadIndex(&error);
      IndexStats stats;
      if (index == nullptr || !index->Stats(&stats, &error)) return Error(res, 500, error);
      Reply(res, 200, {{"documents", stats.documents}, {"keys", stats.keys},
                       {"text_bytes", stats.text_bytes}, {"file_bytes", stats.file_bytes}});
    });
  }

 private:
  const ServerOptions& options_;
  const Lexicon* lexicon_;
  Comparer comparer_;
};

}  // namespace

bool ReadTokenFile(const std::string& path, std::vector<std::string>* tokens, std::string* error) {
  std::ifstream in(path);
  if (!in) {
    *error = "--token-file " + path + ": cannot be read";
    return false;
  }
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
    size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    tokens->push_back(line.substr(first));
  }
  if (tokens->empty()) {
    *error = "--token-file " + path + ": holds no token (one per line)";
    return false;
  }
  return true;
}

bool IsLoopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

int Serve(const ServerOptions& options, const Lexicon* lexicon, std::string* error) {
  if (!IsLoopback(options.host) && options.tokens.empty() && !options.read_only) {
    *error = "serving on " + options.host +
             " would let anyone who can reach it add and delete documents: give --token-file FILE "
             "(bearer tokens of the writers) or --read-only";
    return 2;
  }
  // Create or check the index before listening, so that a bad file is
  // reported at start, not on the first request.
  if (!Index::Open(options.db, lexicon, options.read_only ? Index::kReadOnly : Index::kReadWrite, error)) return 2;
  httplib::Server svr;
  // cpp-httplib keeps a pool thread per open keep-alive connection, so the
  // pool must exceed the number of concurrent clients, not the cores: with
  // fewer threads than connections, the rest wait for seconds.
  unsigned threads = options.threads ? options.threads : 64;
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  svr.set_payload_max_length(options.max_body_bytes);
  // Without TCP_NODELAY a JSON reply waits for the client's delayed ACK
  // (~40 ms on Linux): measured as p50 44 ms for a 2 ms query.
  svr.set_tcp_nodelay(true);
  svr.set_keep_alive_max_count(100);
  Service service(options, lexicon);
  service.Register(svr);
  svr.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    std::string message = res.status == 413 ? "the body is larger than the server's limit (--max-body)"
                          : res.status == 404 ? "no such endpoint: " + req.method + " " + req.path
                                              : "error " + std::to_string(res.status);
    Error(res, res.status, message);
  });
  svr.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "internal error";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what += std::string(": ") + e.what();
    } catch (...) {
    }
    Error(res, 500, what);
  });
  std::mutex log_mutex;
  if (!options.quiet) {
    svr.set_logger([&log_mutex](const httplib::Request& req, const httplib::Response& res) {
      std::lock_guard<std::mutex> lock(log_mutex);
      fprintf(stderr, "%s %s %s %d %zu\n", req.remote_addr.c_str(), req.method.c_str(),
              req.path.c_str(), res.status, res.body.size());
    });
  }
  if (!svr.bind_to_port(options.host.c_str(), options.port)) {
    *error = "cannot listen on " + options.host + ":" + std::to_string(options.port) +
             " (in use, or not an address of this machine)";
    return 2;
  }
  g_server = &svr;
  std::signal(SIGINT, StopOnSignal);
  std::signal(SIGTERM, StopOnSignal);
  fprintf(stderr, "retold: serving %s on http://%s:%d/\n", options.db.c_str(), options.host.c_str(),
          options.port);
  svr.listen_after_bind();
  g_server = nullptr;
  return 0;
}

}  // namespace retold
