using System.Text.Json;
using System.Text.Json.Nodes;

namespace AwsHarden.Aws.Clients;

/// <summary>Where a query runs and where Athena writes its results.</summary>
public sealed record AthenaQueryPlace(string Database, string? WorkGroup, string? OutputLocation);

/// <summary>A query's state: QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED, and why when it stopped.</summary>
public sealed record AthenaQueryState(string State, string? Reason);

/// <summary>One page of results: column names, rows (null for SQL NULL) and the next token.</summary>
public sealed record AthenaResultPage(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string?>> Rows,
    string? NextToken);

/// <summary>Athena (JSON 1.1, regional): start a query, poll it, page through its results.</summary>
public sealed class AthenaClient(AwsSession session, string region)
{
    private const string TargetPrefix = "AmazonAthena";

    /// <summary>The Athena service as endpoint overrides name it (AWS_ENDPOINT_URL_ATHENA).</summary>
    public static AwsService Athena { get; } = new("Athena", "athena", "athena", "athena");

    public async Task<string> StartQueryExecutionAsync(string sql, AthenaQueryPlace place, CancellationToken ct)
    {
        var input = new JsonObject
        {
            ["QueryString"] = sql,
            ["QueryExecutionContext"] = new JsonObject { ["Database"] = place.Database },
        };
        if (place.WorkGroup is { } group) input["WorkGroup"] = group;
        if (place.OutputLocation is { } output)
        {
            input["ResultConfiguration"] = new JsonObject { ["OutputLocation"] = output };
        }
        var body = await CallAsync("StartQueryExecution", input, ct).ConfigureAwait(false);
        return body.String("QueryExecutionId") ?? throw new InvalidDataException("no QueryExecutionId");
    }

    public async Task<AthenaQueryState> GetQueryExecutionAsync(string id, CancellationToken ct)
    {
        var body = await CallAsync("GetQueryExecution", new JsonObject { ["QueryExecutionId"] = id }, ct)
            .ConfigureAwait(false);
        var status = body.Object("QueryExecution")?.Object("Status");
        return new AthenaQueryState(status?.String("State") ?? "UNKNOWN", status?.String("StateChangeReason")
            ?? status?.Object("AthenaError")?.String("ErrorMessage"));
    }

    public async Task<AthenaResultPage> GetQueryResultsAsync(string id, string? nextToken, CancellationToken ct)
    {
        var input = new JsonObject { ["QueryExecutionId"] = id, ["MaxResults"] = 1000 };
        if (nextToken is not null) input["NextToken"] = nextToken;
        var body = await CallAsync("GetQueryResults", input, ct).ConfigureAwait(false);
        var set = body.Object("ResultSet");
        var columns = set?.Object("ResultSetMetadata")?.Array("ColumnInfo")
            .Select(c => c.String("Name") ?? "").ToList() ?? [];
        var rows = set?.Array("Rows").Select(r => (IReadOnlyList<string?>)[.. r.Array("Data").Select(Value)])
            .ToList() ?? [];
        return new AthenaResultPage(columns, rows, body.String("NextToken"));
    }

    private static string? Value(JsonElement datum) =>
        datum.TryGetProperty("VarCharValue", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private Task<JsonElement> CallAsync(string operation, JsonObject input, CancellationToken ct) =>
        AwsJsonProtocol.CallAsync(session.Sender, Athena, region, TargetPrefix, operation, input, ct);
}
