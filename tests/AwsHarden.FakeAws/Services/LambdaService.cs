using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using AwsHarden.FakeAws.Protocol;
using AwsHarden.FakeAws.State;

namespace AwsHarden.FakeAws.Services;

/// <summary>Lambda (REST-JSON, API 2015-03-31): list, read and delete functions, remove permissions.</summary>
internal sealed class LambdaService : FakeService
{
    private const string Functions = "/2015-03-31/functions";

    public LambdaService()
    {
        On("GET", Functions + "/", "ListFunctions", ListFunctions);
        On("GET", Functions + "/{FunctionName}", "GetFunction", GetFunction);
        On("DELETE", Functions + "/{FunctionName}", "DeleteFunction", DeleteFunction);
        On("GET", Functions + "/{FunctionName}/policy", "GetPolicy", GetPolicy);
        On("DELETE", Functions + "/{FunctionName}/policy/{StatementId}", "RemovePermission", RemovePermission);
    }

    public override string SigningName => "lambda";

    /// <summary>Marker/MaxItems paging (MaxItems at most 50, as Lambda allows).</summary>
    private static FakeResult ListFunctions(FakeRequest r)
    {
        var functions = r.Account.LambdaFunctions.Where(f => f.Region == r.Region).ToList();
        var start = WireFormat.ParseToken(r.RouteValues.GetValueOrDefault("Marker"), "InvalidParameterValueException");
        var max = int.TryParse(r.RouteValues.GetValueOrDefault("MaxItems"), out var m) ? Math.Clamp(m, 1, 50) : 50;
        var page = functions.Skip(start).Take(max).ToList();
        var body = new JsonObject { ["Functions"] = new JsonArray([.. page.Select(f => Configuration(r, f))]) };
        if (start + page.Count < functions.Count)
        {
            body["NextMarker"] = WireFormat.Token(start + page.Count);
        }

        return new JsonResult(body);
    }

    private static FakeResult GetFunction(FakeRequest r)
    {
        var function = Find(r);
        return new JsonResult(new JsonObject
        {
            ["Configuration"] = Configuration(r, function),
            ["Code"] = new JsonObject
            {
                ["RepositoryType"] = "S3",
                ["Location"] = $"https://awslambda-{r.Region}-tasks.s3.{r.Region}.amazonaws.com/snapshots/"
                    + $"{r.Account.AccountId}/{function.FunctionName}",
            },
        });
    }

    private static FakeResult DeleteFunction(FakeRequest r)
    {
        r.Account.LambdaFunctions.Remove(Find(r));
        return new EmptyResult(204);
    }

    private static FakeResult GetPolicy(FakeRequest r)
    {
        var function = Find(r);
        if (function.Permissions.Count == 0)
        {
            throw NotFound("The resource you requested does not exist.");
        }

        var statements = new JsonArray([.. function.Permissions.Values.Select(s => JsonNode.Parse(s))]);
        var policy = new JsonObject
        {
            ["Version"] = "2012-10-17",
            ["Id"] = "default",
            ["Statement"] = statements,
        };
        return new JsonResult(new JsonObject
        {
            ["Policy"] = policy.ToJsonString(),
            ["RevisionId"] = FakeIds.Hex(policy.ToJsonString(), 32),
        });
    }

    private static FakeResult RemovePermission(FakeRequest r)
    {
        var function = Find(r);
        if (!function.Permissions.Remove(r.Route("StatementId")))
        {
            throw NotFound("The resource you requested does not exist.");
        }

        return new EmptyResult(204);
    }

    private static JsonObject Configuration(FakeRequest r, FakeLambdaFunction f) => new()
    {
        ["FunctionName"] = f.FunctionName,
        ["FunctionArn"] = f.Arn(r.Account),
        ["Runtime"] = f.Runtime,
        ["Role"] = f.Role,
        ["Handler"] = f.Handler,
        ["CodeSize"] = 1024,
        ["Description"] = "",
        ["Timeout"] = 3,
        ["MemorySize"] = 128,
        // Lambda's own format, not ISO 8601 with Z: 2024-08-01T10:00:00.000+0000.
        ["LastModified"] = f.LastModified.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'",
            CultureInfo.InvariantCulture),
        ["CodeSha256"] = Convert.ToBase64String(Convert.FromHexString(FakeIds.Hex(f.FunctionName, 64))),
        ["Version"] = "$LATEST",
        ["PackageType"] = "Zip",
        ["Architectures"] = new JsonArray("x86_64"),
    };

    /// <summary>The function named in the path: a name or an ARN, as Lambda accepts both.</summary>
    private static FakeLambdaFunction Find(FakeRequest r)
    {
        var name = r.Route("FunctionName");
        return r.Account.LambdaFunctions.Find(f => f.Region == r.Region
                && (f.FunctionName == name || f.Arn(r.Account) == name))
            ?? throw NotFound($"Function not found: arn:{r.Account.Partition}:lambda:{r.Region}:"
                + $"{r.Account.AccountId}:function:{name}");
    }

    private static AwsErrorException NotFound(string message) =>
        new("ResourceNotFoundException", message, HttpStatusCode.NotFound);
}
