using System.Globalization;
using System.Text.Json.Nodes;
using AwsHarden.FakeAws.State;

namespace AwsHarden.FakeAws.Protocol;

/// <summary>A parsed, authenticated request as a service handler sees it.</summary>
public sealed class FakeRequest
{
    public required ServiceInfo Service { get; init; }
    public required string Operation { get; init; }
    public required string Region { get; init; }
    public required FakeAccount Account { get; init; }
    public required FakeCredential Caller { get; init; }
    public required TimeProvider Time { get; init; }
    public required FakeAwsOptions Options { get; init; }
    /// <summary>Query and EC2 protocols: the form and query-string parameters.</summary>
    public IReadOnlyDictionary<string, string> Params { get; init; } = new Dictionary<string, string>();
    /// <summary>JSON and REST-JSON protocols: the body object (empty when there is none).</summary>
    public JsonObject Body { get; init; } = [];
    /// <summary>The request body as sent; REST-XML (S3) handlers parse it themselves.</summary>
    public byte[] RawBody { get; init; } = [];
    /// <summary>REST-JSON: values taken from the path (e.g. detectorId) and the query string.</summary>
    public IReadOnlyDictionary<string, string> RouteValues { get; init; } = new Dictionary<string, string>();

    public string? Param(string name) => Params.GetValueOrDefault(name);

    public int? IntParam(string name) =>
        int.TryParse(Param(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public bool? BoolParam(string name) => Param(name) is { } text ? bool.Parse(text) : null;

    /// <summary>A Query list such as <c>Filter.member.1</c>, <c>Filter.member.2</c> (EC2: <c>Name.1</c>).</summary>
    public IReadOnlyList<string> ListParam(string prefix)
    {
        var values = new List<string>();
        for (var i = 1; Params.TryGetValue($"{prefix}.{i}", out var value); i++)
        {
            values.Add(value);
        }

        return values;
    }

    public string? Json(string name) => Body[name]?.GetValue<string>();

    public int? JsonInt(string name) => Body[name]?.GetValue<int>();

    public string RequireJson(string name) => Json(name)
        ?? throw new AwsErrorException(ValidationCode, $"1 validation error detected: Value null at '{name}' " +
            "failed to satisfy constraint: Member must not be null");

    public string Route(string name) => RouteValues.GetValueOrDefault(name) ?? string.Empty;

    public string RequireParam(string name) => Param(name)
        ?? throw new AwsErrorException(Service.Protocol == WireProtocol.Ec2 ? "MissingParameter" : "ValidationError",
            $"1 validation error detected: Value null at '{name}' failed to satisfy constraint: " +
            "Member must not be null");

    private string ValidationCode => Service.SigningName switch
    {
        "cloudtrail" => "InvalidParameterException",
        "organizations" => "InvalidInputException",
        "guardduty" => "BadRequestException",
        _ => "ValidationException",
    };
}
