using System.Security.Cryptography;
using System.Text;
using AwsHarden.Aws;

namespace AwsHarden.Tests.Aws;

public sealed class SigV4SignerTests
{
    private static readonly AwsCredentials SuiteCredentials =
        new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    private static readonly DateTimeOffset SuiteTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    private const string SuiteToken =
        "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfK" +
        "D8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8" +
        "Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSI" +
        "lTJabIQwj2ICCR/oLxBA==";

    public static TheoryData<string> Vectors()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(FixtureDirectory, "*.req").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Sign_TestSuiteVector_ProducesPublishedAuthorization(string name)
    {
        var (request, body) = ParseRequest(File.ReadAllText(Path.Combine(FixtureDirectory, name + ".req")));
        var credentials = request.Headers.Contains("X-Amz-Security-Token")
            ? new AwsCredentials(SuiteCredentials.AccessKeyId, SuiteCredentials.SecretAccessKey, SuiteToken)
            : SuiteCredentials;

        SigV4Signer.Sign(request, body, credentials, "us-east-1", "service", SuiteTime);

        var expected = File.ReadAllText(Path.Combine(FixtureDirectory, name + ".authz"));
        Assert.Equal(expected, request.Headers.GetValues("Authorization").Single());
    }

    [Fact]
    public void CanonicalRequest_FormPost_MatchesPublishedCanonicalAndStringToSign()
    {
        var dir = FixtureDirectory;
        var (request, body) = ParseRequest(File.ReadAllText(Path.Combine(dir, "post-x-www-form-urlencoded.req")));

        var canonical = SigV4Signer.CanonicalRequest(request, SigV4Signer.Hex(SHA256.HashData(body)), out _);
        var toSign = SigV4Signer.StringToSign("20150830T123600Z", "20150830/us-east-1/service/aws4_request", canonical);

        Assert.Equal(File.ReadAllText(Path.Combine(dir, "post-x-www-form-urlencoded.creq")), canonical);
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "post-x-www-form-urlencoded.sts")), toSign);
    }

    [Fact]
    public void Sign_WithPort_SignsHostWithPort()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:4566/");

        SigV4Signer.Sign(request, [], SuiteCredentials, "us-east-1", "iam", SuiteTime);
        var canonical = SigV4Signer.CanonicalRequest(request, SigV4Signer.Hex(SHA256.HashData([])), out _);

        Assert.Contains("host:127.0.0.1:4566\n", canonical, StringComparison.Ordinal);
    }

    [Fact]
    public void AwsCredentials_ToString_HidesSecretAndToken()
    {
        var credentials = new AwsCredentials("AKIDEXAMPLE", "very-secret-value", "session-token-value");

        var text = credentials.ToString();

        Assert.DoesNotContain("very-secret-value", text, StringComparison.Ordinal);
        Assert.DoesNotContain("session-token-value", text, StringComparison.Ordinal);
    }

    private static string FixtureDirectory => Path.Combine(AppContext.BaseDirectory, "Fixtures", "sigv4");

    private static (HttpRequestMessage Request, byte[] Body) ParseRequest(string text)
    {
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = split < 0 ? text : text[..split];
        var body = split < 0 ? [] : Encoding.UTF8.GetBytes(text[(split + 2)..]);
        var lines = head.Split('\n');
        var requestLine = lines[0].Split(' ');
        var headers = lines.Skip(1).Select(l => (Name: l[..l.IndexOf(':')], Value: l[(l.IndexOf(':') + 1)..]));
        var host = headers.First(h => h.Name.Equals("Host", StringComparison.OrdinalIgnoreCase)).Value;

        var request = new HttpRequestMessage(
            new HttpMethod(requestLine[0]), new Uri($"https://{host}{requestLine[1]}"));
        if (split >= 0)
        {
            request.Content = new ByteArrayContent(body);
        }

        foreach (var (name, value) in headers.Where(h => !h.Name.Equals("Host", StringComparison.OrdinalIgnoreCase)))
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return (request, body);
    }
}
