using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AwsHarden.FakeAws.Signing;

/// <summary>The parts of a request that Signature Version 4 covers, as they appear on the wire.</summary>
/// <param name="RawPath">The path exactly as sent (already percent-encoded once by the client).</param>
/// <param name="RawQuery">The query string without the leading <c>?</c>, exactly as sent.</param>
/// <param name="Headers">Header name and value pairs; a name may repeat.</param>
/// <param name="PayloadHash">Hex SHA-256 of the body, or <c>UNSIGNED-PAYLOAD</c>.</param>
public sealed record SigV4Request(
    string Method,
    string RawPath,
    string RawQuery,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string PayloadHash);

/// <summary>
/// The fake's own Signature Version 4 arithmetic, written from the AWS specification so that it checks the
/// client's signer independently (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html).
/// </summary>
public static class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";
    public const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>The canonical request; S3 signs the path as sent (no normalising, no second encoding).</summary>
    public static string CanonicalRequest(SigV4Request request, IReadOnlyList<string> signedHeaders, bool s3 = false)
    {
        var headers = new StringBuilder();
        foreach (var name in signedHeaders)
        {
            headers.Append(name).Append(':').Append(CanonicalHeaderValue(request.Headers, name)).Append('\n');
        }

        return string.Join('\n',
            request.Method.ToUpperInvariant(),
            s3 ? request.RawPath : CanonicalUri(request.RawPath),
            CanonicalQuery(request.RawQuery),
            headers.ToString(),
            string.Join(';', signedHeaders),
            request.PayloadHash);
    }

    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        string.Join('\n', Algorithm, amzDate, scope, HexSha256(Encoding.UTF8.GetBytes(canonicalRequest)));

    public static string Scope(string date, string region, string service) =>
        $"{date}/{region}/{service}/aws4_request";

    public static string Signature(string secretKey, string date, string region, string service, string stringToSign)
    {
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        return Convert.ToHexStringLower(Hmac(key, stringToSign));
    }

    /// <summary>Signs a request and returns the Authorization header value (used by tests and tooling).</summary>
    public static string Authorization(
        SigV4Request request, string accessKeyId, string secretKey, string region, string service, string amzDate)
    {
        var signedHeaders = request.Headers.Select(h => h.Key.ToLowerInvariant()).Distinct()
            .Order(StringComparer.Ordinal).ToList();
        var date = amzDate[..8];
        var scope = Scope(date, region, service);
        var stringToSign = StringToSign(amzDate, scope, CanonicalRequest(request, signedHeaders));
        var signature = Signature(secretKey, date, region, service, stringToSign);
        return $"{Algorithm} Credential={accessKeyId}/{scope}, SignedHeaders={string.Join(';', signedHeaders)}, " +
            $"Signature={signature}";
    }

    public static string HexSha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public static string FormatAmzDate(DateTimeOffset time) =>
        time.UtcDateTime.ToString(AmzDateFormat, CultureInfo.InvariantCulture);

    /// <summary>Removes dot segments and empty segments, then encodes each segment (non-S3 rules).</summary>
    public static string CanonicalUri(string rawPath)
    {
        var segments = new List<string>();
        foreach (var segment in rawPath.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(UriEncode(segment));
        }

        var path = "/" + string.Join('/', segments);
        var keepsTrailingSlash = segments.Count > 0 && rawPath.EndsWith('/');
        return keepsTrailingSlash ? path + "/" : path;
    }

    public static string CanonicalQuery(string rawQuery)
    {
        if (string.IsNullOrEmpty(rawQuery))
        {
            return string.Empty;
        }

        var pairs = rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(kv => (Key: UriEncode(Uri.UnescapeDataString(kv[0])),
                Value: UriEncode(Uri.UnescapeDataString(kv.Length > 1 ? kv[1] : string.Empty))))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .ThenBy(kv => kv.Value, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(kv => kv.Key + "=" + kv.Value));
    }

    /// <summary>RFC 3986 encoding: unreserved characters stay, every other UTF-8 byte becomes %XX.</summary>
    public static string UriEncode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string CanonicalHeaderValue(IReadOnlyList<KeyValuePair<string, string>> headers, string name)
    {
        var values = headers
            .Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase))
            .Select(h => CollapseSpaces(h.Value));
        return string.Join(',', values);
    }

    private static string CollapseSpaces(string value)
    {
        var builder = new StringBuilder(value.Length);
        var previousWasSpace = false;
        foreach (var c in value.Trim())
        {
            var isSpace = c is ' ' or '\t';
            if (!isSpace || !previousWasSpace)
            {
                builder.Append(isSpace ? ' ' : c);
            }

            previousWasSpace = isSpace;
        }

        return builder.ToString();
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
}
