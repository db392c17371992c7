using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace AwsHarden.Aws;

/// <summary>
/// AWS Signature Version 4 for header-signed requests, checked against AWS's published test suite.
/// See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html.
/// </summary>
public static class SigV4Signer
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    private const string DateHeader = "X-Amz-Date";
    private const string TokenHeader = "X-Amz-Security-Token";

    /// <summary>Adds X-Amz-Date, X-Amz-Security-Token (when the credentials carry one) and Authorization.
    /// </summary>
    public static void Sign(
        HttpRequestMessage request, ReadOnlySpan<byte> payload, AwsCredentials credentials,
        string region, string service, DateTimeOffset now)
    {
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var scope = $"{amzDate[..8]}/{region}/{service}/aws4_request";

        request.Headers.Remove(DateHeader);
        request.Headers.TryAddWithoutValidation(DateHeader, amzDate);
        request.Headers.Remove(TokenHeader);
        if (credentials.SessionToken is not null)
        {
            request.Headers.TryAddWithoutValidation(TokenHeader, credentials.SessionToken);
        }

        var canonical = CanonicalRequest(request, Hex(SHA256.HashData(payload)), out var signedHeaders);
        var toSign = StringToSign(amzDate, scope, canonical);
        var key = SigningKey(credentials.SecretAccessKey, amzDate[..8], region, service);
        var signature = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));

        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization",
            $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, " +
            $"SignedHeaders={signedHeaders}, Signature={signature}");
    }

    /// <summary>Task 1 of the process: the canonical request text.</summary>
    public static string CanonicalRequest(HttpRequestMessage request, string payloadHash, out string signedHeaders)
    {
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
        var headers = CanonicalHeaders(request, uri);
        signedHeaders = string.Join(';', headers.Select(h => h.Key));

        var builder = new StringBuilder();
        builder.Append(request.Method.Method).Append('\n');
        builder.Append(CanonicalPath(uri)).Append('\n');
        builder.Append(CanonicalQuery(uri)).Append('\n');
        foreach (var (name, value) in headers)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        builder.Append('\n').Append(signedHeaders).Append('\n').Append(payloadHash);
        return builder.ToString();
    }

    /// <summary>Task 2: the string to sign.</summary>
    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

    public static byte[] SigningKey(string secret, string date, string region, string service)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }

    /// <summary>RFC 3986 percent-encoding of everything but the unreserved characters, as SigV4 requires.
    /// </summary>
    public static string UriEncode(string value, bool keepSlash = false)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' || (keepSlash && c == '/'))
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

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    // The path is decoded then encoded once: the test suite's paths are raw text, and the paths this
    // tool sends (/, /detector/{id}, /analyzer…) hold only unreserved characters, so one pass is exact.
    private static string CanonicalPath(Uri uri)
    {
        var path = Uri.UnescapeDataString(uri.AbsolutePath);
        return path.Length == 0 ? "/" : UriEncode(path, keepSlash: true);
    }

    private static string CanonicalQuery(Uri uri)
    {
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0)
        {
            return "";
        }

        var pairs = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(part =>
            {
                var equals = part.IndexOf('=');
                var name = equals < 0 ? part : part[..equals];
                var value = equals < 0 ? "" : part[(equals + 1)..];
                return (Name: UriEncode(Uri.UnescapeDataString(name)), Value: UriEncode(Uri.UnescapeDataString(value)));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(p => $"{p.Name}={p.Value}"));
    }

    private static List<KeyValuePair<string, string>> CanonicalHeaders(HttpRequestMessage request, Uri uri)
    {
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = request.Headers.Host ?? uri.Authority,
        };
        foreach (var header in request.Headers.NonValidated)
        {
            AddHeader(headers, header.Key, header.Value);
        }

        if (request.Content is not null)
        {
            foreach (var header in request.Content.Headers.NonValidated)
            {
                AddHeader(headers, header.Key, header.Value);
            }
        }

        return [.. headers];
    }

    private static void AddHeader(SortedDictionary<string, string> headers, string name, HeaderStringValues values)
    {
        var lower = name.ToLowerInvariant();
        if (lower is "authorization" or "content-length" or "user-agent" or "expect" or "host")
        {
            return;
        }

        headers[lower] = string.Join(',', values.Select(TrimValue));
    }

    private static string TrimValue(string value)
    {
        var builder = new StringBuilder(value.Length);
        var lastWasSpace = false;
        foreach (var c in value.Trim())
        {
            var isSpace = c is ' ' or '\t';
            if (!isSpace || !lastWasSpace)
            {
                builder.Append(isSpace ? ' ' : c);
            }

            lastWasSpace = isSpace;
        }

        return builder.ToString();
    }
}
