using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AwsHarden.FakeAws.Protocol;
using AwsHarden.FakeAws.State;

namespace AwsHarden.FakeAws.Signing;

// TODO(fake): presigned URLs (X-Amz-Signature in the query) and streaming chunk signatures
// (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) are not verified; every request must carry an Authorization header.
/// <summary>
/// Checks a request's signature the way AWS does: known access key, matching session token, credential scope
/// dated like X-Amz-Date, a clock skew of at most 15 minutes, and the recomputed signature.
/// </summary>
public sealed class SigV4Verifier(Func<string, FakeCredential?> findCredential, TimeProvider time)
{
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(15);

    /// <summary>Returns the caller's credential, or throws the service's own authentication error.</summary>
    public FakeCredential Verify(SigV4Authorization auth, SigV4Request request, string? securityToken)
    {
        var service = auth.Service;
        var credential = findCredential(auth.AccessKeyId);
        if (credential is null || credential.SessionToken != securityToken)
        {
            throw ServiceErrors.Create(service, ErrorKind.InvalidClientToken, string.Empty);
        }

        var amzDate = Header(request, "x-amz-date")
            ?? throw Mismatch(service, "Authorization header requires existence of either a 'X-Amz-Date' or " +
                "a 'Date' header.");
        CheckDate(service, auth, amzDate);
        if (!auth.SignedHeaders.Contains("host"))
        {
            throw Mismatch(service, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }

        var canonical = SigV4.CanonicalRequest(request, auth.SignedHeaders, s3: service == "s3");
        var stringToSign = SigV4.StringToSign(amzDate, auth.Scope, canonical);
        var expected = SigV4.Signature(credential.SecretAccessKey, auth.Date, auth.Region, service, stringToSign);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected),
                Encoding.ASCII.GetBytes(auth.Signature)))
        {
            throw Mismatch(service, "The request signature we calculated does not match the signature you " +
                "provided. Check your AWS Secret Access Key and signing method. Consult the service " +
                "documentation for details.");
        }

        return credential;
    }

    private void CheckDate(string service, SigV4Authorization auth, string amzDate)
    {
        if (!DateTimeOffset.TryParseExact(amzDate, SigV4.AmzDateFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            throw Mismatch(service, $"Invalid X-Amz-Date value '{amzDate}'.");
        }

        if (auth.Date != amzDate[..8])
        {
            throw Mismatch(service, $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version " +
                $"of date from HTTP: '{auth.Date}' != '{amzDate[..8]}', from 'X-Amz-Date'.");
        }

        var now = time.GetUtcNow();
        if (signedAt < now - MaxClockSkew)
        {
            throw Mismatch(service, $"Signature expired: {amzDate} is now earlier than " +
                $"{SigV4.FormatAmzDate(now - MaxClockSkew)} ({SigV4.FormatAmzDate(now)} - 15 min.)");
        }

        if (signedAt > now + MaxClockSkew)
        {
            throw Mismatch(service, $"Signature not yet current: {amzDate} is still later than " +
                $"{SigV4.FormatAmzDate(now + MaxClockSkew)} ({SigV4.FormatAmzDate(now)} + 15 min.)");
        }
    }

    private static string? Header(SigV4Request request, string name) => request.Headers
        .Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase))
        .Select(h => h.Value).FirstOrDefault();

    private static AwsErrorException Mismatch(string service, string message) =>
        ServiceErrors.Create(service, ErrorKind.SignatureMismatch, message);
}
