using System.Net;
using System.Text.Json.Nodes;
using AwsHarden.FakeAws.Protocol;
using AwsHarden.FakeAws.State;

namespace AwsHarden.FakeAws.Services;

/// <summary>IAM Access Analyzer (REST-JSON): analyzers per region.</summary>
internal sealed class AccessAnalyzerService : FakeService
{
    public AccessAnalyzerService()
    {
        On("GET", "/analyzer", "ListAnalyzers", ListAnalyzers);
        On("PUT", "/analyzer", "CreateAnalyzer", CreateAnalyzer);
        On("GET", "/analyzer/{analyzerName}", "GetAnalyzer", GetAnalyzer);
        On("DELETE", "/analyzer/{analyzerName}", "DeleteAnalyzer", DeleteAnalyzer);
    }

    public override string SigningName => "access-analyzer";

    private static FakeResult ListAnalyzers(FakeRequest r)
    {
        var type = r.RouteValues.GetValueOrDefault("type");
        var analyzers = r.Account.Analyzers.Where(a => a.Region == r.Region && (type is null || a.Type == type));
        return new JsonResult(JsonPaging.Page(r, [.. analyzers], "analyzers", a => Summary(r.Account, a),
            "nextToken", "maxResults", 100));
    }

    private static JsonObject Summary(FakeAccount account, FakeAnalyzer a) => new()
    {
        ["arn"] = a.Arn(account),
        ["name"] = a.Name,
        ["type"] = a.Type,
        ["createdAt"] = WireFormat.Iso(a.CreatedAt),
        ["status"] = a.Status,
        ["tags"] = new JsonObject(),
    };

    private static FakeResult GetAnalyzer(FakeRequest r) =>
        new JsonResult(new JsonObject { ["analyzer"] = Summary(r.Account, Find(r)) });

    private static FakeResult DeleteAnalyzer(FakeRequest r)
    {
        r.Account.Analyzers.Remove(Find(r));
        return new JsonResult([]);
    }

    private static FakeAnalyzer Find(FakeRequest r)
    {
        var name = r.Route("analyzerName");
        return r.Account.Analyzers.Find(a => a.Region == r.Region && a.Name == name)
            ?? throw new AwsErrorException("ResourceNotFoundException", $"Analyzer {name} not found.",
                HttpStatusCode.NotFound);
    }

    private static FakeResult CreateAnalyzer(FakeRequest r)
    {
        var name = r.RequireJson("analyzerName");
        if (r.Account.Analyzers.Exists(a => a.Region == r.Region && a.Name == name))
        {
            throw new AwsErrorException("ConflictException", $"Analyzer {name} already exists.",
                HttpStatusCode.Conflict);
        }

        var analyzer = new FakeAnalyzer
        {
            Region = r.Region,
            Name = name,
            Type = r.RequireJson("type"),
            CreatedAt = r.Time.GetUtcNow(),
        };
        r.Account.Analyzers.Add(analyzer);
        return new JsonResult(new JsonObject { ["arn"] = analyzer.Arn(r.Account) });
    }
}
