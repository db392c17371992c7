using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AwsHarden.Aws;
using AwsHarden.Aws.Clients;
using AwsHarden.Incident;
using AwsHarden.Model;

namespace AwsHarden.Tests.Incident;

public class AthenaSqlRunnerTests
{
    /// <summary>Answers Athena's JSON 1.1 operations from a script, recording each request body.</summary>
    private sealed class ScriptedAthena(params string[] states) : HttpMessageHandler
    {
        private int _polls;
        public List<(string Operation, JsonNode Body)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var operation = request.Headers.GetValues("X-Amz-Target").Single().Split('.')[1];
            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(ct))!;
            Requests.Add((operation, body));
            JsonNode answer = operation switch
            {
                "StartQueryExecution" => new JsonObject { ["QueryExecutionId"] = "q-1" },
                "GetQueryExecution" => new JsonObject
                {
                    ["QueryExecution"] = new JsonObject
                    {
                        ["Status"] = new JsonObject { ["State"] = states[Math.Min(_polls++, states.Length - 1)],
                            ["StateChangeReason"] = "TABLE_NOT_FOUND" },
                    },
                },
                _ => Page((string?)body["NextToken"]),
            };
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(answer.ToJsonString(), Encoding.UTF8, "application/x-amz-json-1.1"),
            };
        }

        private static JsonObject Page(string? token)
        {
            JsonObject Row(params string?[] values) => new()
            {
                ["Data"] = new JsonArray([.. values.Select(v => (JsonNode)(v is null ? new JsonObject()
                    : new JsonObject { ["VarCharValue"] = v }))]),
            };
            var rows = token is null
                ? new JsonArray(Row("eventname", "errorcode"), Row("CreateUser", null))
                : new JsonArray(Row("RunInstances", "Client.UnauthorizedOperation"));
            var page = new JsonObject
            {
                ["ResultSet"] = new JsonObject
                {
                    ["Rows"] = rows,
                    ["ResultSetMetadata"] = new JsonObject
                    {
                        ["ColumnInfo"] = new JsonArray(new JsonObject { ["Name"] = "eventname" },
                            new JsonObject { ["Name"] = "errorcode" }),
                    },
                },
            };
            if (token is null) page["NextToken"] = "page-2";
            return page;
        }
    }

    private static AthenaSqlRunner Runner(ScriptedAthena athena, out AwsSession session)
    {
        session = AwsSession.Create(new AwsCredentials("AKIATESTTESTTESTTEST", "secret"), "us-east-1",
            new AwsSessionSettings
            {
                Handler = athena,
                Environment = n => n == "AWS_ENDPOINT_URL" ? "http://127.0.0.1:9" : null,
            });
        return new AthenaSqlRunner(new AthenaClient(session, "us-east-1"),
            new AthenaQueryPlace("security", "incident", "s3://results/awsharden/"), TimeProvider.System)
        {
            PollInterval = TimeSpan.Zero,
        };
    }

    [Fact]
    public async Task RunAsync_QueryRunsThenSucceeds_ReturnsRowsOfEveryPageWithoutTheHeader()
    {
        var athena = new ScriptedAthena("QUEUED", "RUNNING", "SUCCEEDED");
        var runner = Runner(athena, out var session);
        using var _ = session;

        var rows = await runner.RunAsync("SELECT 1", CancellationToken.None);

        Assert.Equal(["CreateUser", "RunInstances"], rows.Select(r => r["eventname"]));
        Assert.Null(rows[0]["errorcode"]);
        Assert.Equal("Client.UnauthorizedOperation", rows[1]["errorcode"]);
        var start = athena.Requests[0].Body;
        Assert.Equal("SELECT 1", (string?)start["QueryString"]);
        Assert.Equal("incident", (string?)start["WorkGroup"]);
        Assert.Equal("s3://results/awsharden/", (string?)start["ResultConfiguration"]!["OutputLocation"]);
        Assert.Equal(3, athena.Requests.Count(r => r.Operation == "GetQueryExecution"));
    }

    [Fact]
    public async Task RunAsync_QueryFails_IsUserErrorWithAthenasReason()
    {
        var runner = Runner(new ScriptedAthena("FAILED"), out var session);
        using var _ = session;

        var error = await Assert.ThrowsAsync<UserErrorException>(() => runner.RunAsync("SELECT 1", default));

        Assert.Contains("TABLE_NOT_FOUND", error.Message);
    }
}
