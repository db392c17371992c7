using System.Text.Json;

namespace AwsHarden.Incident;

/// <summary>The role or user that issued a session (<c>userIdentity.sessionContext.sessionIssuer</c>).</summary>
public sealed record SessionIssuer(string? Type, string? Arn, string? UserName, string? PrincipalId, string? AccountId);

/// <summary>Who made a call, as CloudTrail's <c>userIdentity</c> block records it.</summary>
public sealed record UserIdentity
{
    public string? Type { get; init; }
    public string? Arn { get; init; }
    public string? AccountId { get; init; }
    public string? AccessKeyId { get; init; }
    public string? PrincipalId { get; init; }
    public string? UserName { get; init; }
    public string? InvokedBy { get; init; }
    /// <summary>For web identity federation: the provider the token came from.</summary>
    public string? IdentityProvider { get; init; }
    public SessionIssuer? SessionIssuer { get; init; }
    /// <summary><c>sessionContext.attributes.creationDate</c>: when the session's credentials were issued.</summary>
    public DateTimeOffset? SessionCreationDate { get; init; }
}

/// <summary>
/// One CloudTrail record. Request parameters, response elements and additional event data are kept as
/// compact JSON text with secrets (session tokens, passwords) replaced, so a record can be printed safely.
/// </summary>
public sealed record CloudTrailEvent
{
    public required DateTimeOffset EventTime { get; init; }
    public required string EventName { get; init; }
    public string EventSource { get; init; } = "";
    public string? AwsRegion { get; init; }
    /// <summary>As logged: an IP address, a service name, or something malformed; never parsed.</summary>
    public string? SourceIpAddress { get; init; }
    public string? UserAgent { get; init; }
    public string? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }
    public bool? ReadOnly { get; init; }
    public string? EventType { get; init; }
    public string? EventId { get; init; }
    public string? RecipientAccountId { get; init; }
    /// <summary>True when CloudTrail marks the call as made with console-issued session credentials.</summary>
    public bool SessionCredentialFromConsole { get; init; }
    public UserIdentity? UserIdentity { get; init; }
    public string? RequestParameters { get; init; }
    public string? ResponseElements { get; init; }
    public string? AdditionalEventData { get; init; }
    /// <summary>The file the record was read from, when it came from a file.</summary>
    public string? SourceFile { get; init; }

    /// <summary>
    /// A call that did not succeed: an error code, or a console sign-in whose response says Failure.
    /// Such a call shows intent but creates nothing.
    /// </summary>
    public bool Failed =>
        ErrorCode is not null
        || (EventName == "ConsoleLogin" && ResponseString("ConsoleLogin") is { } r && r != "Success");

    /// <summary>Reads a string (or number, as text) at a path of property names in the response elements.</summary>
    public string? ResponseString(params string[] path) => JsonPath.String(ResponseElements, path);

    /// <summary>Reads a string (or number, as text) at a path of property names in the request parameters.</summary>
    public string? RequestString(params string[] path) => JsonPath.String(RequestParameters, path);
}

/// <summary>Small lookups into the compact JSON kept on <see cref="CloudTrailEvent"/>.</summary>
public static class JsonPath
{
    /// <summary>The value at <paramref name="path"/> as text, or null when absent, null or not a scalar.</summary>
    public static string? String(string? json, params string[] path)
    {
        if (string.IsNullOrEmpty(json)) return null;

        using var doc = JsonDocument.Parse(json);
        return Walk(doc.RootElement, path) is { } e ? Scalar(e) : null;
    }

    /// <summary>Every scalar found under <paramref name="path"/>, walking through arrays on the way.</summary>
    public static IReadOnlyList<string> All(string? json, params string[] path)
    {
        var found = new List<string>();
        if (string.IsNullOrEmpty(json)) return found;

        using var doc = JsonDocument.Parse(json);
        Collect(doc.RootElement, path, 0, found);
        return found;
    }

    private static JsonElement? Walk(JsonElement e, string[] path)
    {
        foreach (var name in path)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out e)) return null;
        }
        return e;
    }

    private static void Collect(JsonElement e, string[] path, int i, List<string> found)
    {
        if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in e.EnumerateArray()) Collect(item, path, i, found);
            return;
        }
        if (i == path.Length)
        {
            if (Scalar(e) is { } s) found.Add(s);
            return;
        }
        if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty(path[i], out var next))
        {
            Collect(next, path, i + 1, found);
        }
    }

    private static string? Scalar(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
        _ => null,
    };
}
