namespace AwsHarden.FakeAws.Signing;

/// <summary>The fields of an <c>Authorization: AWS4-HMAC-SHA256 Credential=…</c> header.</summary>
public sealed record SigV4Authorization(
    string AccessKeyId,
    string Date,
    string Region,
    string Service,
    IReadOnlyList<string> SignedHeaders,
    string Signature)
{
    public string Scope => SigV4.Scope(Date, Region, Service);

    /// <summary>Parses the header; null when it is not a well-formed SigV4 header.</summary>
    public static SigV4Authorization? Parse(string? header)
    {
        if (header is null || !header.StartsWith(SigV4.Algorithm + " ", StringComparison.Ordinal))
        {
            return null;
        }

        var fields = header[SigV4.Algorithm.Length..].Split(',', StringSplitOptions.TrimEntries)
            .Select(f => f.Split('=', 2))
            .Where(kv => kv.Length == 2)
            .ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
        if (!fields.TryGetValue("Credential", out var credential)
            || !fields.TryGetValue("SignedHeaders", out var signedHeaders)
            || !fields.TryGetValue("Signature", out var signature))
        {
            return null;
        }

        var parts = credential.Split('/');
        if (parts.Length != 5 || parts[4] != "aws4_request")
        {
            return null;
        }

        return new SigV4Authorization(parts[0], parts[1], parts[2], parts[3],
            signedHeaders.Split(';'), signature);
    }
}
