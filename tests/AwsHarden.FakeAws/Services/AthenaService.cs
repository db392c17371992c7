using System.Text.Json.Nodes;
using AwsHarden.FakeAws.Protocol;
using AwsHarden.FakeAws.State;

namespace AwsHarden.FakeAws.Services;

/// <summary>
/// Athena (JSON 1.1): queries over the account's trail tables. A query is evaluated when it starts (see
/// <see cref="AthenaTrailSql"/>); GetQueryExecution walks it through QUEUED and RUNNING to SUCCEEDED or FAILED,
/// and GetQueryResults pages through its rows, the column names first as Athena sends them.
/// </summary>
internal sealed class AthenaService : FakeService
{
    public AthenaService()
    {
        On("StartQueryExecution", Start);
        On("GetQueryExecution", Get);
        On("GetQueryResults", Results);
    }

    public override string SigningName => "athena";

    private static FakeResult Start(FakeRequest r)
    {
        var sql = r.RequireJson("QueryString");
        var database = r.Body["QueryExecutionContext"]?["Database"]?.GetValue<string>() ?? "default";
        var output = r.Body["ResultConfiguration"]?["OutputLocation"]?.GetValue<string>();
        if (output is null)
        {
            // The fake's workgroups hold no result location of their own, as a new primary workgroup.
            throw new AwsErrorException("InvalidRequestException", "No output location provided. An output "
                + "location is required either through the Workgroup result configuration setting or as an API "
                + "input.");
        }

        var athena = r.Account.Athena;
        var execution = new FakeQueryExecution
        {
            Id = Guid.NewGuid().ToString(), Sql = sql, Database = database, WorkGroup = r.Json("WorkGroup"),
            OutputLocation = output,
        };
        try
        {
            if (athena.FailWith is { } reason) throw new AthenaSqlException(reason);
            (execution.Columns, execution.Rows) = AthenaTrailSql.Run(sql, database, athena.Tables);
        }
        catch (AthenaSqlException ex)
        {
            execution.FailureReason = ex.Message;
        }

        athena.Executions.Add(execution);
        return new JsonResult(new JsonObject { ["QueryExecutionId"] = execution.Id });
    }

    private static FakeResult Get(FakeRequest r)
    {
        var execution = Find(r);
        execution.Polls++;
        var status = new JsonObject { ["State"] = State(r.Account.Athena, execution) };
        if (execution.FailureReason is { } reason && State(r.Account.Athena, execution) == "FAILED")
        {
            status["StateChangeReason"] = reason;
        }

        return new JsonResult(new JsonObject
        {
            ["QueryExecution"] = new JsonObject
            {
                ["QueryExecutionId"] = execution.Id,
                ["Query"] = execution.Sql,
                ["StatementType"] = "DML",
                ["ResultConfiguration"] = new JsonObject { ["OutputLocation"] = execution.OutputLocation },
                ["QueryExecutionContext"] = new JsonObject { ["Database"] = execution.Database },
                ["Status"] = status,
                ["WorkGroup"] = execution.WorkGroup ?? "primary",
            },
        });
    }

    private static string State(FakeAthena athena, FakeQueryExecution e) =>
        e.Polls <= 1 ? "QUEUED"
        : e.Polls <= 1 + athena.RunningPolls ? "RUNNING"
        : e.FailureReason is null ? "SUCCEEDED" : "FAILED";

    private static FakeResult Results(FakeRequest r)
    {
        var execution = Find(r);
        var state = State(r.Account.Athena, execution);
        if (state != "SUCCEEDED")
        {
            throw new AwsErrorException("InvalidRequestException",
                $"Query has not yet finished. Current state: {state}");
        }

        List<IReadOnlyList<string?>> rows = [execution.Columns, .. execution.Rows];
        var max = Math.Clamp(Math.Min(r.JsonInt("MaxResults") ?? 1000, r.Account.Athena.PageSize), 1, 1000);
        var first = WireFormat.ParseToken(r.Json("NextToken"), "InvalidRequestException");
        var page = rows.Skip(first).Take(max).ToList();
        var next = first + page.Count < rows.Count ? WireFormat.Token(first + page.Count) : null;
        return new JsonResult(new JsonObject
        {
            ["UpdateCount"] = 0,
            ["ResultSet"] = new JsonObject
            {
                ["Rows"] = new JsonArray([.. page.Select(Row)]),
                ["ResultSetMetadata"] = new JsonObject
                {
                    ["ColumnInfo"] = new JsonArray([.. execution.Columns.Select(c => (JsonNode)new JsonObject
                    {
                        ["CatalogName"] = "hive",
                        ["Name"] = c,
                        ["Label"] = c,
                        ["Type"] = "varchar",
                        ["Nullable"] = "UNKNOWN",
                    })]),
                },
            },
            ["NextToken"] = next,
        });
    }

    /// <summary>Athena leaves VarCharValue out for SQL NULL.</summary>
    private static JsonNode Row(IReadOnlyList<string?> values) => new JsonObject
    {
        ["Data"] = new JsonArray([.. values.Select(v => (JsonNode)(v is null
            ? new JsonObject()
            : new JsonObject { ["VarCharValue"] = v }))]),
    };

    private static FakeQueryExecution Find(FakeRequest r)
    {
        var id = r.RequireJson("QueryExecutionId");
        return r.Account.Athena.Executions.Find(e => e.Id == id) ?? throw new AwsErrorException(
            "InvalidRequestException", $"QueryExecution {id} was not found");
    }
}
