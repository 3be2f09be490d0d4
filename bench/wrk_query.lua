-- wrk script: POST /v1/query with the JSON body in $RETOLD_QUERY_BODY (a file).
local file = assert(io.open(os.getenv("RETOLD_QUERY_BODY"), "r"))
wrk.method = "POST"
wrk.body = file:read("*a")
wrk.headers["Content-Type"] = "application/json"
file:close()
