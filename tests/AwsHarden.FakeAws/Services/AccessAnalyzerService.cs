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
        On("POST", "/finding", "ListFindings", ListFindings);
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

    /// <summary>ListFindings with the one filter AWS users need most, <c>status eq [...]</c>; other filter keys
    /// are refused rather than ignored, so a client asking for more learns it here.</summary>
    private static FakeResult ListFindings(FakeRequest r)
    {
        var arn = r.RequireJson("analyzerArn");
        var analyzer = r.Account.Analyzers.Find(a => a.Region == r.Region && a.Arn(r.Account) == arn)
            ?? throw new AwsErrorException("ResourceNotFoundException", $"Analyzer {arn} not found.",
                HttpStatusCode.NotFound);
        var filter = r.Body["filter"]?.AsObject() ?? [];
        if (filter.Any(f => f.Key != "status"))
        {
            throw new AwsErrorException("ValidationException", "TODO(fake): only the status filter is served.");
        }
        var statuses = filter["status"]?["eq"]?.AsArray().Select(s => s!.GetValue<string>()).ToList();
        var findings = analyzer.Findings.Where(f => statuses is null || statuses.Contains(f.Status)).ToList();
        return new JsonResult(JsonPaging.Page(r, findings, "findings", Finding, "nextToken", "maxResults", 100));
    }

    private static JsonObject Finding(FakeAccessFinding f) => new()
    {
        ["id"] = f.Id,
        ["principal"] = new JsonObject([.. f.Principal.Select(p => KeyValuePair.Create(p.Key,
            (JsonNode?)JsonValue.Create(p.Value)))]),
        ["action"] = new JsonArray("s3:GetObject"),
        ["resource"] = f.Resource,
        ["isPublic"] = f.IsPublic,
        ["resourceType"] = f.ResourceType,
        ["condition"] = new JsonObject(),
        ["createdAt"] = WireFormat.Iso(f.CreatedAt),
        ["analyzedAt"] = WireFormat.Iso(f.CreatedAt),
        ["updatedAt"] = WireFormat.Iso(f.CreatedAt),
        ["status"] = f.Status,
        ["resourceOwnerAccount"] = FakeAccount.DefaultAccountId,
    };
}
