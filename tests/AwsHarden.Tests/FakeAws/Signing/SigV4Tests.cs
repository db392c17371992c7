using System.Text;
using AwsHarden.FakeAws.Protocol;
using AwsHarden.FakeAws.Signing;
using AwsHarden.FakeAws.State;
using Microsoft.Extensions.Time.Testing;

namespace AwsHarden.Tests.FakeAws.Signing;

/// <summary>The fake's verifier against AWS's published SigV4 test suite (Fixtures/sigv4-fake).</summary>
public class SigV4Tests
{
    private const string SuiteSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static readonly DateTimeOffset SuiteTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    public static TheoryData<string> VectorNames()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(FixtureRoot).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }

        return data;
    }

    [Fact]
    public void Fixtures_Folder_HoldsTheSuite() => Assert.True(VectorNames().Count >= 20);

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void CanonicalRequest_AwsVector_MatchesPublished(string name)
    {
        var (request, auth) = Load(name);

        var canonical = SigV4.CanonicalRequest(request, auth.SignedHeaders);

        Assert.Equal(Read(name, "creq"), canonical);
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Verify_AwsVector_AcceptsPublishedSignature(string name)
    {
        var (request, auth) = Load(name);
        var token = Header(request, "X-Amz-Security-Token");
        var credential = new FakeCredential("AKIDEXAMPLE", SuiteSecret, "arn:aws:iam::123456789012:user/x", "AIDA",
            token);
        var verifier = new SigV4Verifier(id => id == credential.AccessKeyId ? credential : null,
            new FakeTimeProvider(SuiteTime.AddMinutes(3)));

        var caller = verifier.Verify(auth, request, token);

        Assert.Same(credential, caller);
    }

    // The suite signs for a service named "service", which answers in the JSON protocols' spelling.
    [Fact]
    public void Verify_OneBitChangedInSignature_ThrowsSignatureMismatch()
    {
        var (request, auth) = Load("get-vanilla");
        var tampered = auth with { Signature = auth.Signature[..^1] + (auth.Signature[^1] == '0' ? '1' : '0') };

        var error = Assert.Throws<AwsErrorException>(() => Verifier(SuiteTime).Verify(tampered, request, null));

        Assert.Equal("InvalidSignatureException", error.Code);
        Assert.StartsWith("The request signature we calculated does not match", error.Message);
    }

    [Fact]
    public void Verify_SignedSixteenMinutesAgo_ThrowsSignatureExpired()
    {
        var (request, auth) = Load("get-vanilla");

        var error = Assert.Throws<AwsErrorException>(
            () => Verifier(SuiteTime.AddMinutes(16)).Verify(auth, request, null));

        Assert.StartsWith("Signature expired: 20150830T123600Z is now earlier than", error.Message);
    }

    [Fact]
    public void Verify_UnknownAccessKey_ThrowsUnrecognizedClient()
    {
        var (request, auth) = Load("get-vanilla");

        var error = Assert.Throws<AwsErrorException>(
            () => Verifier(SuiteTime).Verify(auth with { AccessKeyId = "AKIDOTHER" }, request, null));

        Assert.Equal("UnrecognizedClientException", error.Code);
    }

    [Fact]
    public void Parse_AuthorizationHeader_ReadsScopeAndSignedHeaders()
    {
        var auth = SigV4Authorization.Parse(Read("get-header-value-trim", "authz"))!;

        Assert.Equal(("AKIDEXAMPLE", "20150830", "us-east-1", "service"),
            (auth.AccessKeyId, auth.Date, auth.Region, auth.Service));
        Assert.Equal(["host", "my-header1", "my-header2", "x-amz-date"], auth.SignedHeaders);
    }

    private static SigV4Verifier Verifier(DateTimeOffset now)
    {
        var credential = new FakeCredential("AKIDEXAMPLE", SuiteSecret, "arn:aws:iam::123456789012:user/x", "AIDA");
        return new SigV4Verifier(id => id == credential.AccessKeyId ? credential : null, new FakeTimeProvider(now));
    }

    private static (SigV4Request Request, SigV4Authorization Auth) Load(string name)
    {
        var auth = SigV4Authorization.Parse(Read(name, "authz"))
            ?? throw new InvalidOperationException($"{name}.authz is not a SigV4 header");
        return (ParseRequest(Read(name, "req")), auth);
    }

    /// <summary>Parses the suite's .req layout; folded continuation lines become further values of a header.</summary>
    private static SigV4Request ParseRequest(string text)
    {
        var (head, body) = text.IndexOf("\n\n", StringComparison.Ordinal) is var split and >= 0
            ? (text[..split], text[(split + 2)..])
            : (text, string.Empty);
        var lines = head.Split('\n');
        var requestLine = lines[0];
        var method = requestLine[..requestLine.IndexOf(' ')];
        var target = requestLine[(method.Length + 1)..requestLine.LastIndexOf(" HTTP/", StringComparison.Ordinal)];
        var query = target.IndexOf('?');

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            headers.Add(char.IsWhiteSpace(line[0])
                ? KeyValuePair.Create(headers[^1].Key, line.Trim())
                : KeyValuePair.Create(line[..line.IndexOf(':')], line[(line.IndexOf(':') + 1)..]));
        }

        return new SigV4Request(method, query < 0 ? target : target[..query],
            query < 0 ? string.Empty : target[(query + 1)..], headers,
            SigV4.HexSha256(Encoding.UTF8.GetBytes(body)));
    }

    private static string? Header(SigV4Request request, string name) =>
        request.Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase))
            .Select(h => h.Value).FirstOrDefault();

    private static string Read(string name, string extension) =>
        File.ReadAllText(Path.Combine(FixtureRoot, name, $"{name}.{extension}"), Encoding.UTF8);

    private static string FixtureRoot => Path.Combine(AppContext.BaseDirectory, "Fixtures", "sigv4-fake");
}
